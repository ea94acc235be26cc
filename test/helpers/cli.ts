import { execFile } from 'node:child_process';
import { contextOver } from '../../server/cli/context.js';
import { runCli } from '../../server/cli/program.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/index.js';

/** What one `yishi` command printed and exited with; `json` is stdout parsed, or null. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

const parse = (stdout: string): unknown => {
  try {
    return JSON.parse(stdout);
  } catch {
    return null;
  }
};

/** In this process, over the test's open database: the command line's own code, its output captured. */
export async function runCliOver(db: Database, env: NodeJS.ProcessEnv, args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const config = loadConfig(env);
  const code = await runCli(args, env, { out: (t) => (stdout += t), err: (t) => (stderr += t) }, (e) =>
    contextOver(db, config, e),
  );
  return { code, stdout, stderr, json: parse(stdout) };
}

/** As an operator runs it: `node --import tsx server/cli/main.ts` (what `npm run yishi` runs). */
export function runCliProcess(env: NodeJS.ProcessEnv, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/main.ts', ...args],
      { env, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json: parse(stdout) }),
    );
  });
}
