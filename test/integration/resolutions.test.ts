import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolutionDetail, ResolutionList, TrackedResolution } from '../../shared/schemas/resolution.js';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { orgIdOf, principalOf } from '../helpers/resolutions.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { closeMotion, createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * Resolutions from decision to close-out over the real API: drafting from a passed motion,
 * dispatch, accept, return, progress, report, the resident's rating (不满意 reopens), close-out,
 * deadlines against a fake clock, referrals, annulment and catch-up, notifications and webhooks.
 */
const DAY = 86_400_000;
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({
  clock,
  config: { loginRateLimit: 10_000, intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } },
});
test.after(() => srv.close());

const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
// Sessions expire as the fake clock moves on: every test signs in afresh.
let convener: Client, department: Client, admin: Client;
test.before.each(async () => {
  [convener, department, admin] = await Promise.all([login('demo-convener'), login('demo-department'), login('admin')]);
});
const village = await orgIdOf(srv, '桃园村（演示）');
const township = await orgIdOf(srv, '青山镇（演示）');
const county = await orgIdOf(srv, '示范县（演示）');

async function submit(title: string, name = '王阿姨', phoneNumber = '13600001111') {
  const res = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title,
    category: '公共设施',
    name,
    phone: phoneNumber,
    anonymous: false,
  });
  assert.is(res.status, 201, JSON.stringify(res.body));
  const topic = await srv.app.services.intake.findByReceipt(res.body.receipt);
  return { id: topic.id, receipt: res.body.receipt as string };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A topic accepted onto the agenda and passed by a show of votes: returns the drafted resolution's id. */
async function passedMotion(title: string) {
  const topic = await submit(title);
  const reviewer = await login('demo-reviewer');
  const owner = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!.id;
  assert.is((await reviewer.post(`/api/topics/${topic.id}/accept`, { ownerId: owner })).status, 200);
  const hall = await openHall(srv, { members: 3 });
  const added = await hall.convener.post(`/api/meetings/${hall.meetingId}/agenda`, { topicId: topic.id });
  assert.ok(added.status < 300, JSON.stringify(added.body));
  const item = (added.body.agenda as { id: number; topicId: number | null }[]).find((i) => i.topicId === topic.id)!;
  const motion = await createMotion(hall, { agendaItemId: item.id, question: `是否同意：${title}？` });
  await openMotion(hall, motion.id);
  for (const token of hall.tokens) {
    const p = await phone(srv, token);
    assert.ok((await p.vote(motion.id, [0])).ok);
    p.close();
  }
  const closed = await closeMotion(hall, motion.id);
  assert.ok(closed.result!.passed);
  hall.close();
  const resolution = await until(
    () => srv.db.models.Resolution.findOne({ where: { sourceKind: 'motion', sourceId: motion.id } }),
    'the drafted resolution',
  );
  return { topic, resolutionId: resolution.id, motionId: motion.id, hall };
}

