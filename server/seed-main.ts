import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { localCluster } from './cluster/index.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { createLogger } from './logger.js';
import { seedDemoContent } from './services/demo-content.js';
import { seedDemoProceduresInFirstVillage } from './services/demo-procedures.js';
import { seedDemoBodyMeeting } from './services/bodies/demo-body-meeting.js';
import { seedFirstRun } from './services/seed.js';
import type { Welcome } from './first-start.js';

/**
 * The first start's seeding, run as a process of its own by server/first-start.ts: the admin
 * account, and with the demo on, the demo county's content. Seeding builds and drops tens of
 * megabytes of objects (a register of 941 people, sixteen meetings with votes and minutes) that
 * V8 keeps as heap once grown; run in the serving process it left that process ~70 MB heavier
 * than every later start. The parent holds the start-up lock and has migrated; this sends the
 * logins and links to print back over IPC and exits.
 */
async function seed(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl, logger);
  const firstRun = await seedFirstRun(db, systemClock, { demo: config.demo });
  let demo: Welcome['demo'] = null;
  let bodyMeeting: Welcome['bodyMeeting'] = null;
  if (firstRun && config.demo) {
    // Nothing listens: the app is only the services the demo is written through.
    const app = createApp({ db, clock: systemClock, logger, config, cluster: localCluster(logger) });
    demo = await seedDemoContent(app.services);
    // 四议两公开's demo matters are seeded here rather than in seedDemoContent, which every test
    // server runs: sixteen meetings with votes and minutes would slow and shift every other suite.
    await seedDemoProceduresInFirstVillage(app.services);
    // The same for the meeting of a body (issue 13): the test suites keep their typed demo roster.
    bodyMeeting = await seedDemoBodyMeeting(app.services);
    await app.close();
  }
  await db.close();
  const welcome: Welcome = { firstRun, demo, bodyMeeting };
  await new Promise<void>((resolve, reject) =>
    process.send!(welcome, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

seed().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('Yishi could not seed its first start:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
