import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JoinedMeeting, LiveState, MeetingView } from '../../shared/schemas/meeting.js';
import { checkinCode } from '../../server/services/checkin-code.js';
import { Client, errorCode } from '../helpers/http.js';
import { checkInAtDesk } from '../helpers/checkin.js';
import { call, connectSocket, waitForEvent, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

/**
 * What the hall relies on beyond the basic walk-through in meetings.test.ts: the list and the
 * pickers, round-table suggestions, personal links and remote attendance, withdrawing links,
 * staff check-in, concurrent check-ins, photos for the projector, and nothing changing once
 * a meeting is closed.
 */
const clock = new FakeClock(new Date('2026-11-20T01:00:00Z'));
const srv = await startTestServer({ clock });
test.after(() => srv.close());
const orgId = async (n: string) => (await srv.db.models.Organisation.findOne({ where: { name: n } }))!.id;
const userId = async (u: string) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id;
const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
const code = async (meetingId: number) =>
  checkinCode((await srv.db.models.Meeting.findByPk(meetingId))!.checkinSecret, clock.now()).code;

/** A live meeting of the demo convener with two items and three member guests (quorum 2 of 3). */
async function liveMeeting(c: Client, extra: Record<string, unknown> = {}): Promise<MeetingView> {
  const created = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'consultation',
    title: '协商议事会',
    venue: '村委会会议室',
    startsAt: '2026-11-20T09:00:00+08:00',
    endsAt: '2026-11-20T11:00:00+08:00',
    body: 'representatives_meeting',
    ...extra,
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  await c.post(`/api/meetings/${id}/agenda`, { title: '村道硬化方案', notes: '' });
  await c.post(`/api/meetings/${id}/agenda`, { title: '垃圾分类试点', notes: '' });
  for (const name of ['王代表', '李代表', '张代表'])
    await c.post(`/api/meetings/${id}/invitees`, { name, category: 'representative', member: true });
  await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  return (await c.post(`/api/meetings/${id}/transition`, { to: 'live' })).body as MeetingView;
}
const inviteeId = (m: MeetingView, name: string) => m.invitees.find((i) => i.name === name)!.id;
const tokenOf = (url: string, key: string) => new URL(url).searchParams.get(key)!;

test('meetings are listed newest first by status and page; organisers pick staff of the organisation', async () => {
  const c = await login('demo-convener');
  const live = await c.get('/api/meetings?status=live&limit=1');
  assert.is(live.status, 200);
  assert.is(live.body.items.length, 1);
  assert.ok(live.body.total >= 1);
  assert.ok(live.body.items.every((m: { status: string }) => m.status === 'live'));
  const all = await c.get('/api/meetings?limit=200');
  const starts = all.body.items.map((m: { startsAt: string }) => m.startsAt);
  assert.equal(starts, [...starts].sort().reverse());
  const neighbour = await (await login('admin')).get(`/api/meetings?organisationId=${await orgId('柳溪社区（演示）')}`);
  assert.is(neighbour.body.items.length, 0, 'filtered to the organisation asked for');

  const staff = await c.get(`/api/organisations/${await orgId('桃园村（演示）')}/meeting-staff`);
  const names = staff.body.items.map((u: { displayName: string }) => u.displayName);
  assert.ok(
    staff.body.items.some((u: { roles: string[] }) => u.roles.includes('secretary')),
    String(names),
  );
  const reviewer = await login('demo-reviewer');
  assert.is((await reviewer.get(`/api/organisations/${await orgId('桃园村（演示）')}/meeting-staff`)).status, 403);
});

test('the agenda builder offers accepted topics; a round-table flags those open over 30 days', async () => {
  const c = await login('demo-convener');
  const created = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'roundtable',
    title: '圆桌会议',
    venue: '党群服务中心',
    startsAt: '2027-01-05T09:00:00+08:00',
    endsAt: '2027-01-05T11:00:00+08:00',
  });
  const id = created.body.id as number;
  const before = await c.get(`/api/meetings/${id}/candidates`);
  assert.ok(before.body.items.length >= 1);
  assert.ok(
    before.body.items.every((t: { stalled: boolean }) => !t.stalled),
    'the demo topics are fresh',
  );
  // A month and a day later they have been open too long.
  clock.advance(31 * 86_400_000);
  const after = await (await login('demo-convener')).get(`/api/meetings/${id}/candidates`);
  assert.ok(after.body.items.every((t: { stalled: boolean; daysOpen: number }) => t.stalled && t.daysOpen >= 31));
  clock.advance(-31 * 86_400_000);
  const topicId = after.body.items[0].topicId as number;
  assert.is((await c.post(`/api/meetings/${id}/agenda`, { topicId })).status, 200);
  const again = await c.post(`/api/meetings/${id}/agenda`, { topicId });
  assert.is(again.status, 409);
  assert.match(again.body.error.message, /已经在议程中/);
  const remaining = await c.get(`/api/meetings/${id}/candidates`);
  assert.not.ok(
    remaining.body.items.some((t: { topicId: number }) => t.topicId === topicId),
    'placed topics leave the list',
  );
});