const detail = async (c: Client, id: number): Promise<ResolutionDetail> => {
  const res = await c.get(`/api/resolutions/${id}`);
  assert.is(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const tracked = async (receipt: string): Promise<TrackedResolution> => {
  const res = await new Client(srv.url).get(`/api/track/${receipt}/resolutions`);
  assert.is(res.status, 200);
  return res.body.items[0];
};
const rate = (receipt: string, resolutionId: number, rating: string, comment = '') =>
  new Client(srv.url).post(`/api/track/${receipt}/rating`, {
    resolutionId,
    rating,
    comment,
    deviceId: 'resident-phone-0001',
  });

test('a passed motion becomes a draft answering its topic; dispatched, done, 不满意 reopens, 满意, closed out, on the board', async () => {
  const { topic, resolutionId: id } = await passedMotion('村东头路灯不亮');
  let r = await detail(convener, id);
  assert.is(r.state, 'draft');
  assert.equal(
    r.topics.map((t) => t.id),
    [topic.id],
  );
  assert.ok(r.actions.includes('dispatch'));
  // A draft is nobody's work yet: the resident does not see it, the department cannot touch it.
  assert.equal((await new Client(srv.url).get(`/api/track/${topic.receipt}/resolutions`)).body.items, []);
  assert.is((await department.post(`/api/resolutions/${id}/accept`)).status, 403);

  const dispatched = await convener.post(`/api/resolutions/${id}/dispatch`, {
    responsibleOrganisationId: township,
    deadline: '2026-12-10',
    collaborators: ['村委会'],
  });
  assert.is(dispatched.status, 200, JSON.stringify(dispatched.body));
  assert.is(dispatched.body.state, 'dispatched');
  assert.is(dispatched.body.deadline, '2026-12-10T15:59:59.000Z');
  // Accepting twice: the second is a conflict and changes nothing.
  assert.is((await department.post(`/api/resolutions/${id}/accept`)).body.state, 'accepted');
  assert.is(errorCode((await department.post(`/api/resolutions/${id}/accept`)).body), 'conflict');
  assert.is(
    (await department.post(`/api/resolutions/${id}/progress`, { note: '已订购灯具' })).body.state,
    'in_progress',
  );
  // Rating before the report is refused.
  assert.is((await rate(topic.receipt, id, 'satisfied')).status, 409);
  assert.is(
    (await department.post(`/api/resolutions/${id}/report`, { result: '更换路灯 3 盏' })).body.state,
    'reported',
  );
  // The owner cannot close out before a satisfactory rating.
  assert.is(errorCode((await convener.post(`/api/resolutions/${id}/close`, {})).body), 'conflict');

  let seen = await tracked(topic.receipt);
  assert.is(seen.state, 'reported');
  assert.ok(seen.canRate);
  assert.is(seen.result, '更换路灯 3 盏');
  const unhappy = await rate(topic.receipt, id, 'dissatisfied', '还有一盏不亮');
  assert.is(unhappy.status, 200, JSON.stringify(unhappy.body));
  seen = unhappy.body.items[0];
  assert.is(seen.state, 'reopened');
  assert.ok(seen.timeline.some((s) => s.kind === 'reopened' && s.note === '还有一盏不亮'));
  r = await detail(convener, id);
  assert.is(r.rating, 'dissatisfied');

  assert.is(
    (await department.post(`/api/resolutions/${id}/report`, { result: '4 盏全部修好' })).body.state,
    'reported',
  );
  const happy = await rate(topic.receipt, id, 'satisfied', '谢谢');
  assert.is(happy.body.items[0].state, 'reported');
  assert.is(happy.body.items[0].rating, 'satisfied');
  const closed = await convener.post(`/api/resolutions/${id}/close`, { speed: 4, quality: 5 });
  assert.is(closed.status, 200, JSON.stringify(closed.body));
  assert.is(closed.body.state, 'closed');
  assert.is(closed.body.unitQuality, 5);

  const kinds = (await detail(convener, id)).timeline.map((e) => e.kind);
  assert.equal(kinds, [
    'drafted',
    'dispatched',
    'accepted',
    'progress',
    'reported',
    'reopened',
    'reported',
    'rated_satisfied',
    'closed',
  ]);
  const row = (await srv.db.models.Resolution.findByPk(id))!;
  assert.ok(row.closedAt && row.ratedAt && row.dispatchedAt && row.reportedAt);
  const audit = await srv.db.models.AuditEvent.count({ where: { subjectType: 'resolution', subjectId: String(id) } });
  assert.is(audit, 8);

  const board = (await new Client(srv.url).get(`/api/board/${village}`)).body;
  const result = board.results.find((x: { id: number }) => x.id === id);
  assert.is(result.result, '4 盏全部修好');
  assert.is(result.rating, 'satisfied');
});

test('deadlines against the clock: due soon, then overdue, marked and notified once; a new deadline re-arms', async () => {
  const { resolutionId: id } = await passedMotion('水渠清淤');
  const deadline = new Date(clock.now().getTime() + 10 * DAY);
  await convener.post(`/api/resolutions/${id}/dispatch`, {
    responsibleOrganisationId: township,
    deadline: deadline.toISOString(),
  });
  const jobs = srv.app.services.resolutionJobs;
  const status = async () => (await detail(await login('demo-convener'), id)).deadlineStatus;
  assert.is(await status(), 'on_time');
  clock.advance(8 * DAY);
  assert.is(await status(), 'due_soon');
  const marked = await jobs.markDeadlines();
  assert.ok(marked.dueSoon >= 1);
  convener = await login('demo-convener');
  department = await login('demo-department');
  const list: ResolutionList = (await convener.get('/api/resolutions')).body;
  assert.ok(list.dueSoon >= 1);
  clock.advance(3 * DAY);
  assert.is(await status(), 'overdue');
  assert.ok((await jobs.markDeadlines()).overdue >= 1);
  assert.is((await jobs.markDeadlines()).overdue, 0, 'marked once');
  convener = await login('demo-convener');
  department = await login('demo-department');
  const overdueList: ResolutionList = (await convener.get(`/api/resolutions?organisationId=${village}`)).body;
  assert.ok(overdueList.items.some((i) => i.id === id && i.deadlineStatus === 'overdue'));
  await until(
    async () =>
      (await department.get('/api/notifications')).body.items.some((n: { kind: string }) => n.kind === 'overdue'),
    'the overdue notification',
  );
  // A new deadline (with its reason on the timeline) puts it back on time and re-arms the marks.
  const moved = await convener.post(`/api/resolutions/${id}/deadline`, {
    deadline: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
    reason: '需等待汛期结束',
  });
  assert.is(moved.body.deadlineStatus, 'on_time');
  assert.ok(moved.body.timeline.some((e: { kind: string }) => e.kind === 'deadline_changed'));
  assert.is((await srv.db.models.Resolution.findByPk(id))!.overdueNotifiedAt, null);
  // A deadline in the past is refused and nothing changes.
  const bad = await convener.post(`/api/resolutions/${id}/deadline`, { deadline: '2020-01-01', reason: '测试' });
  assert.is(bad.status, 400);
  assert.is(await status(), 'on_time');
});

test('a returned item goes back to the convener with its reason, hidden from the public, and is dispatched elsewhere', async () => {
  const { topic, resolutionId: id } = await passedMotion('小学门口减速带');
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  const returned = await department.post(`/api/resolutions/${id}/return`, { reason: '属于县交通局职责' });
  assert.is(returned.body.state, 'returned');
  const seen = await tracked(topic.receipt);
  assert.not.ok(JSON.stringify(seen).includes('县交通局'));
  await until(
    async () =>
      (await convener.get('/api/notifications')).body.items.some((n: { kind: string }) => n.kind === 'returned'),
    'the convener’s notification',
  );
  // Returned work is not the department's to report on.
  assert.is(errorCode((await department.post(`/api/resolutions/${id}/report`, { result: '完成' })).body), 'conflict');
  const again = await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: county });
  assert.is(again.body.state, 'dispatched');
  assert.is(again.body.responsibleOrganisationId, county);
  // The township department no longer holds it.
  assert.is((await department.post(`/api/resolutions/${id}/accept`)).status, 403);
  assert.ok((await detail(convener, id)).timeline.some((e) => e.kind === 'redispatched'));
});

