import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, waitForEvent } from '../helpers/realtime.js';
import { startTestServer } from '../helpers/server.js';

// Residents here file many topics without X-Device-Id; the limits have their own suite (intake-limits).
const srv = await startTestServer({ config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const resident = () => new Client(srv.url);
const reviewer = () => new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
const userId = async (u: string) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id;
const orgId = async (n: string) => (await srv.db.models.Organisation.findOne({ where: { name: n } }))!.id;

async function submit(title: string, extra: Record<string, unknown> = {}) {
  const res = await resident().post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title,
    category: '环境卫生',
    name: '王阿姨',
    phone: '13600001111',
    ...extra,
  });
  assert.is(res.status, 201);
  const topic = await srv.app.services.intake.findByReceipt(res.body.receipt);
  return { id: topic.id, receipt: res.body.receipt as string };
}

test('a reviewer sees a new topic arrive live, with the open count, without reloading', async () => {
  const r = await reviewer();
  const socket = await connectSocket(srv.url, r.cookieHeader);
  const watched = await call<{ openCount: number }>(socket, 'review:watch', {
    organisationId: await orgId('桃园村（演示）'),
  });
  assert.ok(watched.ok && watched.data.openCount >= 1);
  const arrived = waitForEvent<{ title: string; submitterName: string | null }>(socket, 'topic:received');
  await submit('河道里有人倒垃圾');
  const topic = await arrived;
  assert.is(topic.title, '河道里有人倒垃圾');
  assert.is(topic.submitterName, '王阿姨');
  socket.close();
});

test("the menu's open count is the queue's, for my part of the tree only", async () => {
  const r = await reviewer();
  const village = await orgId('桃园村（演示）');
  const before = (await r.get('/api/topics/open-count')).body.openCount as number;
  assert.is(before, (await r.get('/api/topics?limit=1')).body.openCount);
  const { id } = await submit('村口井盖松动');
  assert.is((await r.get('/api/topics/open-count')).body.openCount, before + 1);
  assert.is((await r.get(`/api/topics/open-count?organisationId=${village}`)).body.openCount, before + 1);
  await r.post(`/api/topics/${id}/decline`, { reply: '已通知镇市政所更换井盖。' });
  assert.is((await r.get('/api/topics/open-count')).body.openCount, before, 'a declined topic no longer waits');
  // Another village's count is not mine to read, and the query takes nothing else.
  const neighbour = await orgId('柳溪社区（演示）');
  const theirs = await r.get(`/api/topics/open-count?organisationId=${neighbour}`);
  assert.is(theirs.status, 403);
  assert.is((await r.get('/api/topics/open-count?status=received')).status, 400);
});

test('the queue filters by status and category and searches title and details', async () => {
  const r = await reviewer();
  await submit('池塘边护栏缺失', { details: '钓鱼的人多，小孩容易掉下去', category: '公共设施' });
  const found = await r.get(`/api/topics?q=${encodeURIComponent('钓鱼')}`);
  assert.equal(
    found.body.items.map((t: { title: string }) => t.title),
    ['池塘边护栏缺失'],
  );
  const declined = await r.get('/api/topics?status=declined');
  assert.ok(declined.body.items.length >= 1);
  assert.ok(declined.body.items.every((t: { status: string }) => t.status === 'declined'));
  const bad = await r.get('/api/topics?status=bogus');
  assert.is(bad.status, 400);
  const page = await r.get('/api/topics?limit=2');
  assert.is(page.body.items.length, 2);
  assert.ok(page.body.total > 2);
});

test('declining needs a written reply, which the resident then reads on the tracking page', async () => {
  const r = await reviewer();
  const { id, receipt } = await submit('建议把村道改成单行道');
  const noReply = await r.post(`/api/topics/${id}/decline`, { reply: '' });
  assert.is(noReply.status, 400);
  const res = await r.post(`/api/topics/${id}/decline`, { reply: '村道太窄无法改单行，已请镇里加装减速带。' });
  assert.is(res.status, 200);
  const track = (await resident().get(`/api/track/${receipt}`)).body;
  assert.is(track.status, 'declined');
  assert.equal(track.timeline.at(-1), {
    kind: 'declined',
    at: track.timeline.at(-1).at,
    note: '村道太窄无法改单行，已请镇里加装减速带。',
    detail: null,
  });
  const again = await r.post(`/api/topics/${id}/accept`, { ownerId: await userId('demo-representative') });
  assert.is(again.status, 409);
  assert.is(errorCode(again.body), 'conflict');
});

