import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

const clock = new FakeClock();
const srv = await startTestServer({ clock, config: { loginRateLimit: 1000 } });
const admin = () => new Client(srv.url).login('admin', srv.password('admin'));

test.after(() => srv.close());

test('staff log in with username and password and see their roles', async () => {
  const c = await admin();
  const res = await c.get('/api/session');
  assert.is(res.status, 200);
  assert.is(res.body.user.username, 'admin');
  assert.equal(
    res.body.user.memberships.map((m: { role: string }) => m.role),
    ['admin'],
  );
  assert.type(res.body.csrfToken, 'string');
});

test('the session cookie is httpOnly and SameSite, and only its hash is stored', async () => {
  const res = await fetch(srv.url + '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: srv.password('admin') }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('yishi_sid='))!;
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  const token = cookie.split(';')[0]!.split('=')[1]!;
  const rows = await srv.db.models.Session.findAll({ raw: true });
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.tokenHash !== token && r.tokenHash.length === 64));
});

test('a wrong password is refused with a translated message, in English when asked', async () => {
  const zh = await new Client(srv.url).post('/api/session', { username: 'demo-reviewer', password: 'nope' });
  assert.is(zh.status, 401);
  assert.is(errorCode(zh.body), 'invalid_credentials');
  assert.is(zh.body.error.message, '用户名或密码不正确。');
  const en = await new Client(srv.url, { 'accept-language': 'en-GB,en;q=0.9' }).post('/api/session', {
    username: 'nobody',
    password: 'nope',
  });
  assert.is(en.status, 401);
  assert.is(en.body.error.message, 'Wrong username or password.');
});

test('five failed logins lock the account for 15 minutes, even for the right password', async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 5; i++)
    assert.is((await c.post('/api/session', { username: 'demo-secretary', password: 'wrong' })).status, 401);
  const locked = await c.post('/api/session', { username: 'demo-secretary', password: srv.password('demo-secretary') });
  assert.is(locked.status, 423);
  assert.is(errorCode(locked.body), 'account_locked');
  clock.advance(16 * 60_000);
  assert.is(
    (await c.post('/api/session', { username: 'demo-secretary', password: srv.password('demo-secretary') })).status,
    200,
  );
});

test('writes without the CSRF token are refused and change nothing', async () => {
  const c = await admin();
  const res = await c.patch('/api/me', { locale: 'en' }, { 'x-csrf-token': 'forged' });
  assert.is(res.status, 403);
  assert.is(errorCode(res.body), 'csrf_failed');
  assert.is((await c.get('/api/session')).body.user.locale, 'zh-CN');
});

test('the user’s language setting picks the language of error messages', async () => {
  const c = await admin();
  assert.is((await c.patch('/api/me', { locale: 'en' })).status, 200);
  const res = await c.post('/api/organisations', { name: 'x' });
  assert.is(res.status, 400);
  assert.match(res.body.error.message, /Some fields are not valid/);
  await c.patch('/api/me', { locale: 'zh-CN' });
});

test('logout ends this session only; logout everywhere ends all of them', async () => {
  const a = await admin();
  const b = await admin();
  const c = await admin();
  assert.is((await a.del('/api/session')).status, 204);
  assert.is((await a.get('/api/session')).status, 401);
  assert.is((await b.get('/api/session')).status, 200);
  assert.is((await b.del('/api/session?everywhere=1')).status, 204);
  assert.is((await c.get('/api/session')).status, 401);
});

test('sessions expire after a week without use', async () => {
  const c = await admin();
  clock.advance(8 * 24 * 3600_000);
  assert.is((await c.get('/api/session')).status, 401);
});

test('changing my password needs the current one and ends my other sessions', async () => {
  const a = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
  const b = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
  const wrong = await a.post('/api/me/password', { currentPassword: 'nope', newPassword: 'a-new-long-password' });
  assert.is(wrong.status, 401);
  const ok = await a.post('/api/me/password', {
    currentPassword: srv.password('demo-representative'),
    newPassword: 'a-new-long-password',
  });
  assert.is(ok.status, 204);
  assert.is((await a.get('/api/session')).status, 200);
  assert.is((await b.get('/api/session')).status, 401);
  await new Client(srv.url).login('demo-representative', 'a-new-long-password');
});

test('a weak new password is refused with a translated reason and changes nothing (issue 14, finding 7)', async () => {
  const c = await new Client(srv.url).login('demo-department', srv.password('demo-department'));
  for (const newPassword of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop[]', 'demo-department1']) {
    const weak = await c.post('/api/me/password', { currentPassword: srv.password('demo-department'), newPassword });
    assert.is(weak.status, 400, newPassword);
    assert.is(errorCode(weak.body), 'validation_failed');
    assert.equal(weak.body.error.details.fields, [
      {
        path: 'newPassword',
        message:
          '密码太容易被猜到。请至少用 10 个字符，把几个不相关的词或字母数字混在一起，避开常见密码、重复和连续的字符。',
      },
    ]);
  }
  await new Client(srv.url).login('demo-department', srv.password('demo-department'));
});

test.run();
