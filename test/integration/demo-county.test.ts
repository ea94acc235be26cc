import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RESOLUTION_STATES } from '../../shared/rules/resolution.js';
import { createApp } from '../../server/app.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/index.js';
import { createLogger } from '../../server/logger.js';
import { chinaYear, registerAdults } from '../../server/services/cosigns/register-adults.js';
import { generateCounty } from '../../scripts/county/generate.js';
import { brokenInvariants } from '../../scripts/county/invariants.js';
import { Client } from '../helpers/http.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';

/**
 * `npm run demo:county` at a five-hundredth of its size, on SQLite and on PostgreSQL: the county
 * has the size asked for, every resolution state, counters equal to the rows they count, every
 * reference resolved, the registers' adults where the co-sign rule looks for them — and the real
 * server reads it (the pages the bench times answer), so the generator cannot drift from what
 * the services write without this failing.
 */
const database = await createTestDatabaseUrl();
const db = await openDatabase(database.url);
await db.migrate();
const started = new Date();
const county = await generateCounty(db, systemClock, { scale: 0.002, fresh: true });
test.after(async () => {
  await db.close();
  await database.drop();
});

const count = async (sql: string, replacements: Record<string, unknown> = {}) =>
  Number((await db.sequelize.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT, replacements }))[0]!.n);

test('the county has the size asked for', async () => {
  const s = county.size;
  assert.is(s.villages, 2);
  assert.is(await count(`SELECT COUNT(*) AS n FROM organisations WHERE kind = 'village'`), s.villages);
  assert.is(await count(`SELECT COUNT(*) AS n FROM organisations WHERE kind = 'township'`), s.townships);
  assert.is(await count('SELECT COUNT(*) AS n FROM people'), s.people);
  assert.is(await count('SELECT COUNT(*) AS n FROM topics'), s.topics);
  assert.is(await count('SELECT COUNT(*) AS n FROM meetings'), s.meetings);
  assert.is(await count('SELECT COUNT(*) AS n FROM resolutions'), s.resolutions);
  assert.ok((await count('SELECT COUNT(*) AS n FROM cosigns')) > s.topics, 'topics were co-signed');
  assert.ok((await count('SELECT COUNT(*) AS n FROM votes')) > 0, 'ballots were cast');
  const span = await db.sequelize.query<{ first: string; last: string }>(
    'SELECT MIN(created_at) AS first, MAX(created_at) AS last FROM topics',
    { type: QueryTypes.SELECT },
  );
  const days = (Date.parse(String(span[0]!.last)) - Date.parse(String(span[0]!.first))) / 86_400_000;
  assert.ok(days > 900 && days <= 3 * 365, `topics spread over three years (${days} days)`);
});

test('resolutions are in every state, counted as the generator reports', async () => {
  const rows = await db.sequelize.query<{ state: string; n: number | string }>(
    'SELECT state, COUNT(*) AS n FROM resolutions GROUP BY state',
    { type: QueryTypes.SELECT },
  );
  const inDb = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  assert.equal(inDb, county.resolutionStates);
  for (const state of RESOLUTION_STATES) assert.ok(inDb[state], `some resolution is ${state}`);
});

test('counters equal the rows they count and every reference resolves', async () => {
  assert.equal(await brokenInvariants(db, new Date()), {});
});

test('each register has the adults the assembly-demand rule counts', async () => {
  for (const [id, adults] of Object.entries(county.adults)) {
    assert.ok(adults > 50, `village ${id} has adults`);
    assert.is(await registerAdults(db, Number(id), chinaYear(new Date())), adults);
  }
});

test('the real server reads the county: the pages the bench times answer with data', async () => {
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl: database.url, loginRateLimit: 1000 };
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const as = (username: string) =>
      new Client(url).login(username, county.logins.find((l) => l.username === username)!.password);
    const countyStaff = await as('county-staff');
    const villageStaff = await as('village-staff');
    const queue = await countyStaff.get('/api/topics?limit=25');
    assert.is(queue.status, 200);
    assert.is(queue.body.total, county.size.topics);
    const follow = await villageStaff.get('/api/resolutions?view=follow&limit=200');
    assert.is(follow.status, 200);
    assert.ok(follow.body.items.length > 0 && follow.body.overdue >= 0);
    const meetingId = county.benchVillage.liveMeetingId!;
    const meeting = await villageStaff.get(`/api/meetings/${meetingId}`);
    assert.is(meeting.status, 200);
    assert.is(meeting.body.status, 'live');
    assert.ok(meeting.body.invitees.length > 0 && meeting.body.agenda.length > 0);
    const detail = await villageStaff.get(`/api/resolutions/${follow.body.items[0].id}`);
    assert.is(detail.status, 200);
    assert.ok(detail.body.timeline.length > 0);
    const board = await new Client(url).get(`/api/board/${county.benchVillage.boardCode}`);
    assert.is(board.status, 200);
    assert.ok(board.body.results.length > 0, 'the board shows results');
    const minutes = await new Client(url).get(`/api/board/${county.benchVillage.id}/minutes`);
    assert.is(minutes.status, 200);
    assert.ok(minutes.body.items.length > 0, 'published minutes on the board');
    const read = await new Client(url).get(`/api/board/minutes/${minutes.body.items[0].meetingId}`);
    assert.is(read.status, 200);
    assert.match(read.body.text, /应到 \d+ 人/, 'the header and vote results read back');
    const stats = await countyStaff.get('/api/stats');
    assert.is(stats.status, 200);
    assert.ok(stats.body.totals.topics > 0);
  } finally {
    await app.close();
  }
});

/** npm run demo:county as a person runs it, on the same database. */
function demoCounty(args: string[]) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-county.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('the command refuses a database with data, and adds a second county beside it with --force', async () => {
  const topics = await count('SELECT COUNT(*) AS n FROM topics');
  const refused = await demoCounty(['--scale', '0.001']);
  assert.is(refused.code, 2, refused.out);
  assert.match(refused.out, /not empty/);
  assert.is(await count('SELECT COUNT(*) AS n FROM topics'), topics, 'nothing was written');

  const added = await demoCounty(['--scale', '0.001', '--force']);
  assert.is(added.code, 0, added.out);
  assert.match(added.out, /county-staff-2 \/ \S+/);
  assert.is(await count('SELECT COUNT(*) AS n FROM topics'), topics + 200);
  assert.is(await count(`SELECT COUNT(*) AS n FROM organisations WHERE parent_id IS NULL`), 2);
  assert.equal(await brokenInvariants(db, new Date()), {});
  assert.ok(started < new Date());
});

test.run();
