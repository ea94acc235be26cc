import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app.js';
import { FakeClock, systemClock, type Clock } from '../../server/clock.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/index.js';
import { createLogger } from '../../server/logger.js';
import { seedFirstRun, type FirstRun } from '../../server/services/seed.js';
import { seedDemoContent } from '../../server/services/demo-content.js';
import { createTestDatabaseUrl } from './pg.js';

export interface TestServer {
  url: string;
  port: number;
  app: App;
  db: Database;
  clock: Clock;
  config: Config;
  /** Logins created by the first-run seed (admin + one per demo role). */
  logins: FirstRun;
  /** The demo intake codes, one per demo village (first: 桃园村). */
  intakeCodes: string[];
  password(username: string): string;
  /**
   * Stops the server the way SIGTERM does and starts a new one on the same database and the
   * same port (a restart mid-meeting); `app` and `db` then refer to the new one.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real server on port 0 over a fresh database: SQLite by default, PostgreSQL when the runner
 * sets YISHI_TEST_DIALECT=postgres. Seeded like a first `npm start` with the demo county.
 */
export async function startTestServer(
  options: { clock?: Clock; config?: Partial<Config>; demo?: boolean } = {},
): Promise<TestServer> {
  const database = await createTestDatabaseUrl();
  const clock = options.clock ?? systemClock;
  const config: Config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), ...options.config };
  config.databaseUrl = database.url;
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const db = await openDatabase(database.url);
  await db.migrate();
  const logins = await seedFirstRun(db, clock, { demo: options.demo ?? true });
  if (!logins) throw new Error('fresh test database was not empty');
  const app = createApp({ db, clock, logger, config });
  const demoContent = (options.demo ?? true) ? await seedDemoContent(app.services) : { intakeUrls: [] };
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const port = (app.server.address() as AddressInfo).port;
  const all = [logins.admin, ...logins.demo];
  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    db,
    clock,
    config,
    logins,
    intakeCodes: demoContent.intakeUrls.map((u) => u.url.split('/').pop()!),
    password: (username) => {
      const found = all.find((l) => l.username === username);
      if (!found) throw new Error(`no seeded login ${username}`);
      return found.password;
    },
    async restart() {
      await server.app.close();
      await server.db.close();
      server.db = await openDatabase(database.url);
      await server.db.migrate();
      server.app = createApp({ db: server.db, clock, logger, config });
      await new Promise<void>((resolve) => server.app.server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      await server.app.close();
      await server.db.close();
      await database.drop();
    },
  };
  return server;
}

export { FakeClock };
