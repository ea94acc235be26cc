import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { createApp } from '../../server/app.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/index.js';
import { createLogger } from '../../server/logger.js';
import { seedDemoContent } from '../../server/services/demo-content.js';
import { seedFirstRun, type FirstRun } from '../../server/services/seed.js';
import { createPostgresDatabase } from './pg.js';

/** The Redis the tests may use: TEST_REDIS_URL, else the one every project machine and CI runs. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Keys and channels of one test run, so parallel runs sharing a Redis never see each other. */
export const uniquePrefix = () => `test:${randomBytes(5).toString('hex')}:`;

/** Deletes every key under a prefix (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function dropRedisPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length) await client.del(keys);
    }
  } catch {
    // The Redis may be one the test stopped on purpose.
  } finally {
    if (client.isOpen) await client.close();
  }
}

export interface SeededDatabase {
  url: string;
  logins: FirstRun;
  intakeCodes: string[];
  password(username: string): string;
  drop(): Promise<void>;
}

/** A PostgreSQL database of its own, migrated and seeded with the demo county like a first start. */
export async function seededPostgres(): Promise<SeededDatabase> {
  const database = await createPostgresDatabase();
  const db = await openDatabase(database.url);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl: database.url };
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  const demo = await seedDemoContent(app.services);
  await app.close();
  await db.close();
  const all = [logins.admin, ...logins.demo];
  return {
    url: database.url,
    logins,
    intakeCodes: demo.intakeUrls.map((u) => u.url.split('/').pop()!),
    password: (username) => all.find((l) => l.username === username)!.password,
    drop: () => database.drop(),
  };
}

export type LogLine = Record<string, unknown> & { msg?: string };

export interface Instance {
  name: string;
  url: string;
  port: number;
  proc: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `server/main.ts` — the real entry point, as `npm start` runs it — in a child process on
 * a free port, and resolves once it logs 'listening'. Rejects with its output if it exits first.
 */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'info',
      YISHI_DEMO: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const output: string[] = [];
  const waiters = new Set<{
    match: (l: LogLine) => boolean;
    resolve: (l: LogLine) => void;
    reject: (err: Error) => void;
  }>();
  const onLine = (text: string) => {
    output.push(text);
    if (process.env.TEST_LOG_LEVEL) console.log(`[${name}] ${text}`);
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    logs.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  };
  createInterface({ input: proc.stdout! }).on('line', onLine);
  createInterface({ input: proc.stderr! }).on('line', onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      // Nothing more will be logged: fail the waiters now rather than at their timeouts.
      for (const w of [...waiters]) w.reject(new Error(`instance ${name} exited (${code ?? signal})`));
      waiters.clear();
      resolve({ code, signal });
    }),
  );
  const waitForLog = (match: (line: LogLine) => boolean, ms = 15_000) => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`instance ${name}: no matching log line within ${ms} ms`));
      }, ms);
      waiters.add(waiter);
    });
  };
  const listening = await waitForLog((l) => l.msg === 'listening', 60_000).catch(async (err: Error) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    const { code } = await exited;
    throw new Error(`instance ${name} exited with ${code} before listening (${err.message}):\n${output.join('\n')}`);
  });
  const port = listening.port as number;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    logs,
    waitForLog,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private redis-server the test may stop and start again (never the shared one). */
export async function privateRedis(port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const p = port ?? (await freePort());
  const proc = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${p}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.close();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${p} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port: p,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until `check` passes (returns truthy) or the time is up; for conditions no event announces. */
export async function eventually<T>(check: () => Promise<T> | T, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
