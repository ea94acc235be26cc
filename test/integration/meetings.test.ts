import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LiveState } from '../../shared/schemas/meeting.js';
import { Client, errorCode } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';

const clock = new FakeClock(new Date('2026-11-20T01:00:00Z'));
const srv = await startTestServer({ clock });
test.after(() => srv.close());
const orgId = async (n: string) => (await srv.db.models.Organisation.findOne({ where: { name: n } }))!.id;
const userId = async (u: string) => (await srv.db.models.User.findOne({ where: { username: u } }))!.id;
const convener = () => new Client(srv.url).login('demo-convener', srv.password('demo-convener'));

async function newMeeting(c: Client, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'consultation',
    title: '桃园村协商议事会',
    venue: '村委会会议室',
    startsAt: '2026-11-25T09:00:00+08:00',
    endsAt: '2026-11-25T11:00:00+08:00',
    body: 'representatives_meeting',
    secretaryIds: [await userId('demo-secretary')],
    ...extra,
  });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number };
}

test('an accepted topic put on the agenda shows the meeting on the resident’s tracking page', async () => {
  const c = await convener();
  const meeting = await newMeeting(c);
  const accepted = await srv.db.models.Topic.findOne({ where: { status: 'accepted' } });
  const res = await c.post(`/api/meetings/${meeting.id}/agenda`, { topicId: accepted!.id });
  assert.is(res.status, 200);
  assert.is(res.body.agenda[0].title, accepted!.title);
  const track = (await new Client(srv.url).get(`/api/track/${accepted!.receipt}`)).body;
  assert.is(track.timeline.at(-1).kind, 'placed_on_agenda');
  const declined = await srv.db.models.Topic.findOne({ where: { status: 'declined' } });
  assert.is((await c.post(`/api/meetings/${meeting.id}/agenda`, { topicId: declined!.id })).status, 400);
});

test('a villagers’ assembly published fewer than 10 days ahead carries a warning', async () => {
  const c = await convener();
  const meeting = await newMeeting(c, { body: 'villagers_assembly', membersFrom: 'organisation' });
  const unnamed = await c.post(`/api/meetings/${meeting.id}/transition`, { to: 'scheduled' });
  assert.is(unnamed.status, 409, 'the notice must name the matters (art. 21)');
  await c.post(`/api/meetings/${meeting.id}/agenda`, { title: '村集体土地流转方案', notes: '' });
  const published = await c.post(`/api/meetings/${meeting.id}/transition`, { to: 'scheduled' });
  assert.is(published.body.shortNotice, true);
  assert.is(published.body.attendance.expected, 860);
  assert.is(published.body.attendance.quorumRequired, 431);
});

