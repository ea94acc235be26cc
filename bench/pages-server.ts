import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CompiledServer {
  url: string;
  /** Everything it printed: the first start's logins, the demo meeting's links, the boards. */
  output: string;
  stop(): Promise<void>;
}

/**
 * The server as `npm start` runs it — the compiled dist/server/main.js under plain node — on a
 * database of our choosing, on a free port. Resolves once it prints where it listens.
 */
export async function startCompiled(databaseUrl: string, options: { demo: boolean }): Promise<CompiledServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(ROOT, 'dist/server/main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: '',
        YISHI_DEMO: options.demo ? '1' : '0',
        LOG_LEVEL: 'warn',
        PUBLIC_URL: 'http://127.0.0.1:1',
        // The bench logs in a few accounts, many times over a run.
        YISHI_LOGIN_RATE_LIMIT: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const port = /this machine: http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    if (port)
      return {
        url: `http://127.0.0.1:${port}`,
        get output() {
          return output;
        },
        stop: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        },
      };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the compiled server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the first start of the normal demo prints, as the bench needs it. */
export function demoLogins(output: string) {
  const password = (user: string) => {
    const found = new RegExp(`${user} / (\\S+)`).exec(output)?.[1];
    if (!found) throw new Error(`no ${user} login in the demo's output:\n${output}`);
    return found;
  };
  const consolePath = /console \(主持台[^)]*\): \S+?(\/m\/\d+\/console)/.exec(output)?.[1];
  const board = /\/b\/([A-Z0-9]+)\s/.exec(output)?.[1];
  if (!consolePath || !board) throw new Error(`no demo meeting or board in the output:\n${output}`);
  return {
    admin: password('admin'),
    reviewer: password('demo-reviewer'),
    convener: password('demo-convener'),
    consolePath,
    boardPath: `/board/${board}`,
  };
}
