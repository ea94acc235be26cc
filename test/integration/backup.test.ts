import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client } from '../helpers/http.js';
import { createTestDatabaseUrl, type TestDatabase } from '../helpers/pg.js';
import { startTestServer } from '../helpers/server.js';
import { readTables, rowTotal } from '../helpers/tables.js';

/**
 * `npm run backup` and `npm run restore`, run as a person runs them (the scripts, in their own
 * process) against the database of a running server — SQLite in one pass, PostgreSQL in the other.
 */
const srv = await startTestServer({ config: { intakeRateLimit: { perAddress: 1e9, perDevice: 1e9 } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-backups-'));
const targets: TestDatabase[] = [];
test.after(async () => {
  await srv.close();
  for (const t of targets) await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function script(name: 'backup' | 'restore', args: string[], databaseUrl: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}
const backupFile = (out: string): string => {
  const file = /backup written: (\S+)/.exec(out)?.[1];
  if (!file) throw new Error(`no backup written: ${out}`);
  return file;
};
const newTarget = async () => {
  const t = await createTestDatabaseUrl();
  targets.push(t);
  return t.url;
};

/** Residents submitting topics, four at a time, until told to stop; counts what was acknowledged. */
function residents() {
  let stop = false;
  let acknowledged = 0;
  const failures: string[] = [];
  const one = async (worker: number) => {
    for (let i = 0; !stop && failures.length < 5; i++) {
      try {
        const res = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
          title: `备份期间提交 ${worker}-${i}`,
          details: '并发写入',
          category: '公共设施',
        });
        if (res.status === 201) acknowledged++;
        else failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      } catch (err) {
        failures.push(String(err));
      }
    }
  };
  const workers = Promise.all([1, 2, 3, 4].map(one));
  return {
    get acknowledged() {
      return acknowledged;
    },
    async until(n: number) {
      while (acknowledged < n && failures.length < 5) await new Promise((r) => setTimeout(r, 10));
    },
    /** Stops the residents and asserts every submission was acknowledged. */
    async stop() {
      stop = true;
      await workers;
      assert.equal(failures, [], 'every submission was acknowledged');
    },
  };
}

test('a backup taken while residents keep submitting is a consistent cut, and restores row for row', async () => {
  const writing = residents();
  await writing.until(20);
  const before = await srv.db.models.Topic.count();
  const backup = await script('backup', [dir], srv.config.databaseUrl);
  if (backup.code !== 0) await writing.stop();
  assert.is(backup.code, 0, backup.out);
  const file = backupFile(backup.out);
  assert.match(path.basename(file), /^yishi-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.(sqlite|pgdump)$/);
  // Writes go on after the backup, so the live database is ahead of it.
  await writing.until(writing.acknowledged + 20);
  await writing.stop();
  const live = await readTables(srv.config.databaseUrl);

  const target = await newTarget();
  const restore = await script('restore', [file], target);
  assert.is(restore.code, 0, restore.out);
  const restored = await readTables(target);

  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => Number(r.id));
  const restoredTopics = ids(restored.topics!);
  assert.ok(restoredTopics.length > before, 'the backup includes topics written while it ran');
  assert.ok(restoredTopics.length < live.topics!.length, 'and not those written after it');
  // A consistent cut: exactly the topics committed before some instant, no gaps...
  const last = Math.max(...restoredTopics);
  assert.equal(
    restoredTopics,
    ids(live.topics!).filter((id) => id <= last),
  );
  // ...each with the rows its own transaction wrote, and every row as it is in the live database.
  const kept = new Set(restoredTopics);
  assert.equal(
    restored.topic_events,
    live.topic_events!.filter((e) => kept.has(Number(e.topic_id))),
  );
  for (const [table, rows] of Object.entries(restored)) {
    const byKey = new Map(live[table]!.map((r) => [JSON.stringify(Object.values(r)[0]), r]));
    for (const row of rows) assert.equal(row, byKey.get(JSON.stringify(Object.values(row)[0])), `${table} row differs`);
  }
});

test('a backup of a quiet database restores to identical tables: the same rows with the same content', async () => {
  const live = await readTables(srv.config.databaseUrl);
  const backup = await script('backup', [dir], srv.config.databaseUrl);
  assert.is(backup.code, 0, backup.out);
  const target = await newTarget();
  assert.is((await script('restore', [backupFile(backup.out), '--yes'], target)).code, 0);
  const restored = await readTables(target);
  assert.equal(Object.keys(restored), Object.keys(live));
  assert.is(rowTotal(restored), rowTotal(live));
  for (const table of Object.keys(live)) assert.equal(restored[table], live[table], `table ${table}`);
  // And the restored database is one a server can run on.
  assert.ok(rowTotal(restored) > 100);
});

test('restore refuses to overwrite a database in use without --force, and asks before replacing data', async () => {
  const backup = await script('backup', [dir], srv.config.databaseUrl);
  const file = backupFile(backup.out);
  // Keep the server's connection open, as a running service does.
  await fetch(`${srv.url}/readyz`);
  const running = await script('restore', [file, '--yes'], srv.config.databaseUrl);
  assert.is(running.code, 1);
  assert.match(running.out, /in use[\s\S]*--force/);

  // A database with data and nobody on it: replaced only when confirmed (no terminal here, so --yes).
  const target = await newTarget();
  assert.is((await script('restore', [file], target)).code, 0, 'an empty target needs no confirmation');
  const unconfirmed = await script('restore', [file], target);
  assert.is(unconfirmed.code, 1);
  assert.match(unconfirmed.out, /holds data[\s\S]*--yes/);
  const confirmed = await script('restore', [file, '--yes'], target);
  assert.is(confirmed.code, 0, confirmed.out);
  if (target.startsWith('sqlite:')) assert.match(confirmed.out, /previous database was kept as .*before-restore-/);

  // A backup of the other kind, or no backup at all, changes nothing.
  const wrong = await script('restore', [path.join(dir, 'nothing.sqlite'), '--yes'], target);
  assert.is(wrong.code, 1);
  assert.match(wrong.out, /no backup at/);
});

test.run();