test('a personal link follows the meeting remotely; it counts as present only where the organisation allows remote voting', async () => {
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  const zhang = inviteeId(m, '张代表');
  const link = await c.post(`/api/meetings/${m.id}/invitees/${zhang}/invite-link`);
  assert.is(link.status, 200);
  assert.match(link.body.url, new RegExp(`/m/${m.id}\\?invite=`));
  const phone = await connectSocket(srv.url);
  const joined = await call<JoinedMeeting>(phone, 'meeting:join', {
    meetingId: m.id,
    inviteToken: tokenOf(link.body.url, 'invite'),
  });
  assert.ok(joined.ok);
  const data = joined.ok ? joined.data : null;
  assert.equal(data!.you, { inviteeId: zhang, name: '张代表' });
  assert.is(data!.viewer, 'participant');
  assert.is(data!.checkin, null, 'phones never get the check-in code');
  const view = (await c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.is(view.invitees.find((i) => i.id === zhang)!.method, 'remote');
  assert.equal([view.attendance.present, view.attendance.remote], [0, 1]);

  const admin = await login('admin');
  const village = await orgId('桃园村（演示）');
  const settings = (await admin.get('/api/organisations')).body.items.find(
    (o: { id: number }) => o.id === village,
  ).settings;
  await admin.patch(`/api/organisations/${village}`, { settings: { ...settings, allowRemoteVoting: true } });
  const counted = (await c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.is(counted.remoteVoting, true);
  assert.equal([counted.attendance.present, counted.attendance.remote], [1, 1]);
  await admin.patch(`/api/organisations/${village}`, { settings });

  // A new link ends the old one at once, on the phone that used it too.
  const revoked = waitForEvent<{ reason: string }>(phone, 'meeting:revoked');
  const second = await c.post(`/api/meetings/${m.id}/invitees/${zhang}/invite-link`);
  assert.is((await revoked).reason, 'pass');
  const stale = await call(await connectSocket(srv.url), 'meeting:join', {
    meetingId: m.id,
    inviteToken: tokenOf(link.body.url, 'invite'),
  });
  assert.is(!stale.ok && stale.error.code, 'forbidden');
  assert.match(!stale.ok ? stale.error.message : '', /参会链接已失效/);
  // Withdrawn: the newest link stops too.
  await c.del(`/api/meetings/${m.id}/invitees/${zhang}/invite-link`);
  const withdrawn = await call(await connectSocket(srv.url), 'meeting:join', {
    meetingId: m.id,
    inviteToken: tokenOf(second.body.url, 'invite'),
  });
  assert.is(withdrawn.ok, false);
  phone.close();
});

test('withdrawing the projector link, or issuing a new one, ends the screens showing it', async () => {
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  const first = (await c.post(`/api/meetings/${m.id}/screen-link`)).body.url as string;
  assert.match(first, new RegExp(`/m/${m.id}/screen\\?token=`));
  const screen = await connectSocket(srv.url);
  assert.ok((await call(screen, 'meeting:join', { meetingId: m.id, screenToken: tokenOf(first, 'token') })).ok);
  const ended = waitForEvent<{ reason: string }>(screen, 'meeting:revoked');
  const second = (await c.post(`/api/meetings/${m.id}/screen-link`)).body.url as string;
  assert.is((await ended).reason, 'screen_link');

  const current = await connectSocket(srv.url);
  assert.ok((await call(current, 'meeting:join', { meetingId: m.id, screenToken: tokenOf(second, 'token') })).ok);
  // The old screen no longer hears the hall; the current one does.
  let leaked = false;
  screen.on('meeting:state', () => (leaked = true));
  const heard = waitForMatch<LiveState>(current, 'meeting:state', (s) => s.screenMessage === '休息十分钟');
  const staff = await connectSocket(srv.url, c.cookieHeader);
  await call(staff, 'meeting:drive', { meetingId: m.id, action: 'message', text: '休息十分钟' });
  await heard;
  assert.not.ok(leaked);

  const gone = waitForEvent(current, 'meeting:revoked');
  assert.is((await c.del(`/api/meetings/${m.id}/screen-link`)).status, 204);
  await gone;
  const view = (await c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.is(view.hasScreenLink, false);
  const trail = await srv.db.models.AuditEvent.findAll({
    where: { subjectType: 'meeting', subjectId: String(m.id) },
    order: [['id', 'ASC']],
  });
  const actions = trail.map((e) => e.action);
  assert.equal(
    actions.filter((a) => a.startsWith('meeting.screen_link')),
    ['meeting.screen_link_issued', 'meeting.screen_link_issued', 'meeting.screen_link_revoked'],
    'every projector link issued or withdrawn is in the audit trail',
  );
  const refused = await call(await connectSocket(srv.url), 'meeting:join', {
    meetingId: m.id,
    screenToken: tokenOf(second, 'token'),
  });
  assert.match(!refused.ok ? refused.error.message : '', /投屏链接已失效/);
  for (const s of [screen, current, staff]) s.close();
});

test('a staff invitee checks in only while logged in as themselves', async () => {
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  await c.post(`/api/meetings/${m.id}/invitees`, { userId: await userId('demo-secretary'), member: true });
  const view = (await c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  const secretary = view.invitees.find((i) => i.category === 'staff')!;
  const anonymous = new Client(srv.url);
  const list = await anonymous.get(`/api/meetings/${m.id}/checkin?code=${await code(m.id)}`);
  assert.is(list.body.invitees.find((i: { id: number }) => i.id === secretary.id).staff, true);
  assert.is(list.body.mine, null);
  const body = { code: await code(m.id), inviteeId: secretary.id };
  const unauthenticated = await anonymous.post(`/api/meetings/${m.id}/checkin`, body);
  assert.is(unauthenticated.status, 401);
  assert.match(unauthenticated.body.error.message, /请先登录/);
  assert.is((await c.post(`/api/meetings/${m.id}/checkin`, body)).status, 403, 'not for someone else');
  const self = await login('demo-secretary');
  assert.is((await self.get(`/api/meetings/${m.id}/checkin?code=${body.code}`)).body.mine, secretary.id);
  assert.is((await self.post(`/api/meetings/${m.id}/checkin`, body)).status, 200);
});

test('a hall checking in at once: every confirmed check-in is counted and every change has its own version', async () => {
  const c = await login('demo-convener');
  const created = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'consultation',
    title: '村民代表会议',
    venue: '礼堂',
    startsAt: '2026-11-20T09:00:00+08:00',
    endsAt: '2026-11-20T11:00:00+08:00',
    body: 'representatives_meeting',
  });
  const id = created.body.id as number;
  await c.post(`/api/meetings/${id}/agenda`, { title: '议程一', notes: '' });
  for (let i = 0; i < 30; i++)
    await c.post(`/api/meetings/${id}/invitees`, { name: `代表${i}`, category: 'representative', member: true });
  await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  const view = (await c.post(`/api/meetings/${id}/transition`, { to: 'live' })).body as MeetingView;
  const projector = await connectSocket(srv.url);
  const link = (await c.post(`/api/meetings/${id}/screen-link`)).body.url as string;
  await call(projector, 'meeting:join', { meetingId: id, screenToken: tokenOf(link, 'token') });
  const versionBefore = (await srv.db.models.Meeting.findByPk(id))!.version;
  const all = waitForMatch<LiveState>(projector, 'meeting:state', (s) => s.attendance.present === 30, 15_000);
  const phones = view.invitees.map(() => new Client(srv.url));
  const codeNow = await code(id);
  const results = await Promise.all(
    view.invitees.map((i, n) => phones[n]!.post(`/api/meetings/${id}/checkin`, { code: codeNow, inviteeId: i.id })),
  );
  assert.ok(
    results.every((r) => r.status === 200 && r.body.status === 'pending'),
    JSON.stringify(results.map((r) => r.status)),
  );
  // The desk confirms them all at once (two consoles in a real hall; here, thirty at a time).
  const waiting = (await c.get(`/api/meetings/${id}/checkin-requests`)).body.items as { id: number }[];
  const decided = await Promise.all(
    waiting.map((r) => c.post(`/api/meetings/${id}/checkin-requests/${r.id}/decision`, { confirm: true })),
  );
  assert.ok(decided.every((r) => r.status === 200));
  const final = await all;
  assert.equal([final.attendance.present, final.attendance.quorumMet], [30, true]);
  assert.is((await srv.db.models.Meeting.findByPk(id))!.version, versionBefore + 30, 'one version per check-in');
  projector.close();
});

test('the projector and participants see a topic’s photos by their link; strangers do not', async () => {
  const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
    .jpeg()
    .toBuffer();
  const { receipt } = await srv.app.services.intake.submit(
    srv.intakeCodes[0]!,
    {
      title: '桥面裂缝需要维修',
      details: '雨后裂缝变宽。',
      category: '道路交通',
      location: '',
      gridId: null,
      name: '',
      phone: '',
      anonymous: false,
      website: '',
    },
    [photo],
    null,
  );
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const reviewer = await login('demo-reviewer');
  await reviewer.post(`/api/topics/${topic.id}/accept`, { ownerId: await userId('demo-representative') });
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  const added = (await c.post(`/api/meetings/${m.id}/agenda`, { topicId: topic.id })).body as MeetingView;
  const item = added.agenda.find((i) => i.topicId === topic.id)!;
  assert.is(item.photoCount, 1);
  const path = `/api/meetings/${m.id}/agenda/${item.id}/photos/0`;
  const screen = tokenOf((await c.post(`/api/meetings/${m.id}/screen-link`)).body.url, 'token');
  const pass = tokenOf(
    (await c.post(`/api/meetings/${m.id}/invitees/${inviteeId(m, '王代表')}/invite-link`)).body.url,
    'invite',
  );
  const stranger = new Client(srv.url);
  for (const [query, status] of [
    [`?token=${screen}`, 200],
    [`?token=${pass}`, 200],
    ['?token=not-a-real-token-at-all', 403],
    ['', 401],
  ] as const) {
    const res = await fetch(srv.url + path + query);
    assert.is(res.status, status, query);
    if (status === 200) assert.is(res.headers.get('content-type'), 'image/jpeg');
  }
  assert.is((await c.get(path)).status, 200, 'staff by their session');
  assert.is((await stranger.get(`/api/meetings/${m.id}/agenda/${item.id}/photos/1`)).status, 401);
});

test('the console drives the screen mode, a message and the countdown; the state carries the server clock', async () => {
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  const socket = await connectSocket(srv.url, c.cookieHeader);
  await call(socket, 'meeting:join', { meetingId: m.id });
  const drive = (command: Record<string, unknown>) =>
    call<LiveState>(socket, 'meeting:drive', { meetingId: m.id, ...command });
  const timed = await drive({ action: 'timer', seconds: 180 });
  assert.ok(timed.ok);
  const s = timed.ok ? timed.data : null;
  assert.is(Date.parse(s!.timerEndsAt!) - Date.parse(s!.serverNow), 180_000);
  assert.is(s!.serverNow, clock.now().toISOString());
  const mode = await drive({ action: 'screen', mode: 'attendance' });
  assert.is(mode.ok && mode.data.screenMode, 'attendance');
  const bad = await drive({ action: 'goto', itemId: 999_999 });
  assert.is(!bad.ok && bad.error.code, 'validation_failed');
  const unknownMode = await drive({ action: 'screen', mode: 'fireworks' });
  assert.is(!unknownMode.ok && unknownMode.error.code, 'validation_failed');
  // Other staff of the village watch, but cannot drive.
  const reviewer = await connectSocket(srv.url, (await login('demo-reviewer')).cookieHeader);
  const watched = await call<JoinedMeeting>(reviewer, 'meeting:join', { meetingId: m.id });
  assert.is(watched.ok && watched.data.canDrive, false);
  const refused = await call(reviewer, 'meeting:drive', { meetingId: m.id, action: 'next' });
  assert.is(!refused.ok && refused.error.code, 'forbidden');
  for (const x of [socket, reviewer]) x.close();
});

test('unpublishing takes a meeting off the board; the body is fixed once live; a closed meeting changes no more', async () => {
  const c = await login('demo-convener');
  const created = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'consultation',
    title: '撤回测试',
    venue: '村委会',
    startsAt: '2026-12-20T09:00:00+08:00',
    endsAt: '2026-12-20T11:00:00+08:00',
  });
  const id = created.body.id as number;
  assert.ok((await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' })).body.publishedAt);
  assert.is((await c.post(`/api/meetings/${id}/transition`, { to: 'draft' })).body.publishedAt, null);

  const m = await liveMeeting(c);
  const fixed = await c.patch(`/api/meetings/${m.id}`, { body: 'free_consultation' });
  assert.is(fixed.status, 409);
  assert.match(fixed.body.error.message, /议事主体/);
  assert.is((await c.patch(`/api/meetings/${m.id}`, { venue: '村委会二楼' })).body.venue, '村委会二楼');
  const wang = inviteeId(m, '王代表');
  const absent = await c.post(`/api/meetings/${m.id}/attendance`, { inviteeId: wang, present: false });
  assert.equal(
    [absent.body.invitees.find((i: { id: number }) => i.id === wang).present, absent.body.attendance.present],
    [false, 0],
  );

  await c.post(`/api/meetings/${m.id}/transition`, { to: 'closed' });
  const attempts = [
    c.patch(`/api/meetings/${m.id}`, { title: '改名' }),
    c.post(`/api/meetings/${m.id}/agenda`, { title: '追加议程', notes: '' }),
    c.post(`/api/meetings/${m.id}/agenda/order`, { itemIds: m.agenda.map((i) => i.id).reverse() }),
    c.del(`/api/meetings/${m.id}/agenda/${m.agenda[0]!.id}`),
    c.post(`/api/meetings/${m.id}/invitees`, { name: '迟到者', category: 'resident', member: false }),
    c.del(`/api/meetings/${m.id}/invitees/${wang}`),
    c.post(`/api/meetings/${m.id}/attendance`, { inviteeId: wang, present: true }),
    c.post(`/api/meetings/${m.id}/invitees/${wang}/invite-link`),
    c.post(`/api/meetings/${m.id}/screen-link`),
  ];
  for (const res of await Promise.all(attempts)) {
    assert.is(res.status, 409, JSON.stringify(res.body));
    assert.is(errorCode(res.body), 'conflict');
  }
  const socket = await connectSocket(srv.url, c.cookieHeader);
  const drive = await call(socket, 'meeting:drive', { meetingId: m.id, action: 'next' });
  assert.is(!drive.ok && drive.error.code, 'conflict');
  const checkin = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, {
    code: await code(m.id),
    inviteeId: wang,
  });
  assert.is(checkin.status, 404);
  const after = (await c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.equal(
    [after.title, after.agenda.length, after.invitees.length],
    ['协商议事会', 2, 3],
    'nothing changed after closing',
  );
  socket.close();
});

test('removing an invitee ends their pass and their place in the count', async () => {
  const c = await login('demo-convener');
  const m = await liveMeeting(c);
  const li = inviteeId(m, '李代表');
  const token = await checkInAtDesk(srv, m.id, li);
  const phone = await connectSocket(srv.url);
  await call(phone, 'meeting:join', { meetingId: m.id, inviteToken: token });
  const ended = waitForEvent(phone, 'meeting:revoked');
  const after = await c.del(`/api/meetings/${m.id}/invitees/${li}`);
  assert.is(after.status, 200);
  await ended;
  assert.equal([after.body.attendance.expected, after.body.attendance.present], [2, 0]);
  phone.close();
});

test.run();
