import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db/index.js';
import type { DemoBodyMeeting } from './services/bodies/demo-body-meeting.js';
import type { DemoContent } from './services/demo-content.js';
import type { FirstRun } from './services/seed.js';

/** What a first start prints once: the passwords issued and the demo's links. */
export interface Welcome {
  firstRun: FirstRun | null;
  demo: DemoContent | null;
  /** The live meeting of a deliberating body (issue 13), printed first. */
  bodyMeeting: DemoBodyMeeting | null;
}

/**
 * On an empty database (no user yet), seeds it in a child process (server/seed-main) and returns
 * what to print; otherwise null. Call it holding the start-up lock, after migrating: the child
 * takes no lock of its own. The child is this file's sibling with this file's extension, started
 * with this process's flags, so it runs as compiled JavaScript under `npm start` and as
 * TypeScript under tsx (`npm run dev`, the tests).
 */
export async function seedIfFirstStart(db: Database): Promise<Welcome | null> {
  if ((await db.models.User.count()) > 0) return null;
  const here = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(here), `seed-main${path.extname(here)}`);
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let welcome: Welcome | null = null;
  child.on('message', (m) => (welcome = m as Welcome));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 || !welcome) throw new Error(`seeding the first start failed (exit ${code})`);
  return welcome;
}
