import type { Command } from 'commander';
import type { CliContext, CliResult } from './context.js';

/**
 * One operator command, in a file of its own under commands/ and listed in commands/index.ts.
 * The program adds `--json` and `--help` to each; `run` never prints, it returns what to print.
 */
export interface CliCommand {
  /** As typed after `npm run yishi --`: `group:verb` (`admin:create`, `register:import`). */
  name: string;
  summary: string;
  /** Declares its arguments and options on the commander command. */
  define(cmd: Command): void;
  /**
   * False when the command opens the database itself (doctor reports an unreachable database as
   * a failed check rather than stopping).
   */
  needsServices?: boolean;
  run(input: {
    /** Positional arguments, in the order `define` declared them. */
    args: string[];
    options: Record<string, unknown>;
    env: NodeJS.ProcessEnv;
    /** Open services over DATABASE_URL; null when `needsServices` is false. */
    ctx: CliContext | null;
  }): Promise<CliResult>;
}