test('即办: a referred topic and a referred visit are dispatched resolutions at once, linked to their topics', async () => {
  const topic = await submit('垃圾桶满了没人清');
  const reviewer = await login('demo-reviewer');
  const referred = await reviewer.post(`/api/topics/${topic.id}/refer`, {
    organisationId: township,
    note: '请尽快清运',
  });
  assert.is(referred.status, 200, JSON.stringify(referred.body));
  const r = (await srv.db.models.Resolution.findOne({ where: { sourceKind: 'referral' }, order: [['id', 'DESC']] }))!;
  assert.is(r.state, 'dispatched');
  assert.ok(r.deadline);
  const seen = await tracked(topic.receipt);
  assert.is(seen.state, 'dispatched');
  // The note is for the unit: on the staff timeline, not on the resident's.
  assert.not.ok(JSON.stringify(seen).includes('请尽快清运'));
  assert.ok((await detail(convener, r.id)).timeline.some((e) => e.note === '请尽快清运'));
  const inbox: ResolutionList = (await department.get('/api/resolutions?view=inbox')).body;
  assert.ok(inbox.items.some((i) => i.id === r.id));

  // A matter raised at the reception desk and referred from there.
  const studio = (await srv.db.models.Studio.findOne({ where: { organisationId: village } }))!;
  const visit = await srv.app.services.reception.recordVisit(await principalOf(srv, 'demo-representative'), studio.id, {
    ticketNumber: null,
    visitorName: '',
    visitorPhone: '',
    matter: '村口水渠堵了，下雨就漫到路上',
    category: '公共设施',
    answer: '',
    followUp: true,
  });
  const rep = await login('demo-representative');
  const fromDesk = await rep.post(`/api/visits/${visit.id}/referral`, { organisationId: township, note: '请镇里处理' });
  assert.is(fromDesk.status < 300, true, JSON.stringify(fromDesk.body));
  const v = (await srv.db.models.Resolution.findOne({ where: { sourceKind: 'visit', sourceId: visit.id } }))!;
  assert.is(v.state, 'dispatched');
  assert.is(await srv.db.models.ResolutionTopic.count({ where: { resolutionId: v.id } }), 1);
});

