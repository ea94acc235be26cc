import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer();
test.after(() => srv.close());
const orgId = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
const admin = () => new Client(srv.url).login('admin', srv.password('admin'));

test('an admin creates a user; the one-time password works and is not stored in clear', async () => {
  const c = await admin();
  const res = await c.post('/api/users', {
    username: 'wang.li',
    displayName: '王丽',
    phone: '13800138000',
    organisationId: await orgId('桃园村（演示）'),
    role: 'secretary',
  });
  assert.is(res.status, 201);
  assert.is(res.body.user.phoneMasked, '*******8000');
  assert.not.match(JSON.stringify(res.body), /13800138000/);
  const row = await srv.db.models.User.findOne({ where: { username: 'wang.li' } });
  assert.not.match(row!.passwordHash, new RegExp(res.body.password));
  await new Client(srv.url).login('wang.li', res.body.password);
});

test('a bad phone number and a taken username are refused with field messages', async () => {
  const c = await admin();
  const village = await orgId('桃园村（演示）');
  const bad = await c.post('/api/users', {
    username: 'zhao',
    displayName: '赵',
    phone: '12345',
    organisationId: village,
    role: 'reviewer',
  });
  assert.is(bad.status, 400);
  assert.equal(bad.body.error.details.fields, [{ path: 'phone', message: '请输入 11 位手机号码。' }]);
  const taken = await c.post('/api/users', {
    username: 'admin',
    displayName: '重复',
    organisationId: village,
    role: 'reviewer',
  });
  assert.is(taken.status, 409);
  assert.is(taken.body.error.message, '用户名已被使用。');
});

test('a village admin cannot manage a county admin, even one who also has a village role', async () => {
  const c = await admin();
  const village = await orgId('桃园村（演示）');
  const created = await c.post('/api/users', {
    username: 'village.admin',
    displayName: '村管理员',
    organisationId: village,
    role: 'admin',
  });
  const adminId = (await srv.db.models.User.findOne({ where: { username: 'admin' } }))!.id;
  await c.post(`/api/users/${adminId}/memberships`, { organisationId: village, role: 'reviewer' });
  const va = await new Client(srv.url).login('village.admin', created.body.password);
  const reset = await va.post(`/api/users/${adminId}/password`);
  assert.is(reset.status, 403);
  const list = await va.get('/api/users');
  assert.ok(!list.body.items.some((u: { username: string }) => u.username === 'admin'));
  assert.ok(list.body.items.some((u: { username: string }) => u.username === 'demo-reviewer'));
});

test('resetting a password ends the user’s sessions and the new password works', async () => {
  const c = await admin();
  const user = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const id = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!.id;
  const res = await c.post(`/api/users/${id}/password`);
  assert.is(res.status, 200);
  assert.is((await user.get('/api/session')).status, 401);
  await new Client(srv.url).login('demo-convener', res.body.password);
});

test('a disabled user cannot log in; an admin cannot disable themselves', async () => {
  const c = await admin();
  const id = (await srv.db.models.User.findOne({ where: { username: 'demo-department' } }))!.id;
  assert.is((await c.patch(`/api/users/${id}`, { disabled: true })).status, 200);
  const login = await new Client(srv.url).post('/api/session', {
    username: 'demo-department',
    password: srv.password('demo-department'),
  });
  assert.is(login.status, 403);
  assert.is(errorCode(login.body), 'account_disabled');
  const selfId = (await srv.db.models.User.findOne({ where: { username: 'admin' } }))!.id;
  const self = await c.patch(`/api/users/${selfId}`, { disabled: true });
  assert.is(self.status, 400);
  await c.patch(`/api/users/${id}`, { disabled: false });
});

test('roles are granted and revoked, each step on the audit trail', async () => {
  const c = await admin();
  const id = (await srv.db.models.User.findOne({ where: { username: 'demo-reviewer' } }))!.id;
  const grid = await orgId('第一网格');
  const granted = await c.post(`/api/users/${id}/memberships`, { organisationId: grid, role: 'representative' });
  assert.is(granted.status, 200);
  const m = granted.body.memberships.find((x: { role: string }) => x.role === 'representative');
  assert.is(m.organisationName, '第一网格');
  const dup = await c.post(`/api/users/${id}/memberships`, { organisationId: grid, role: 'representative' });
  assert.is(dup.status, 409);
  const revoked = await c.del(`/api/users/${id}/memberships/${m.id}`);
  assert.is(revoked.status, 200);
  assert.not.ok(revoked.body.memberships.some((x: { role: string }) => x.role === 'representative'));
  const audit = await c.get('/api/audit?subjectType=user');
  const actions = audit.body.items.map((e: { action: string }) => e.action);
  assert.ok(actions.includes('membership.granted'));
  assert.ok(actions.includes('membership.revoked'));
  assert.is(audit.body.items[0].actorName, '系统管理员');
});

test('user lists paginate and search', async () => {
  const c = await admin();
  const page = await c.get('/api/users?limit=2&offset=0');
  assert.is(page.body.items.length, 2);
  assert.ok(page.body.total >= 6);
  const found = await c.get('/api/users?q=' + encodeURIComponent('记录'));
  assert.equal(
    found.body.items.map((u: { username: string }) => u.username),
    ['demo-secretary'],
  );
});

test.run();
