import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.js';
import type { CliCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { CliError, EXIT, openContext, type CliContext, type CliResult } from './context.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Service refusals become the exit codes operators script against. */
function exitCodeOf(err: unknown): number {
  if (err instanceof CliError) return err.code;
  if (err instanceof AppError) {
    if (err.code === 'not_found') return EXIT.notFound;
    if (err.code === 'conflict') return EXIT.conflict;
    if (err.code === 'validation_failed') return EXIT.usage;
  }
  return EXIT.failed;
}

/** How a command gets its services: over DATABASE_URL, or (tests) over a database already open. */
export type ContextOpener = (env: NodeJS.ProcessEnv) => Promise<CliContext>;

async function execute(
  command: CliCommand,
  input: { args: string[]; options: Record<string, unknown>; env: NodeJS.ProcessEnv },
  open: ContextOpener,
): Promise<CliResult> {
  let ctx: CliContext | null = null;
  try {
    if (command.needsServices !== false) ctx = await open(input.env);
    return await command.run({ ...input, ctx });
  } finally {
    await ctx?.close();
  }
}

/**
 * `npm run yishi -- <command>`: parses `argv` (the words after `--`), runs the command against
 * DATABASE_URL and returns the exit code. Output goes through `io`, one JSON document with --json.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  open: ContextOpener = openContext,
): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('yishi')
    .description('议事 Yishi operator commands; they read DATABASE_URL (and REDIS_URL, PUBLIC_URL) like the service')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 failed (or a doctor check failed), 2 usage, 3 no such user or organisation, 4 already exists.',
    )
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const command of COMMANDS) {
    const cmd = program.command(command.name).description(command.summary).option('--json', 'print JSON');
    command.define(cmd);
    cmd.exitOverride().action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      const options = self.opts();
      try {
        const result = await execute(command, { args: self.args, options, env }, open);
        code = result.code;
        if (options.json) io.out(`${JSON.stringify(result.json, null, 2)}\n`);
        else io.out(`${result.lines.join('\n')}\n`);
      } catch (err) {
        code = exitCodeOf(err);
        const message =
          err instanceof AppError ? `${err.code}: ${err.toBody('en').error.message}` : (err as Error).message;
        if (options.json) io.out(`${JSON.stringify({ error: { code, message } })}\n`);
        io.err(`yishi ${command.name}: ${message}\n`);
      }
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError)
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    throw err;
  }
  if (!argv.length) {
    program.outputHelp();
    return EXIT.usage;
  }
  return code;
}