test('an annulled motion withdraws its draft; a decision recorded while nobody listened is drafted on start', async () => {
  const { resolutionId: id, motionId } = await passedMotion('修建文化广场');
  const decision = (await srv.db.models.Decision.findOne({ where: { motionId } }))!;
  // As the motion's annulment would: its decision no longer stands, announced after the commit.
  await decision.update({ annulledAt: clock.now(), annulReason: '程序有误' });
  srv.app.services.decisions.announceAnnulled(decision.id);
  await until(async () => (await srv.db.models.Resolution.findByPk(id))!.state === 'withdrawn', 'the withdrawal');

  // A decision whose announcement was lost (the process died after the commit).
  const lost = await srv.db.models.Decision.create({
    meetingId: decision.meetingId,
    agendaItemId: decision.agendaItemId,
    motionId: null,
    kind: 'consensus',
    text: '同意文化广场改在村西',
    resultStatement: { 'zh-CN': '协商一致', en: 'consensus' },
    createdAt: clock.now(),
    resolutionId: null,
    annulledAt: null,
    annulReason: null,
  });
  const caught = await srv.app.services.resolutionDrafts.catchUp();
  assert.ok(caught.drafted >= 1);
  const drafted = (await srv.db.models.Decision.findByPk(lost.id))!.resolutionId;
  assert.ok(drafted);
  assert.is((await srv.db.models.Resolution.findByPk(drafted))!.sourceKind, 'consensus');
  // Idempotent: announcing again or catching up again makes no second resolution.
  await srv.app.services.resolutionDrafts.fromDecision(lost.id);
  await srv.app.services.resolutionDrafts.catchUp();
  assert.is(await srv.db.models.Resolution.count({ where: { decisionId: lost.id } }), 1);
});

test('the department hears of a dispatch live, and reads its notifications', async () => {
  const { resolutionId: id } = await passedMotion('村卫生室漏雨');
  const socket = await connectSocket(srv.url, department.cookieHeader);
  assert.ok((await call(socket, 'resolutions:watch', { view: 'inbox' })).ok);
  const note = waitForMatch<{ unread: number; latest: { resolutionId: number } | null }>(
    socket,
    'notifications:changed',
    (c) => c.latest?.resolutionId === id,
  );
  const updated = waitForMatch<{ id: number; state: string }>(socket, 'resolution:updated', (u) => u.id === id);
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  assert.ok((await note).unread >= 1);
  assert.is((await updated).state, 'dispatched');
  socket.close();
  const list = (await department.get('/api/notifications')).body;
  const mine = list.items.find((n: { resolutionId: number }) => n.resolutionId === id);
  assert.match(mine.text, /新派单/);
  assert.is((await department.post(`/api/notifications/${mine.id}/read`)).status, 204);
  assert.is((await department.get('/api/notifications')).body.unread, list.unread - 1);
  // Somebody else's notification is not found.
  assert.is((await convener.post(`/api/notifications/${mine.id}/read`)).status, 404);
  assert.is((await department.post('/api/notifications/read-all')).status, 204);
  assert.is((await department.get('/api/notifications')).body.unread, 0);
});