test('the hall: the convener advances, the projector and a checked-in phone follow; quorum updates live', async () => {
  const c = await convener();
  const meeting = await newMeeting(c);
  await c.post(`/api/meetings/${meeting.id}/agenda`, { title: '村道硬化方案', notes: '预算 12 万元' });
  await c.post(`/api/meetings/${meeting.id}/agenda`, { title: '垃圾分类试点', notes: '' });
  for (const name of ['王代表', '李代表', '张代表'])
    await c.post(`/api/meetings/${meeting.id}/invitees`, { name, category: 'representative', member: true });
  await c.post(`/api/meetings/${meeting.id}/transition`, { to: 'scheduled' });
  const live = await c.post(`/api/meetings/${meeting.id}/transition`, { to: 'live' });
  assert.is(live.body.status, 'live');

  const link = (await c.post(`/api/meetings/${meeting.id}/screen-link`)).body.url as string;
  const screenToken = new URL(link).searchParams.get('token')!;
  const screen = await connectSocket(srv.url);
  const joined = await call<LiveState>(screen, 'meeting:join', { meetingId: meeting.id, screenToken });
  assert.ok(joined.ok);
  const state = joined.ok ? joined.data : null;
  assert.is(state!.agenda.find((i) => i.id === state!.currentItemId)!.title, '村道硬化方案');
  assert.ok(state!.checkin, 'the projector shows the check-in code');
  assert.equal([state!.attendance.expected, state!.attendance.present, state!.attendance.quorumMet], [3, 0, false]);

  // A participant scans the projector's code and picks their name; the desk confirms it is them.
  const resident = new Client(srv.url);
  const list = await resident.get(`/api/meetings/${meeting.id}/checkin?code=${state!.checkin!.code}`);
  const wang = list.body.invitees.find((i: { name: string }) => i.name === '王代表');
  const attendanceChanged = waitForMatch<LiveState>(screen, 'meeting:state', (s) => s.attendance.present === 1);
  const checkedIn = await resident.post(`/api/meetings/${meeting.id}/checkin`, {
    code: state!.checkin!.code,
    inviteeId: wang.id,
  });
  assert.is(checkedIn.status, 200);
  assert.is(checkedIn.body.status, 'pending');
  const waiting = await c.get(`/api/meetings/${meeting.id}/checkin-requests`);
  const request = waiting.body.items.find((r: { name: string }) => r.name === '王代表');
  assert.is(
    (await c.post(`/api/meetings/${meeting.id}/checkin-requests/${request.id}/decision`, { confirm: true })).status,
    200,
  );
  assert.is((await attendanceChanged).attendance.present, 1);

  const phone = await connectSocket(srv.url);
  const followed = await call<LiveState>(phone, 'meeting:join', {
    meetingId: meeting.id,
    inviteToken: checkedIn.body.requestToken,
  });
  assert.ok(followed.ok && followed.data.checkin === null, 'phones do not get the check-in code');

  // Two thirds of 3 is 2: one more by hand meets the quorum.
  const li = list.body.invitees.find((i: { name: string }) => i.name === '李代表');
  const quorumMet = waitForMatch<LiveState>(screen, 'meeting:state', (s) => s.attendance.present === 2);
  await c.post(`/api/meetings/${meeting.id}/attendance`, { inviteeId: li.id, present: true });
  assert.is((await quorumMet).attendance.quorumMet, true);

  // The convener advances: both the projector and the phone get the new item.
  const consoleSocket = await connectSocket(srv.url, c.cookieHeader);
  const driven = await call<LiveState>(consoleSocket, 'meeting:join', { meetingId: meeting.id });
  assert.ok(driven.ok && (driven.data as LiveState & { canDrive: boolean }).canDrive);
  const onItem = (s: LiveState) => s.agenda.find((i) => i.id === s.currentItemId)?.title === '垃圾分类试点';
  const onScreen = waitForMatch<LiveState>(screen, 'meeting:state', onItem);
  const onPhone = waitForMatch<LiveState>(phone, 'meeting:state', onItem);
  const next = await call<LiveState>(consoleSocket, 'meeting:drive', { meetingId: meeting.id, action: 'next' });
  assert.ok(next.ok);
  for (const s of [await onScreen, await onPhone])
    assert.is(s.agenda.find((i) => i.id === s.currentItemId)!.title, '垃圾分类试点');

  // The projector only reads.
  const forged = await call(screen, 'meeting:drive', { meetingId: meeting.id, action: 'previous' });
  assert.is(!forged.ok && forged.error.code, 'unauthenticated');

  // A photo of the code sent out of the hall stops working after two minutes.
  clock.advance(3 * 60_000);
  const late = await resident.post(`/api/meetings/${meeting.id}/checkin`, {
    code: state!.checkin!.code,
    inviteeId: li.id,
  });
  assert.is(late.status, 403);
  assert.match(late.body.error.message, /签到码已过期/);

  // A new projector link revokes the old one.
  await c.post(`/api/meetings/${meeting.id}/screen-link`);
  const revoked = await call(await connectSocket(srv.url), 'meeting:join', { meetingId: meeting.id, screenToken });
  assert.is(revoked.ok, false);

  // Closed means closed.
  await c.post(`/api/meetings/${meeting.id}/transition`, { to: 'closed' });
  const edit = await c.patch(`/api/meetings/${meeting.id}`, { venue: '别处' });
  assert.is(edit.status, 409);
  assert.is(errorCode(edit.body), 'conflict');
  for (const s of [screen, phone, consoleSocket]) s.close();
});

test('bad input to meetings is refused by field', async () => {
  const c = await convener();
  const res = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'party',
    title: 'x',
    venue: '',
    startsAt: 'tomorrow',
    endsAt: '2026-11-25T11:00:00+08:00',
  });
  assert.is(res.status, 400);
  const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
  for (const p of ['kind', 'title', 'venue', 'startsAt']) assert.ok(paths.includes(p), p);
  const backwards = await c.post('/api/meetings', {
    organisationId: await orgId('桃园村（演示）'),
    kind: 'roundtable',
    title: '圆桌会议',
    venue: '党群服务中心',
    startsAt: '2026-11-25T11:00:00+08:00',
    endsAt: '2026-11-25T09:00:00+08:00',
  });
  assert.is(backwards.status, 400);
  assert.match(JSON.stringify(backwards.body), /结束时间必须晚于开始时间/);
});

test.run();
