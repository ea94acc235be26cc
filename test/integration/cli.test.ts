import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/index.js';
import { createLogger } from '../../server/logger.js';
import { verifyPassword } from '../../server/services/passwords.js';
import { seedFirstRun } from '../../server/services/seed.js';
import { MAX_FAILED_LOGINS, SessionService } from '../../server/services/sessions.js';
import { runCliOver, runCliProcess, type CliRun } from '../helpers/cli.js';
import { createTestDatabaseUrl } from '../helpers/pg.js';

/**
 * `npm run yishi -- <command>` on SQLite, or PostgreSQL under the runner's [pg] pass: exit codes,
 * --json output and what changed in the database. Most commands run in this process over the
 * test's database (runCli with the services over it: a second Database in one process would
 * rebind the models); the entry point itself, --help and doctor (which opens DATABASE_URL
 * itself) run as the operator runs them, in a process of their own.
 */
const database = await createTestDatabaseUrl();
const db = await openDatabase(database.url);
await db.migrate();
await seedFirstRun(db, systemClock, { demo: false });
const sessions = new SessionService(db, systemClock, createLogger('silent'));
const root = (await db.models.Organisation.findOne({ where: { parentId: null } }))!;
// Answers /healthz like the service, so doctor's PUBLIC_URL check has something to reach.
const fakeService = http.createServer((req, res) => res.writeHead(req.url === '/healthz' ? 200 : 404).end());
await new Promise<void>((resolve) => fakeService.listen(0, '127.0.0.1', resolve));
const publicUrl = `http://127.0.0.1:${(fakeService.address() as AddressInfo).port}`;
test.after(async () => {
  fakeService.close();
  await db.close();
  await database.drop();
});

const env = { ...process.env, DATABASE_URL: database.url, PUBLIC_URL: publicUrl, REDIS_URL: '', USER: 'ops' };
/** In this process, over the test's database. */
const yishi = (args: string[]) => runCliOver(db, env, args);
/** As an operator runs it (what `npm run yishi` runs). */
const yishiProcess = (args: string[], extra: Record<string, string> = {}) => runCliProcess({ ...env, ...extra }, args);

const lastAudit = async (action: string) =>
  db.models.AuditEvent.findOne({ where: { action }, order: [['id', 'DESC']] });

test('admin:create makes an admin with a one-time password, audited as the operator', async () => {
  const run = await yishi(['admin:create', 'ops-admin', '--org', String(root.id), '--json']);
  assert.is(run.code, 0, run.stderr);
  assert.is(run.json.username, 'ops-admin');
  const user = await db.models.User.findOne({ where: { username: 'ops-admin' } });
  assert.ok(await verifyPassword(run.json.password, user!.passwordHash));
  const audit = await lastAudit('user.created');
  assert.is(audit!.actorId, null);
  assert.is(audit!.summary.operator, 'cli:ops');
  assert.is(audit!.subjectId, String(user!.id));
});

test('admin:create refuses a taken username (4), an unknown organisation (3) and bad input (2)', async () => {
  assert.is((await yishi(['admin:create', 'ops-admin', '--org', String(root.id)])).code, 4);
  const unknownOrg = await yishi(['admin:create', 'someone', '--org', '999999', '--json']);
  assert.is(unknownOrg.code, 3);
  assert.match(unknownOrg.json.error.message, /no organisation/);
  assert.is((await yishi(['admin:create', 'someone'])).code, 2, 'missing --org');
  assert.is((await yishi(['admin:create', 'bad name!', '--org', String(root.id)])).code, 2);
  assert.is(await db.models.User.count({ where: { username: 'someone' } }), 0);
});

test('a locked user shows as locked, user:unlock lifts it and says whether it did', async () => {
  for (let i = 0; i < MAX_FAILED_LOGINS; i++)
    await sessions.login('ops-admin', 'wrong-password').catch(() => undefined);
  const listed = await yishi(['users:list', '--json']);
  assert.is(listed.code, 0, listed.stderr);
  const ops = listed.json.users.find((u: { username: string }) => u.username === 'ops-admin');
  assert.ok(ops.lockedUntil, 'listed as locked');
  assert.equal(ops.roles[0].role, 'admin');

  const unlocked = await yishi(['user:unlock', 'ops-admin', '--json']);
  assert.is(unlocked.code, 0, unlocked.stderr);
  assert.is(unlocked.json.wasLocked, true);
  const user = await db.models.User.findOne({ where: { username: 'ops-admin' } });
  assert.is(user!.lockedUntil, null);
  assert.is(user!.failedLogins, 0);
  assert.is((await lastAudit('user.unlocked'))!.summary.operator, 'cli:ops');

  const again = await yishi(['user:unlock', 'ops-admin']);
  assert.is(again.code, 0);
  assert.match(again.stdout, /was not locked/);
});

test('admin:reset-password prints a new password and ends the user’s sessions', async () => {
  const { userId } = await sessions.login(
    'admin',
    (await yishi(['admin:reset-password', 'admin', '--json'])).json.password,
  );
  assert.ok((await db.models.Session.count({ where: { userId } })) >= 1);
  const run = await yishiProcess(['admin:reset-password', 'admin', '--json']);
  assert.is(run.code, 0, run.stderr);
  assert.is(await db.models.Session.count({ where: { userId } }), 0, 'sessions ended');
  const user = await db.models.User.findByPk(userId);
  assert.ok(await verifyPassword(run.json.password, user!.passwordHash));
  assert.is((await lastAudit('user.password_reset'))!.summary.operator, 'cli:ops');
});

test('a wrong user is exit code 3 with a message, for every command that takes one', async () => {
  for (const command of ['admin:reset-password', 'user:unlock']) {
    const run = await yishi([command, 'nobody-here', '--json']);
    assert.is(run.code, 3, command);
    assert.match(run.stderr, /no user named "nobody-here"/);
    assert.is(run.json.error.code, 3);
  }
});

test('doctor passes on a healthy setup and fails, saying so, when Redis is unreachable', async () => {
  const healthy = await yishiProcess(['doctor', '--json']);
  assert.is(healthy.code, 0, healthy.stdout);
  const byName = (r: CliRun) => Object.fromEntries(r.json.checks.map((c: { name: string }) => [c.name, c]));
  assert.is(byName(healthy).database.status, 'ok');
  assert.is(byName(healthy).migrations.status, 'ok');
  assert.is(byName(healthy)['public url'].status, 'ok');
  assert.is(byName(healthy).redis.status, 'skip');

  // Port 1: nothing listens there.
  const down = await yishiProcess(['doctor', '--json'], { REDIS_URL: 'redis://127.0.0.1:1' });
  assert.is(down.code, 1);
  assert.is(byName(down).redis.status, 'fail');
  assert.match(byName(down).redis.detail, /unreachable at redis:\/\/127\.0\.0\.1:1/);
});

test('every command has --help, and no command is a usage error', async () => {
  const help = await yishi(['admin:create', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /--org <id>/);
  assert.match(help.stdout, /--json/);
  const top = await yishiProcess(['--help']);
  assert.is(top.code, 0);
  for (const name of ['admin:reset-password', 'admin:create', 'user:unlock', 'users:list', 'register:import', 'doctor'])
    assert.ok(top.stdout.includes(name), name);
  assert.is((await yishi([])).code, 2);
  assert.is((await yishi(['no-such-command'])).code, 2);
});

test.run();
