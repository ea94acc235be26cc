import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

// 09:30 in Beijing on the 15th: the studio is receiving.
const clock = new FakeClock(new Date('2026-11-15T01:30:00Z'));
const srv = await startTestServer({ clock });
test.after(() => srv.close());
const orgId = async (n: string) => (await srv.db.models.Organisation.findOne({ where: { name: n } }))!.id;
const userId = async (u: string) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id;
let studio: { id: number; code: string };

test('an admin opens a studio with a monthly day and a roster of representatives', async () => {
  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  const village = await orgId('桃园村（演示）');
  const second = await admin.post('/api/users', {
    username: 'rep.two',
    displayName: '钱代表',
    organisationId: village,
    role: 'representative',
  });
  const res = await admin.post('/api/studios', {
    organisationId: village,
    name: '桃园村党代表工作室',
    location: '党群服务中心一楼',
    schedule: { dayOfMonth: 15, start: '09:00', end: '11:30' },
    roster: [await userId('demo-representative'), second.body.user.id],
  });
  assert.is(res.status, 201, JSON.stringify(res.body));
  studio = res.body;
  assert.is(res.body.onDuty, '赵代表（演示）');
  assert.is(res.body.open, true);
  const notRep = await admin.post('/api/studios', {
    organisationId: village,
    name: '错误工作室',
    location: '某处',
    schedule: { dayOfMonth: 15, start: '09:00', end: '11:30' },
    roster: [await userId('demo-reviewer')],
  });
  assert.is(notRep.status, 400);
  const badTime = await admin.post('/api/studios', {
    organisationId: village,
    name: '错误工作室',
    location: '某处',
    schedule: { dayOfMonth: 31, start: '9点', end: '11:30' },
    roster: [await userId('demo-representative')],
  });
  assert.is(badTime.status, 400);
});

test('the public board shows the next day and who is on duty; the roster rotates next month', async () => {
  const pub = (await new Client(srv.url).get(`/api/studio/${studio.code}`)).body;
  assert.equal([pub.next.date, pub.onDuty, pub.open], ['2026-11-15', '赵代表（演示）', true]);
  assert.not.match(JSON.stringify(pub), /1[3-9]\d{9}/);
  clock.advance(5 * 3_600_000);
  const later = (await new Client(srv.url).get(`/api/studio/${studio.code}`)).body;
  assert.equal([later.next.date, later.onDuty, later.open], ['2026-12-15', '钱代表', false]);
  clock.set(new Date('2026-11-15T01:30:00Z'));
});

test('queue numbers are handed out in order under a burst of scans, once per phone', async () => {
  const resident = new Client(srv.url);
  const results = await Promise.all(
    Array.from({ length: 25 }, (_, i) =>
      resident.post(`/api/studio/${studio.code}/tickets`, { deviceId: `waiting-room-${i}` }),
    ),
  );
  assert.ok(results.every((r) => r.status === 201));
  const numbers = results.map((r) => r.body.number).sort((a, b) => a - b);
  assert.equal(
    numbers,
    Array.from({ length: 25 }, (_, i) => i + 1),
  );
  const again = await resident.post(`/api/studio/${studio.code}/tickets`, { deviceId: 'waiting-room-3' });
  assert.is(again.body.number, results[3]!.body.number);
});

test('the representative calls numbers, records a visit and turns it into an accepted topic they own', async () => {
  const rep = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
  const called = await rep.post(`/api/studios/${studio.id}/queue/next`);
  assert.equal([called.body.calling, called.body.waiting], [1, 24]);
  assert.is((await new Client(srv.url).get(`/api/studio/${studio.code}/queue`)).body.calling, 1);
  const visit = await rep.post(`/api/studios/${studio.id}/visits`, {
    ticketNumber: 1,
    visitorName: '周大妈',
    visitorPhone: '13812340000',
    matter: '孙子上学的校车停运了，希望恢复',
    category: '道路交通',
    answer: '已记录，会后联系镇教育办',
    followUp: true,
  });
  assert.is(visit.status, 201);
  const topic = await rep.post(`/api/visits/${visit.body.id}/topic`);
  assert.is(topic.status, 201);
  const row = await srv.db.models.Topic.findByPk(topic.body.topicId);
  assert.equal([row!.status, row!.ownerId], ['accepted', await userId('demo-representative')]);
  const track = (await new Client(srv.url).get(`/api/track/${topic.body.receipt}`)).body;
  assert.equal(
    track.timeline.map((e: { kind: string }) => e.kind),
    ['received', 'accepted'],
  );
  assert.is((await rep.post(`/api/visits/${visit.body.id}/topic`)).status, 409);
});

test('no numbers outside reception hours, and others cannot call numbers', async () => {
  clock.set(new Date('2026-11-16T02:00:00Z'));
  const res = await new Client(srv.url).post(`/api/studio/${studio.code}/tickets`, { deviceId: 'late-comer-1' });
  assert.is(res.status, 409);
  assert.match(res.body.error.message, /不是接待时间/);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const denied = await reviewer.post(`/api/studios/${studio.id}/queue/next`);
  assert.is(denied.status, 403);
  assert.is(errorCode(denied.body), 'forbidden');
  assert.is((await new Client(srv.url).get('/api/studio/NOPE22')).status, 404);
});

test.run();
