import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const srv = await startTestServer();
test.after(() => srv.close());
const orgId = async (name: string) => (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;

test('an admin sees the whole demo tree, parents before children', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const res = await c.get('/api/organisations');
  assert.is(res.status, 200);
  const kinds = res.body.items.map((o: { kind: string }) => o.kind);
  assert.equal(kinds.slice(0, 2), ['county', 'township']);
  assert.is(res.body.items.length, 7);
  assert.ok(res.body.items.every((o: { isDemo: boolean }) => o.isDemo));
});

test('a village role sees only the village and its grids', async () => {
  const c = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const names = (await c.get('/api/organisations')).body.items.map((o: { name: string }) => o.name);
  assert.equal(names, ['桃园村（演示）', '第一网格', '第二网格']);
});

test('an admin creates a grid under a village and the change is audited', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const village = await orgId('桃园村（演示）');
  const res = await c.post('/api/organisations', {
    name: '第三网格',
    kind: 'grid',
    parentId: village,
    settings: { households: 31 },
  });
  assert.is(res.status, 201);
  assert.is(res.body.parentId, village);
  const audit = await srv.db.models.AuditEvent.findOne({
    where: { action: 'organisation.created', subjectId: String(res.body.id) },
  });
  assert.ok(audit);
  assert.is(
    audit!.actorId,
    srv.logins.admin && (await srv.db.models.User.findOne({ where: { username: 'admin' } }))!.id,
  );
});

test('two organisations under one parent cannot share a name', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const village = await orgId('桃园村（演示）');
  const res = await c.post('/api/organisations', { name: '第一网格', kind: 'grid', parentId: village, settings: {} });
  assert.is(res.status, 409);
  assert.equal(res.body.error.details.fields, [{ path: 'name', message: '同一上级下已有名为“第一网格”的组织。' }]);
  const rename = await c.patch(`/api/organisations/${await orgId('第二网格')}`, { name: '第一网格' });
  assert.is(rename.status, 409);
});

test('a village cannot be created directly under a county', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const res = await c.post('/api/organisations', {
    name: '错层村',
    kind: 'village',
    parentId: await orgId('示范县（演示）'),
    settings: {},
  });
  assert.is(res.status, 400);
  assert.is(errorCode(res.body), 'validation_failed');
  assert.is(await srv.db.models.Organisation.count({ where: { name: '错层村' } }), 0);
});

test('settings are validated: negative populations are refused and nothing changes', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const village = await orgId('桃园村（演示）');
  const res = await c.patch(`/api/organisations/${village}`, { settings: { adultPopulation: -3 } });
  assert.is(res.status, 400);
  assert.equal(res.body.error.details.fields[0].path, 'settings.adultPopulation');
  const row = await srv.db.models.Organisation.findByPk(village);
  assert.is(row!.settings.adultPopulation, 860);
});

test('non-admins cannot rename organisations', async () => {
  const c = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const res = await c.patch(`/api/organisations/${await orgId('桃园村（演示）')}`, { name: '改名村' });
  assert.is(res.status, 403);
  assert.is(errorCode(res.body), 'forbidden');
});

test('an unknown organisation is 404 for an admin', async () => {
  const c = await new Client(srv.url).login('admin', srv.password('admin'));
  const res = await c.patch('/api/organisations/99999', { name: '不存在' });
  assert.is(res.status, 404);
});

test.run();
