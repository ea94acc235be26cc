import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * The representative's desk and the review dialogs' choices: one studio's page, numbers handed
 * out at the desk, visit → referral, roster candidates, the studio's public QR, and where a topic
 * can be merged or referred. 10:00 in Beijing on the 15th: the demo studio is receiving.
 */
const clock = new FakeClock(new Date('2026-11-15T02:00:00Z'));
const srv = await startTestServer({ clock });
test.after(() => srv.close());
const orgId = async (n: string) => (await srv.db.models.Organisation.findOne({ where: { name: n } }))!.id;
const userId = async (u: string) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id;
const studio = async () => (await srv.db.models.Studio.findOne({ where: { name: '桃园村党代表工作室（演示）' } }))!;
const login = (u: string) => new Client(srv.url, { 'accept-language': 'zh-CN' }).login(u, srv.password(u));

test('the demo studio has a roster of three with the demo representative on duty, and today’s queue', async () => {
  const rep = await login('demo-representative');
  const s = await studio();
  const view = (await rep.get(`/api/studios/${s.id}`)).body;
  assert.equal(
    view.roster.map((r: { displayName: string }) => r.displayName),
    ['赵代表（演示）', '钱代表（演示）', '孙代表（演示）'],
  );
  assert.is(view.onDuty, '赵代表（演示）');
  assert.is(view.url, `${srv.config.publicUrl}/s/${s.code}`);
  const queue = (await new Client(srv.url).get(`/api/studio/${s.code}/queue`)).body;
  assert.equal([queue.day, queue.calling, queue.waiting], ['2026-11-15', 2, 3]);
  // Next month the roster moves on by one (the public board shows it).
  clock.set(new Date('2026-12-01T02:00:00Z'));
  try {
    assert.is((await new Client(srv.url).get(`/api/studio/${s.code}`)).body.onDuty, '钱代表（演示）');
  } finally {
    clock.set(new Date('2026-11-15T02:00:00Z'));
  }
});

test('a number handed out at the desk joins the same sequence as scanned ones, at any hour', async () => {
  const rep = await login('demo-representative');
  const s = await studio();
  const scanned = await new Client(srv.url).post(`/api/studio/${s.code}/tickets`, { deviceId: 'desk-test-phone-1' });
  assert.is(scanned.status, 201, JSON.stringify(scanned.body));
  const desk = await rep.post(`/api/studios/${s.id}/tickets`);
  assert.is(desk.status, 201);
  assert.is(desk.body.number, scanned.body.number + 1);
  clock.set(new Date('2026-11-15T10:00:00Z'));
  try {
    const late = await rep.post(`/api/studios/${s.id}/tickets`);
    assert.is(late.body.number, desk.body.number + 1, 'the desk is staffed, so the hours do not bind it');
    const scannedLate = await new Client(srv.url).post(`/api/studio/${s.code}/tickets`, {
      deviceId: 'desk-test-phone-2',
    });
    assert.is(scannedLate.status, 409);
  } finally {
    clock.set(new Date('2026-11-15T02:00:00Z'));
  }
});

test('a visit referred straight to the township becomes a referred topic with its referral, once', async () => {
  const rep = await login('demo-representative');
  const s = await studio();
  const visit = (
    await rep.post(`/api/studios/${s.id}/visits`, { matter: '宅基地确权证书一直没有发下来', category: '其他' })
  ).body;
  const township = await orgId('青山镇（演示）');
  const badUnit = await rep.post(`/api/visits/${visit.id}/referral`, { organisationId: 999999, note: '请处理' });
  assert.is(badUnit.status, 400);
  assert.is(badUnit.body.error.message, '请选择有效的承办单位或责任人。');
  const noNote = await rep.post(`/api/visits/${visit.id}/referral`, { organisationId: township, note: '' });
  assert.is(noNote.status, 400);
  const res = await rep.post(`/api/visits/${visit.id}/referral`, {
    organisationId: township,
    assigneeId: await userId('demo-department'),
    note: '请镇自然资源所答复',
  });
  assert.is(res.status, 201);
  const topic = await srv.db.models.Topic.findByPk(res.body.topicId);
  assert.equal([topic!.status, topic!.ownerId], ['referred', await userId('demo-department')]);
  const referral = await srv.db.models.Referral.findOne({ where: { topicId: topic!.id } });
  assert.equal([referral!.organisationId, referral!.note], [township, '请镇自然资源所答复']);
  const track = (await new Client(srv.url).get(`/api/track/${res.body.receipt}`)).body;
  assert.equal(
    track.timeline.map((e: { kind: string; detail: string | null }) => [e.kind, e.detail]),
    [
      ['received', '桃园村党代表工作室（演示）'],
      ['referred', '青山镇（演示）'],
    ],
  );
  assert.not.match(JSON.stringify(track), /请镇自然资源所答复/, 'the note is for the department only');
  const again = await rep.post(`/api/visits/${visit.id}/topic`);
  assert.is(again.status, 409);
  assert.is(errorCode(again.body), 'conflict');
  assert.ok(
    await srv.db.models.AuditEvent.findOne({ where: { action: 'visit.referred', subjectId: String(visit.id) } }),
  );
});

