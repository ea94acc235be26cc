import { test } from 'uvu';
import { claimConfirmedOver } from '../helpers/checkin.js';
import * as assert from 'uvu/assert';
import type { StaffTopicSummary } from '../../shared/schemas/intake.js';
import type { LiveState } from '../../shared/schemas/meeting.js';
import type { AddressInfo } from 'node:net';
import { createBalancer } from '../../scripts/lib/balancer.js';
import { from as page, socketHandshake, yjsHandshake } from '../helpers/origins.js';
import { dropRedisPrefix, REDIS_URL, seededPostgres, startInstance, uniquePrefix } from '../helpers/cluster.js';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, recordEvents, waitForEvent, waitForMatch, type TestSocket } from '../helpers/realtime.js';

/**
 * Two instances of `server/main.ts` on two ports over one PostgreSQL database and one Redis —
 * what runs behind a load balancer. Each test acts on one instance and watches the other.
 */
const database = await seededPostgres();
const prefix = uniquePrefix();
const env = {
  DATABASE_URL: database.url,
  REDIS_URL,
  REDIS_KEY_PREFIX: prefix,
  YISHI_LOGIN_RATE_LIMIT: '4',
  YISHI_INTAKE_DEVICE_LIMIT: '3',
  YISHI_ALLOWED_ORIGINS: 'https://yishi.example.cn',
};
const [A, B] = await Promise.all([startInstance('A', env), startInstance('B', env)]);
// The balancer of `npm run cluster`, in front of both.
const balancer = createBalancer([A.url, B.url]);
await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
const LB = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}`;
const sockets: TestSocket[] = [];
test.after(async () => {
  for (const s of sockets) s.close();
  balancer.close();
  balancer.closeAllConnections();
  await Promise.all([A.stop(), B.stop()]);
  await database.drop();
  await dropRedisPrefix(prefix);
});

// Login attempts are limited per address (and the limit is shared): each person here comes
// from an address of their own, as behind the proxy (X-Forwarded-For from loopback is trusted).
let addresses = 0;
const person = (url: string) => new Client(url, { 'x-forwarded-for': `198.51.100.${++addresses}` });
const login = (url: string, username: string) => person(url).login(username, database.password(username));
const socket = async (url: string, cookie = '') => {
  const s = await connectSocket(url, cookie);
  sockets.push(s);
  return s;
};
const orgId = async (c: Client, name: string) =>
  ((await c.get('/api/organisations')).body.items as { id: number; name: string }[]).find((o) => o.name === name)!.id;

/** A live meeting prepared by the convener on instance A, with a projector link. */
async function liveMeeting(convener: Client) {
  const village = await orgId(convener, '桃园村（演示）');
  const created = await convener.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '两个实例上的议事会',
    venue: '村委会会议室',
    startsAt: '2026-12-01T09:00:00+08:00',
    endsAt: '2026-12-01T11:00:00+08:00',
    body: 'representatives_meeting',
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  for (const title of ['村道硬化', '垃圾分类', '路灯维修'])
    assert.is((await convener.post(`/api/meetings/${id}/agenda`, { title, notes: '' })).status, 200);
  for (const name of ['王代表', '李代表'])
    await convener.post(`/api/meetings/${id}/invitees`, { name, category: 'representative', member: true });
  await convener.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  assert.is((await convener.post(`/api/meetings/${id}/transition`, { to: 'live' })).status, 200);
  const link = (await convener.post(`/api/meetings/${id}/screen-link`)).body.url as string;
  return { id, screenToken: new URL(link).searchParams.get('token')! };
}

const current = (s: LiveState) => s.agenda.find((i) => i.id === s.currentItemId)?.title;

test('a session cookie issued by A is accepted by B, over HTTP and on a socket', async () => {
  const c = await login(A.url, 'demo-reviewer');
  const onB = new Client(B.url);
  const me = await onB.get('/api/session', { cookie: c.cookieHeader });
  assert.is(me.status, 200);
  assert.is(me.body.user.username, 'demo-reviewer');
  const s = await socket(B.url, c.cookieHeader);
  const who = await call<{ username: string } | null>(s, 'session:get', {});
  assert.is(who.ok && who.data?.username, 'demo-reviewer');
  // And a logout on B ends it on A too.
  await onB.del('/api/session', { cookie: c.cookieHeader, 'x-csrf-token': c.csrfToken! });
  assert.is((await c.get('/api/session')).status, 401);
});

test('the convener drives the hall on A and the projector on B sees every change', async () => {
  const convener = await login(A.url, 'demo-convener');
  const meeting = await liveMeeting(convener);
  const projector = await socket(B.url);
  const joined = await call<LiveState>(projector, 'meeting:join', {
    meetingId: meeting.id,
    screenToken: meeting.screenToken,
  });
  assert.ok(joined.ok);
  assert.is(joined.ok && current(joined.data), '村道硬化');

  const console_ = await socket(A.url, convener.cookieHeader);
  assert.ok((await call(console_, 'meeting:join', { meetingId: meeting.id })).ok);
  const shown = recordEvents<LiveState>(projector, 'meeting:state');
  const commands = [
    { action: 'next' },
    { action: 'message', text: '请大家安静' },
    { action: 'timer', seconds: 120 },
    { action: 'next' },
    { action: 'previous' },
  ];
  for (const command of commands) {
    const acked = await call<LiveState>(console_, 'meeting:drive', { meetingId: meeting.id, ...command });
    assert.ok(acked.ok, JSON.stringify(acked));
    const version = acked.ok ? acked.data.version : 0;
    // Generous: two server processes and Redis share two cores with the rest of the suite.
    const seen = await shown.until((s) => s.version >= version, 15_000);
    assert.is(seen.version, version, 'the projector sees each version, not a later one only');
    assert.is(current(seen), acked.ok && current(acked.data));
    assert.is(seen.screenMessage, acked.ok && acked.data.screenMessage);
    assert.ok(seen.checkin, 'the projector is shown the check-in code');
  }

  // A participant checks in on B with the code the projector (served by B) shows; the console on A sees the quorum move.
  const state = await call<LiveState>(projector, 'meeting:join', {
    meetingId: meeting.id,
    screenToken: meeting.screenToken,
  });
  const code = state.ok && state.data.checkin!.code;
  const phone = person(B.url);
  const list = await phone.get(`/api/meetings/${meeting.id}/checkin?code=${code}`);
  const wang = list.body.invitees.find((i: { name: string }) => i.name === '王代表');
  const present = waitForMatch<LiveState>(console_, 'meeting:state', (s) => s.attendance.present === 1);
  // The phone on B asks; the desk (the convener's console on A) confirms.
  await claimConfirmedOver(B.url, convener, meeting.id, String(code), wang.id);
  assert.is((await present).attendance.present, 1);
});

test('a topic a resident submits on B appears live in the reviewer’s queue on A', async () => {
  const reviewer = await login(A.url, 'demo-reviewer');
  const village = await orgId(reviewer, '桃园村（演示）');
  const queue = await socket(A.url, reviewer.cookieHeader);
  assert.ok((await call(queue, 'review:watch', { organisationId: village })).ok);
  const received = waitForMatch<StaffTopicSummary>(queue, 'topic:received', (t) => t.title === '两个实例之间的路灯');
  const resident = person(B.url);
  const submitted = await resident.post(`/api/intake/${database.intakeCodes[0]}/topics`, {
    title: '两个实例之间的路灯',
    details: '晚上太黑',
    category: '公共设施',
  });
  assert.is(submitted.status, 201, JSON.stringify(submitted.body));
  assert.is((await received).title, '两个实例之间的路灯');
});

test('an intake code disabled on A is refused on B at once, not after its cache expires', async () => {
  const reviewer = await login(A.url, 'admin');
  const code = database.intakeCodes[1]!;
  const resident = person(B.url);
  assert.is((await resident.get(`/api/intake/${code}`)).status, 200, 'B has the code cached now');
  const village = await orgId(reviewer, '柳溪社区（演示）');
  const codes = await reviewer.get(`/api/organisations/${village}/intake-codes`);
  const row = codes.body.items.find((c: { code: string }) => c.code === code);
  assert.is((await reviewer.patch(`/api/intake-codes/${row.id}`, { disabled: true })).status, 200);
  const started = Date.now();
  for (;;) {
    const res = await resident.get(`/api/intake/${code}`);
    if (res.status === 404) break;
    assert.ok(Date.now() - started < 2_000, 'B still accepts the disabled code after two seconds (its cache lives 5)');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('logging out everywhere on A ends the user’s live sockets on B', async () => {
  const secretary = await login(A.url, 'demo-secretary');
  const onB = await socket(B.url, secretary.cookieHeader);
  const ended = waitForEvent(onB, 'session:ended');
  const disconnected = new Promise((resolve) => onB.once('disconnect', resolve));
  assert.is((await secretary.del('/api/session?everywhere=1')).status, 204);
  await ended;
  await disconnected;
});

test('rate limits are shared: attempts on A and on B count against one limit', async () => {
  // Login: 4 per address per 15 minutes, whichever instance answers.
  const from = { 'x-forwarded-for': '203.0.113.77' };
  const statuses: number[] = [];
  for (const url of [A.url, B.url, A.url, B.url, A.url, B.url]) {
    const res = await new Client(url, from).post('/api/session', { username: 'nobody', password: 'wrong' });
    statuses.push(res.status);
    if (res.status === 429) assert.is(errorCode(res.body), 'rate_limited');
  }
  assert.equal(statuses, [401, 401, 401, 401, 429, 429]);

  // Topic submissions: 3 per device per 10 minutes.
  const device = { 'x-device-id': 'shared-limit-device-1', 'x-forwarded-for': '203.0.113.78' };
  const submit = (url: string, n: number) =>
    new Client(url, device).post(`/api/intake/${database.intakeCodes[0]}/topics`, {
      title: `同一部手机的第${n}条`,
      details: '测试共享限流',
      category: '公共设施',
    });
  const results = [];
  for (const [n, url] of [A.url, B.url, A.url, B.url].entries()) results.push((await submit(url, n)).status);
  assert.equal(results, [201, 201, 201, 429]);
});

test('every instance refuses Socket.IO and Yjs handshakes from a foreign page, and admits the service’s own', async () => {
  const convener = await login(A.url, 'demo-convener');
  const village = await orgId(convener, '桃园村（演示）');
  const cases: [string | undefined, boolean][] = [
    ['http://127.0.0.1:1', false],
    ['https://evil.example.com', false],
    ['http://127.0.0.1', true], // PUBLIC_URL
    ['https://yishi.example.cn', true], // YISHI_ALLOWED_ORIGINS
    [undefined, true],
  ];
  for (const url of [A.url, B.url])
    for (const [origin, admitted] of cases) {
      const headers = page(origin, convener.cookieHeader);
      assert.is((await socketHandshake(url, headers)).kind === 'open', admitted, `socket.io on ${url} from ${origin}`);
      const doc = await yjsHandshake(url, `scratch:${village}`, headers);
      assert.is(doc.kind === 'open', admitted, `yjs on ${url} from ${origin}: ${JSON.stringify(doc)}`);
    }
});

test('through the balancer, a person logs in and follows the hall whichever instance answers', async () => {
  const convener = await login(LB, 'demo-convener');
  const meeting = await liveMeeting(convener);
  const projector = await socket(LB);
  assert.ok((await call(projector, 'meeting:join', { meetingId: meeting.id, screenToken: meeting.screenToken })).ok);
  const shown = recordEvents<LiveState>(projector, 'meeting:state');
  // Each request may land on either instance; the session and the hall are the same on both.
  for (let i = 0; i < 4; i++) {
    const console_ = await socket(LB, convener.cookieHeader);
    const r = await call<LiveState>(console_, 'meeting:drive', { meetingId: meeting.id, action: 'next' });
    assert.ok(r.ok, JSON.stringify(r));
    await shown.until((s) => r.ok && s.version === r.data.version);
  }
});

test('stopping one instance gracefully sends only its own clients away; the others stay connected', async () => {
  const C = await startInstance('C', env);
  const onC = await socket(C.url);
  const onA = await socket(A.url);
  let told = false;
  onA.on('server:restarting', () => (told = true));
  const cTold = waitForEvent(onC, 'server:restarting');
  await C.stop('SIGTERM');
  assert.is((await C.exited).code, 0);
  await cTold;
  // Give a stray cluster-wide disconnect time to arrive, then check A's client never saw one.
  await new Promise((r) => setTimeout(r, 500));
  assert.is(onA.connected, true);
  assert.is(told, false);
  assert.ok((await call(onA, 'session:get', {})).ok);
});

test('instance A is killed mid-meeting: its clients reconnect to B and resume the same state', async () => {
  const convener = await login(A.url, 'demo-convener');
  const meeting = await liveMeeting(convener);
  const onA = {
    console: await socket(A.url, convener.cookieHeader),
    projector: await socket(A.url),
  };
  assert.ok((await call(onA.console, 'meeting:join', { meetingId: meeting.id })).ok);
  assert.ok(
    (await call(onA.projector, 'meeting:join', { meetingId: meeting.id, screenToken: meeting.screenToken })).ok,
  );
  let acknowledged: LiveState | null = null;
  for (const command of [{ action: 'next' }, { action: 'next' }, { action: 'message', text: '休息五分钟' }]) {
    const r = await call<LiveState>(onA.console, 'meeting:drive', { meetingId: meeting.id, ...command });
    assert.ok(r.ok);
    if (r.ok) acknowledged = r.data;
  }
  const lost = new Promise((resolve) => onA.projector.once('disconnect', resolve));
  A.proc.kill('SIGKILL');
  assert.is((await A.exited).signal, 'SIGKILL');
  await lost;

  // The clients point at B (as the proxy would), rejoin and find the hall as they left it.
  const projector = await socket(B.url);
  const resumed = await call<LiveState>(projector, 'meeting:join', {
    meetingId: meeting.id,
    screenToken: meeting.screenToken,
  });
  assert.ok(resumed.ok);
  if (!resumed.ok || !acknowledged) return;
  assert.is(resumed.data.version, acknowledged.version, 'nothing acknowledged before the crash is lost');
  assert.is(current(resumed.data), '路灯维修');
  assert.is(resumed.data.screenMessage, '休息五分钟');
  // The cookie still works on B, and the hall goes on from where it was.
  const console_ = await socket(B.url, convener.cookieHeader);
  assert.ok((await call(console_, 'meeting:join', { meetingId: meeting.id })).ok);
  const shown = recordEvents<LiveState>(projector, 'meeting:state');
  const back = await call<LiveState>(console_, 'meeting:drive', { meetingId: meeting.id, action: 'previous' });
  assert.ok(back.ok);
  const seen = await shown.until((s) => back.ok && s.version === back.data.version);
  assert.is(current(seen), '垃圾分类');

  // The balancer routes around the dead instance: every request is answered, sockets connect.
  for (let i = 0; i < 6; i++) assert.is((await fetch(`${LB}/readyz`)).status, 200);
  const viaBalancer = await socket(LB);
  assert.ok((await call(viaBalancer, 'meeting:join', { meetingId: meeting.id, screenToken: meeting.screenToken })).ok);
});

test.run();