test('accepting sets one owner from the village; the response time is stored and the action audited', async () => {
  const r = await reviewer();
  const { id, receipt } = await submit('村卫生室周末不开门');
  const outsider = await r.post(`/api/topics/${id}/accept`, { ownerId: await userId('demo-department') });
  assert.is(outsider.status, 400);
  const res = await r.post(`/api/topics/${id}/accept`, { ownerId: await userId('demo-representative') });
  assert.is(res.status, 200);
  assert.is(res.body.status, 'accepted');
  assert.is(res.body.ownerName, '赵代表（演示）');
  assert.ok(res.body.firstActionAt);
  assert.is((await resident().get(`/api/track/${receipt}`)).body.status, 'accepted');
  assert.ok(await srv.db.models.AuditEvent.findOne({ where: { action: 'topic.accepted', subjectId: String(id) } }));
});

test('owner candidates are the village’s staff and those above it, never departments', async () => {
  const r = await reviewer();
  const { id } = await submit('村里WiFi信号差');
  const names = (await r.get(`/api/topics/${id}/owners`)).body.items.map((u: { displayName: string }) => u.displayName);
  assert.ok(names.includes('赵代表（演示）'));
  assert.ok(names.includes('系统管理员'));
  assert.not.ok(names.includes('镇农业服务中心（演示）'));
});

test('merging moves co-signs (once each) and the merged topic follows its target', async () => {
  const r = await reviewer();
  const target = await submit('菜市场门口积水');
  const duplicate = await submit('菜市场前面下雨就积水');
  await resident().post(`/api/topics/${target.id}/cosign`, { deviceId: 'merge-device-a' });
  await resident().post(`/api/topics/${duplicate.id}/cosign`, { deviceId: 'merge-device-a' });
  await resident().post(`/api/topics/${duplicate.id}/cosign`, { deviceId: 'merge-device-b' });
  const res = await r.post(`/api/topics/${duplicate.id}/merge`, { intoTopicId: target.id });
  assert.is(res.status, 200);
  const merged = await srv.db.models.Topic.findByPk(target.id);
  // 1 own co-sign + device-b moved (device-a already counted) + the duplicate's submitter.
  assert.is(merged!.cosignCount, 3);
  await r.post(`/api/topics/${target.id}/accept`, { ownerId: await userId('demo-representative') });
  const track = (await resident().get(`/api/track/${duplicate.receipt}`)).body;
  assert.is(track.status, 'merged');
  const kinds = track.timeline.map((e: { kind: string }) => e.kind);
  assert.equal(kinds.slice(-2), ['merged', 'accepted']);
  assert.is(track.timeline.find((e: { kind: string }) => e.kind === 'merged').detail, target.receipt);
  assert.is((await r.post(`/api/topics/${target.id}/merge`, { intoTopicId: target.id })).status, 400);
});

test('referring straight to a department keeps the referral for follow-up; the resident sees where it went, not the internal note', async () => {
  const r = await reviewer();
  const { id, receipt } = await submit('变压器嗡嗡响');
  const res = await r.post(`/api/topics/${id}/refer`, {
    organisationId: await orgId('青山镇（演示）'),
    note: '内部：请供电所周三前查看',
  });
  assert.is(res.status, 200);
  const referral = await srv.db.models.Referral.findOne({ where: { topicId: id } });
  assert.is(referral!.note, '内部：请供电所周三前查看');
  const track = (await resident().get(`/api/track/${receipt}`)).body;
  assert.is(track.status, 'referred');
  assert.is(track.timeline.at(-1).detail, '青山镇（演示）');
  assert.not.match(JSON.stringify(track), /内部/);
});

test('staff see the submitter’s phone unless the resident chose to be anonymous', async () => {
  const r = await reviewer();
  const named = await submit('路边树枝挡住视线');
  const anonymous = await submit('有人占用消防通道', { anonymous: true });
  assert.is((await r.get(`/api/topics/${named.id}`)).body.submitterPhone, '13600001111');
  const anon = (await r.get(`/api/topics/${anonymous.id}`)).body;
  assert.is(anon.submitterPhone, null);
  assert.is(anon.submitterName, null);
});

test('a reviewer of one village cannot see another village’s topics', async () => {
  const r = await reviewer();
  const other = await resident().post(`/api/intake/${srv.intakeCodes[1]}/topics`, {
    title: '柳溪社区停车难',
    category: '道路交通',
  });
  const topic = await srv.app.services.intake.findByReceipt(other.body.receipt);
  assert.is((await r.get(`/api/topics/${topic.id}`)).status, 403);
  const list = await r.get(`/api/topics?q=${encodeURIComponent('停车难')}`);
  assert.is(list.body.items.length, 0);
});

test.run();