test('two clicks on "make it a topic" at once make one topic', async () => {
  const rep = await login('demo-representative');
  const s = await studio();
  const visit = (await rep.post(`/api/studios/${s.id}/visits`, { matter: '自来水有异味', category: '公共设施' })).body;
  const before = await srv.db.models.Topic.count();
  const results = await Promise.all([
    rep.post(`/api/visits/${visit.id}/topic`),
    rep.post(`/api/visits/${visit.id}/topic`),
  ]);
  assert.equal(results.map((r) => r.status).sort(), [201, 409]);
  assert.is(await srv.db.models.Topic.count(), before + 1);
});

test('the roster can only be filled from the organisation’s representatives, which the admin sees listed', async () => {
  const admin = await login('admin');
  const list = (await admin.get(`/api/organisations/${await orgId('桃园村（演示）')}/representatives`)).body.items;
  assert.equal(
    list.map((u: { displayName: string }) => u.displayName).sort(),
    ['孙代表（演示）', '赵代表（演示）', '钱代表（演示）'].sort(),
  );
  const neighbour = (await admin.get(`/api/organisations/${await orgId('柳溪社区（演示）')}/representatives`)).body
    .items;
  assert.equal(neighbour, [], 'the village’s representatives do not represent the neighbouring community');
});

test('the studio’s QR is public and opens its take-a-number page; unknown codes are 404', async () => {
  const s = await studio();
  const res = await fetch(`${srv.url}/api/studio/${s.code}/qr.svg`);
  assert.is(res.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
  assert.match(await res.text(), /^<svg[\s\S]*<\/svg>\s*$/);
  assert.is((await fetch(`${srv.url}/api/studio/NOPE22/qr.svg`)).status, 404);
});

test('a reviewer is offered the most alike topics to merge into, and the units and people to refer to', async () => {
  const reviewer = await login('demo-reviewer');
  const resident = new Client(srv.url);
  const { receipt } = (
    await resident.post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
      title: '村东头的路灯又坏了',
      category: '公共设施',
    })
  ).body;
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const candidates = (await reviewer.get(`/api/topics/${topic.id}/merge-candidates`)).body.items;
  assert.is(candidates[0].title, '村东头路灯坏了三盏');
  assert.ok(
    candidates.every(
      (c: { status: string; id: number }) =>
        ['received', 'under_review', 'accepted'].includes(c.status) && c.id !== topic.id,
    ),
  );
  const searched = (await reviewer.get(`/api/topics/${topic.id}/merge-candidates?q=${encodeURIComponent('收割')}`)).body
    .items;
  assert.equal(
    searched.map((c: { title: string }) => c.title),
    ['麦收缺少收割机和人手'],
  );
  const targets = (await reviewer.get(`/api/topics/${topic.id}/referral-targets`)).body;
  assert.ok(targets.units.some((u: { name: string }) => u.name === '青山镇（演示）'));
  assert.ok(
    !targets.units.some((u: { name: string }) => u.name === '桃园村（演示）'),
    'not back to the village itself',
  );
  assert.ok(targets.people.some((p: { displayName: string }) => p.displayName === '镇农业服务中心（演示）'));
  assert.not.match(JSON.stringify(targets), /1[3-9]\d{9}/);
});

test.run();
