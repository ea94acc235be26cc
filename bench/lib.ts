import type { AddressInfo } from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig, type Config } from '../server/config.js';
import { openDatabase, type Database } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { seedDemoContent } from '../server/services/demo-content.js';
import { seedFirstRun, type FirstRun } from '../server/services/seed.js';

export interface BenchServer {
  url: string;
  app: App;
  db: Database;
  logins: FirstRun;
  intakeCodes: string[];
  close(): Promise<void>;
}

/** A real server on a fresh SQLite file (or DATABASE_URL), seeded like a first start. */
export async function startBenchServer(overrides: Partial<Config> = {}): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-'));
  const config: Config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), ...overrides };
  config.databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${path.join(dir, 'db.sqlite')}`;
  const db = await openDatabase(config.databaseUrl);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  const demo = await seedDemoContent(app.services);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    app,
    db,
    logins,
    intakeCodes: demo.intakeUrls.map((u) => u.url.split('/').pop()!),
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/** The one line runs are compared by. */
export function printBench(result: {
  name: string;
  ours: Record<string, number>;
  baseline: Record<string, number>;
  ratio: Record<string, number>;
  units: Record<string, string>;
  notes?: string;
}): void {
  console.log(`BENCH ${JSON.stringify(result)}`);
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
