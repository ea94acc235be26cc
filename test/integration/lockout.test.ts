import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 14, finding 3: the lockout counter was read outside its transaction and written back,
 * so wrong passwords arriving together each wrote "1" and the account never locked. Behind the
 * loopback proxy every address is the test's to choose (X-Forwarded-For).
 */
const srv = await startTestServer();
test.after(() => srv.close());

let addresses = 0;
const fromAddress = () => new Client(srv.url, { 'x-forwarded-for': `198.51.100.${++addresses}` });

test('twelve wrong passwords at once from twelve addresses lock the account, exactly once', async () => {
  const results = await Promise.all(
    Array.from({ length: 12 }, () =>
      fromAddress().post('/api/session', { username: 'demo-reviewer', password: 'wrong' }),
    ),
  );
  for (const r of results) assert.ok([401, 423].includes(r.status), `status ${r.status}`);
  const right = await fromAddress().post('/api/session', {
    username: 'demo-reviewer',
    password: srv.password('demo-reviewer'),
  });
  assert.is(right.status, 423);
  assert.is(errorCode(right.body), 'account_locked');
  const user = (await srv.db.models.User.findOne({ where: { username: 'demo-reviewer' } }))!;
  assert.ok(user.lockedUntil && user.lockedUntil > new Date());
  const audits = await srv.db.models.AuditEvent.count({ where: { action: 'user.locked', subjectId: String(user.id) } });
  assert.is(audits, 1);
});

test('four wrong passwords at once leave the account open, and the right one resets the count', async () => {
  await Promise.all(
    Array.from({ length: 4 }, () =>
      fromAddress().post('/api/session', { username: 'demo-secretary', password: 'wrong' }),
    ),
  );
  const user = (await srv.db.models.User.findOne({ where: { username: 'demo-secretary' } }))!;
  assert.is(user.failedLogins, 4);
  await fromAddress().login('demo-secretary', srv.password('demo-secretary'));
  await user.reload();
  assert.is(user.failedLogins, 0);
  assert.is(user.lockedUntil, null);
});

test.run();