test('webhooks: a WeCom robot that fails is retried with backoff and then delivered; admins see it', async () => {
  const received: unknown[] = [];
  let failures = 1;
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      if (failures-- > 0) return void res.writeHead(500).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
  try {
    assert.is(
      (await convener.request('PUT', `/api/organisations/${village}/webhook`, { url, format: 'wecom' })).status,
      403,
    );
    const set = await admin.request('PUT', `/api/organisations/${village}/webhook`, { url, format: 'wecom' });
    assert.is(set.status, 200, JSON.stringify(set.body));
    const { resolutionId: id } = await passedMotion('村口桥梁护栏松动');
    await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
    const deliveries = async () => (await admin.get(`/api/organisations/${village}/webhook`)).body.items;
    const first = await until(async () => {
      const d = (await deliveries()).find((x: { resolutionId: number; attempts: number }) => x.resolutionId === id);
      return d?.attempts === 1 ? d : null;
    }, 'the first attempt');
    assert.is(first.status, 'pending');
    assert.is(first.lastError, 'HTTP 500');
    assert.is(new Date(first.nextAttemptAt).getTime(), clock.now().getTime() + 30_000);
    // Not yet due: the retry job sends nothing.
    assert.is(await srv.app.services.webhooks.deliverDue(), 0);
    clock.advance(31_000);
    assert.is(await srv.app.services.webhooks.deliverDue(), 1);
    const done = (await deliveries()).find((x: { resolutionId: number }) => x.resolutionId === id);
    assert.is(done.status, 'delivered');
    assert.is(done.attempts, 2);
    const message = received.at(-1) as { msgtype: string; markdown: { content: string } };
    assert.is(message.msgtype, 'markdown');
    assert.match(message.markdown.content, /村口桥梁护栏松动/);
    assert.match(message.markdown.content, /青山镇/);
  } finally {
    await admin.request('PUT', `/api/organisations/${village}/webhook`, { url, format: 'wecom', enabled: false });
    receiver.close();
  }
});

test('public responses carry no phone numbers and no private submitter names', async () => {
  const topic = await submit('村委会门前积水', '钱秀英', '13912345678');
  const { resolutionId: id } = await passedMotion('村委会门前积水治理');
  await srv.db.models.ResolutionTopic.create({ resolutionId: id, topicId: topic.id });
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  await department.post(`/api/resolutions/${id}/accept`);
  await department.post(`/api/resolutions/${id}/report`, { result: '已疏通排水沟' });
  await rate(topic.receipt, id, 'basically_satisfied', '基本好了');
  const anonymous = new Client(srv.url);
  const names = (await srv.db.models.Topic.findAll()).map((t) => t.submitterName).filter((n): n is string => !!n);
  const users = (await srv.db.models.User.findAll()).map((u) => u.phone).filter((p): p is string => !!p);
  for (const path of [
    `/api/board/${village}`,
    `/api/board/${township}`,
    `/api/track/${topic.receipt}/resolutions`,
    `/api/board/${village}/minutes`,
  ]) {
    const res = await anonymous.get(path);
    assert.is(res.status, 200, path);
    const text = JSON.stringify(res.body);
    assert.not.match(text, /1[3-9]\d{9}/, `${path} shows a phone number`);
    for (const n of names) assert.not.ok(text.includes(n), `${path} shows ${n}`);
    for (const p of users) assert.not.ok(text.includes(p), `${path} shows ${p}`);
  }
});

test('a co-signer rates from the phone that co-signed; the submitter’s rating decides over it', async () => {
  const { topic, resolutionId: id } = await passedMotion('村口公交站没有雨棚');
  const cosigned = await new Client(srv.url).post(`/api/topics/${topic.id}/cosign`, { deviceId: 'neighbour-phone-01' });
  assert.is(cosigned.status, 200, JSON.stringify(cosigned.body));
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  await department.post(`/api/resolutions/${id}/accept`);
  await department.post(`/api/resolutions/${id}/report`, { result: '雨棚已建成' });
  const asCosigner = (deviceId: string, rating: string) =>
    new Client(srv.url).post(`/api/topics/${topic.id}/rating`, { resolutionId: id, rating, deviceId });
  assert.is((await asCosigner('stranger-phone-01', 'dissatisfied')).status, 403);
  assert.is((await asCosigner('neighbour-phone-01', 'basically_satisfied')).status, 204);
  assert.is((await detail(convener, id)).rating, 'basically_satisfied');
  // The submitter's 满意 decides; a co-signer's later 不满意 does not reopen it.
  assert.is((await rate(topic.receipt, id, 'satisfied')).status, 200);
  assert.is((await asCosigner('neighbour-phone-01', 'dissatisfied')).status, 204);
  const r = await detail(convener, id);
  assert.is(r.state, 'reported');
  assert.is(r.rating, 'satisfied');
  assert.is(r.ratings.length, 3);
});

test('the unit reports with photos; the board shows them re-encoded, without the camera’s metadata', async () => {
  const { default: sharp } = await import('sharp');
  const { resolutionId: id } = await passedMotion('村委会广场地砖破损');
  await convener.post(`/api/resolutions/${id}/dispatch`, { responsibleOrganisationId: township });
  await department.post(`/api/resolutions/${id}/accept`);
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Make: 'OldAndroid', Copyright: 'GPS 31.2,121.4' } } })
    .toBuffer();
  const form = new FormData();
  form.append('body', JSON.stringify({ result: '地砖已全部更换' }));
  form.append('photos', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'after.jpg');
  const res = await fetch(`${srv.url}/api/resolutions/${id}/report`, {
    method: 'POST',
    headers: { cookie: department.cookieHeader, 'x-csrf-token': department.csrfToken! },
    body: form,
  });
  assert.is(res.status, 200, await res.clone().text());
  const board = (await new Client(srv.url).get(`/api/board/${village}`)).body;
  assert.is(board.resolutions.find((r: { id: number }) => r.id === id).photoCount, 1);
  const photo = await fetch(`${srv.url}/api/board/resolutions/${id}/photos/0`);
  assert.is(photo.headers.get('content-type'), 'image/jpeg');
  const bytes = Buffer.from(await photo.arrayBuffer());
  assert.not.ok(bytes.includes('OldAndroid'));
  assert.is((await sharp(bytes).metadata()).exif, undefined);
  assert.is((await fetch(`${srv.url}/api/board/resolutions/${id}/photos/1`)).status, 404);
  // A draft's photos (there are none, but neither may its number be probed) are not public.
  const { resolutionId: draft } = await passedMotion('村委会广场增设座椅');
  assert.is((await fetch(`${srv.url}/api/board/resolutions/${draft}/photos/0`)).status, 404);
});

test('bad input is refused with a translated 4xx and changes nothing', async () => {
  const { resolutionId: id } = await passedMotion('垃圾分类亭');
  const before = (await srv.db.models.Resolution.findByPk(id))!.updatedAt.getTime();
  const cases: [string, unknown][] = [
    ['dispatch', { responsibleOrganisationId: 'x' }],
    ['dispatch', { responsibleOrganisationId: 999_999 }],
    ['dispatch', { responsibleOrganisationId: township, deadline: '2020-01-01' }],
    ['return', { reason: '' }],
    ['close', { speed: 9 }],
  ];
  for (const [verb, body] of cases) {
    const res = await convener.post(`/api/resolutions/${id}/${verb}`, body, { 'accept-language': 'en' });
    assert.ok(res.status >= 400 && res.status < 500, `${verb} ${JSON.stringify(body)}: ${res.status}`);
    errorCode(res.body);
  }
  assert.is((await srv.db.models.Resolution.findByPk(id))!.updatedAt.getTime(), before);
  assert.is(
    (await new Client(srv.url).post('/api/track/NOPE1234/rating', { resolutionId: id, rating: 'meh', deviceId: 'x' }))
      .status,
    400,
  );
});

test.run();
