import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckinRequestView } from '../../shared/schemas/checkin.js';
import type { LiveState, MeetingView } from '../../shared/schemas/meeting.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, recordEvents, waitForEvent, waitForMatch } from '../helpers/realtime.js';
import {
  addBody,
  addHousehold,
  addPerson,
  addSeat,
  bodyMeetingOf,
  checkInAtDesk,
  codeOf,
  villageId,
} from '../helpers/checkin.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * Check-in that proves identity (issue 13): the projector's code proves presence in the hall,
 * a personal pass, a staff login or the desk (签到台) proves who. The first two tests are the
 * issue's reproductions and fail on the code before it.
 */
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({ clock, config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());
const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
/** Ballots received for a motion: its "has voted" rows (secret choices reach the counters only in mixes of five). */
const tallyOf = (motionId: number) => srv.db.models.Vote.count({ where: { motionId } });
const presentIn = async (meetingId: number) => (await login('demo-convener')).get(`/api/meetings/${meetingId}`);

test('the projector’s code alone yields no pass: claiming two absent members waits for the desk and counts nothing', async () => {
  const hall = await openHall(srv, { members: 8, checkedIn: 6 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  for (const token of hall.tokens.slice(0, 2)) {
    const p = await phone(srv, token);
    assert.ok((await p.vote(motion.id, [0])).ok);
    p.close();
  }
  assert.is(await tallyOf(motion.id), 2);

  const code = await codeOf(srv, hall.meetingId);
  const stranger = new Client(srv.url);
  for (const inviteeId of hall.members.slice(6)) {
    const res = await stranger.post(`/api/meetings/${hall.meetingId}/checkin`, { code, inviteeId });
    assert.is(res.status, 200);
    assert.is(res.body.status, 'pending', 'a claim, not a check-in');
    assert.is(res.body.participantToken, undefined, 'no pass handed out');
    // The secret the phone polls with is not a pass until the desk confirms it.
    const p = await phone(srv, res.body.requestToken);
    const vote = await p.vote(motion.id, [1]);
    assert.is(vote.ok, false, 'an unconfirmed phone cannot vote');
    const joined = await call(p.socket, 'meeting:join', {
      meetingId: hall.meetingId,
      inviteToken: res.body.requestToken,
    });
    assert.is(joined.ok, false, 'nor follow the meeting');
    p.close();
  }
  assert.is(await tallyOf(motion.id), 2, 'cast stays 2');
  const view = (await presentIn(hall.meetingId)).body as MeetingView;
  assert.is(view.attendance.present, 6, 'present stays 6');
  hall.close();
});

test('a member already present cannot be taken over without the desk; when it confirms, the first phone is told why', async () => {
  const hall = await openHall(srv, { members: 3, checkedIn: 3 });
  const motion = await createMotion(hall, { kind: 'open' });
  await openMotion(hall, motion.id);
  const real = await phone(srv, hall.tokens[0]!);
  assert.ok((await call(real.socket, 'meeting:join', { meetingId: hall.meetingId, inviteToken: hall.tokens[0] })).ok);
  const revocations = recordEvents<{ reason: string }>(real.socket, 'meeting:revoked');

  const code = await codeOf(srv, hall.meetingId);
  const second = await new Client(srv.url).post(`/api/meetings/${hall.meetingId}/checkin`, {
    code,
    inviteeId: hall.members[0],
  });
  assert.is(second.body.status, 'pending');
  assert.is(second.body.kind, 'takeover');
  assert.ok((await real.vote(motion.id, [0])).ok, 'the real phone still votes');
  assert.equal(revocations.seen, [], 'and was not replaced');

  // The desk says no: the second phone learns it by polling with its secret.
  const requests = async () =>
    (await hall.convener.get(`/api/meetings/${hall.meetingId}/checkin-requests`)).body.items as CheckinRequestView[];
  const first = (await requests()).find((r) => r.state === 'pending')!;
  await hall.convener.post(`/api/meetings/${hall.meetingId}/checkin-requests/${first.id}/decision`, { confirm: false });
  const status = await new Client(srv.url).post(`/api/meetings/${hall.meetingId}/checkin/status`, {
    requestToken: second.body.requestToken,
  });
  assert.equal(status.body, { state: 'rejected', name: '代表001' });

  // Asked again and confirmed: the new phone holds the pass, the old one is told it was replaced.
  const third = await new Client(srv.url).post(`/api/meetings/${hall.meetingId}/checkin`, {
    code,
    inviteeId: hall.members[0],
  });
  const again = (await requests()).find((r) => r.state === 'pending')!;
  const replaced = waitForEvent<{ reason: string }>(real.socket, 'meeting:revoked');
  const decided = await hall.convener.post(`/api/meetings/${hall.meetingId}/checkin-requests/${again.id}/decision`, {
    confirm: true,
  });
  assert.ok(decided.body.decidedBy, 'who confirmed is recorded');
  assert.is((await replaced).reason, 'replaced');
  const next = await phone(srv, third.body.requestToken);
  assert.ok(
    (await call(next.socket, 'meeting:join', { meetingId: hall.meetingId, inviteToken: third.body.requestToken })).ok,
  );
  const stale = await call(real.socket, 'meeting:join', { meetingId: hall.meetingId, inviteToken: hall.tokens[0] });
  assert.is(stale.ok, false);
  const audit = await srv.db.models.AuditEvent.count({
    where: { action: 'meeting.checkin_confirmed', subjectId: String(hall.meetingId) },
  });
  assert.ok(audit >= 1);
  for (const p of [real, next]) p.close();
  hall.close();
});

/** A representatives' meeting of a body with seats on the register, published and opened. */
async function bodyMeeting(options: { guestsVote?: boolean; maxProxies?: number; open?: boolean } = {}) {
  const org = await villageId(srv);
  const bodyId = await addBody(srv, org, 'representatives_meeting', options);
  const names = ['赵文华', '钱秀英', '孙建国', '李明', '周芳'];
  const seats: Record<string, { pass: string; personId: number }> = {};
  for (const name of names) {
    const personId = await addPerson(srv, org, name);
    seats[name] = { ...(await addSeat(srv, bodyId, personId)), personId };
  }
  // Left the body before the meeting; a guest who does not vote; someone who moved away.
  const former = await addPerson(srv, org, '吴老');
  await addSeat(srv, bodyId, former, 'representative', { endsOn: '2026-06-30' });
  const guestId = await addPerson(srv, org, '郑乡贤');
  seats['郑乡贤'] = { ...(await addSeat(srv, bodyId, guestId, 'guest')), personId: guestId };
  const moved = await addPerson(srv, org, '冯外迁', { status: 'moved_out', statusSince: '2026-01-01' });
  await addSeat(srv, bodyId, moved);
  const c = await login('demo-convener');
  const { id, view } = await bodyMeetingOf(c, org, bodyId, { open: options.open });
  return { id, bodyId, org, seats, c, view };
}

test('the body’s members on the meeting date are the invitees; quorum reads the count frozen when it opens', async () => {
  const m = await bodyMeeting();
  assert.equal(
    m.view.invitees.map((i) => [i.name, i.member]).sort(),
    [
      ['周芳', true],
      ['孙建国', true],
      ['李明', true],
      ['赵文华', true],
      ['郑乡贤', false],
      ['钱秀英', true],
    ].sort(),
  );
  assert.is(m.view.entitledCount, 5);
  assert.ok(m.view.rosterFrozenAt);
  assert.equal([m.view.attendance.expected, m.view.attendance.quorumRequired], [5, 4]);
  // The register changes after the meeting opened: the frozen count does not.
  await addSeat(srv, m.bodyId, await addPerson(srv, m.org, '新代表'));
  await m.c.post(`/api/meetings/${m.id}/transition`, { to: 'scheduled' }).catch(() => undefined);
  const later = (await m.c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.is(later.attendance.expected, 5);
  assert.is(later.invitees.length, 6, 'no one is added once frozen');
  // A body of another kind or organisation is refused.
  const party = await addBody(srv, m.org, 'party_assembly');
  const wrong = await m.c.patch(`/api/meetings/${m.id}`, { bodyId: party });
  assert.ok([400, 409].includes(wrong.status));
});

test('a personal pass and the projector’s code check that person in at once; the desk scans a card', async () => {
  const m = await bodyMeeting();
  const code = await codeOf(srv, m.id);
  const projector = await connectSocket(srv.url);
  const link = (await m.c.post(`/api/meetings/${m.id}/screen-link`)).body.url as string;
  await call(projector, 'meeting:join', { meetingId: m.id, screenToken: new URL(link).searchParams.get('token') });
  const counted = waitForMatch<LiveState>(projector, 'meeting:state', (s) => s.attendance.present === 1);
  const phoneA = new Client(srv.url);
  const res = await phoneA.post(`/api/meetings/${m.id}/checkin`, {
    code,
    pass: `http://x/pass/${m.seats['赵文华']!.pass}`,
  });
  assert.is(res.body.status, 'checked_in', JSON.stringify(res.body));
  assert.is(res.body.name, '赵文华');
  assert.is((await counted).attendance.present, 1);
  // The same pass on a second phone is a takeover: only the desk can allow it.
  const again = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, {
    code,
    pass: m.seats['赵文华']!.pass,
  });
  assert.equal([again.body.status, again.body.kind], ['pending', 'takeover']);
  // A forged pass, or the code without one, is refused or asks the desk.
  const forged = await phoneA.post(`/api/meetings/${m.id}/checkin`, { code, pass: 'x'.repeat(24) });
  assert.is(forged.status, 403);
  // The desk scans 钱秀英's card: present, with no phone at all.
  const scanned = await m.c.post(`/api/meetings/${m.id}/desk/pass`, { pass: m.seats['钱秀英']!.pass });
  assert.equal(scanned.body.name, '钱秀英');
  const view = (await m.c.get(`/api/meetings/${m.id}`)).body as MeetingView;
  assert.is(view.attendance.present, 2);
  // A pass of another body's member is not this meeting's.
  const other = await bodyMeeting();
  const cross = await phoneA.post(`/api/meetings/${m.id}/checkin`, { code, pass: other.seats['赵文华']!.pass });
  assert.is(cross.status, 403);
  projector.close();
});

test('the check-in list shows names only; desk requests reach staff consoles, never the projector or phones', async () => {
  const m = await bodyMeeting();
  const code = await codeOf(srv, m.id);
  await checkInAtDesk(srv, m.id, m.view.invitees[0]!.id);
  const list = await new Client(srv.url).get(`/api/meetings/${m.id}/checkin?code=${code}`);
  assert.ok(
    list.body.invitees.every((i: Record<string, unknown>) => !('present' in i)),
    'who arrived is not public',
  );

  const console = await connectSocket(srv.url, m.c.cookieHeader);
  await call(console, 'meeting:join', { meetingId: m.id });
  const projector = await connectSocket(srv.url);
  const link = (await m.c.post(`/api/meetings/${m.id}/screen-link`)).body.url as string;
  await call(projector, 'meeting:join', { meetingId: m.id, screenToken: new URL(link).searchParams.get('token') });
  const onProjector = recordEvents(projector, 'checkin:requested');
  const requested = waitForEvent<CheckinRequestView>(console, 'checkin:requested');
  await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, { code, inviteeId: m.view.invitees[1]!.id });
  const r = await requested;
  assert.is(r.name, m.view.invitees[1]!.name);
  // Staff who do not keep the desk may not decide.
  const reviewer = await login('demo-reviewer');
  const refused = await reviewer.post(`/api/meetings/${m.id}/checkin-requests/${r.id}/decision`, { confirm: true });
  assert.is(refused.status, 403);
  const decided = waitForEvent<CheckinRequestView>(console, 'checkin:decided');
  await m.c.post(`/api/meetings/${m.id}/checkin-requests/${r.id}/decision`, { confirm: true });
  assert.is((await decided).state, 'confirmed');
  const twice = await m.c.post(`/api/meetings/${m.id}/checkin-requests/${r.id}/decision`, { confirm: false });
  assert.is(twice.status, 409);
  assert.equal(onProjector.seen, []);
  console.close();
  projector.close();
});

test('proxies only where the body allows them, and never more than its limit', async () => {
  const none = await bodyMeeting();
  const [a, b] = none.view.invitees.filter((i) => i.member);
  await checkInAtDesk(srv, none.id, a!.id);
  const refused = await none.c.post(`/api/meetings/${none.id}/proxies`, {
    holderInviteeId: a!.id,
    representedInviteeId: b!.id,
  });
  assert.is(refused.status, 409);

  const m = await bodyMeeting({ maxProxies: 1 });
  const [h, x, y] = m.view.invitees.filter((i) => i.member);
  const absentHolder = await m.c.post(`/api/meetings/${m.id}/proxies`, {
    holderInviteeId: h!.id,
    representedInviteeId: x!.id,
  });
  assert.is(absentHolder.status, 409, 'the holder must be present');
  await checkInAtDesk(srv, m.id, h!.id);
  const ok = await m.c.post(`/api/meetings/${m.id}/proxies`, { holderInviteeId: h!.id, representedInviteeId: x!.id });
  assert.is(ok.status, 200, JSON.stringify(ok.body));
  assert.is(ok.body.attendance.present, 2);
  const row = await srv.db.models.Attendance.findOne({ where: { meetingId: m.id, inviteeId: x!.id } });
  assert.is(row!.proxyForInviteeId, h!.id, 'recorded with the person represented');
  const more = await m.c.post(`/api/meetings/${m.id}/proxies`, { holderInviteeId: h!.id, representedInviteeId: y!.id });
  assert.is(more.status, 409);
  assert.match(more.body.error.message, /最多接受 1 份委托/);
});

test('a villagers’ assembly counts the adults on the register that day and the households they live in', async () => {
  // 柳溪社区 has no demo register, so every person and household here is one this test added.
  const village = await villageId(srv, '柳溪社区（演示）');
  const bodyId = await addBody(srv, village, 'villagers_assembly', { name: '村民会议', maxProxies: 1 });
  const c = await login('admin');
  const [h1, h2, h3] = await Promise.all(['A1', 'A2', 'A3'].map((n) => addHousehold(srv, village, n)));
  await addPerson(srv, village, '户一甲', { householdId: h1! });
  await addPerson(srv, village, '户一乙', { householdId: h1! });
  await addPerson(srv, village, '户一孩', { householdId: h1!, birthYear: 2015 });
  await addPerson(srv, village, '户二甲', { householdId: h2!, status: 'away' });
  await addPerson(srv, village, '户三甲', { householdId: h3!, status: 'deceased', statusSince: '2026-03-01' });
  // Everyone on the register (resident or working away) but the child; other tests added adults too.
  const adults =
    (await srv.db.models.Person.count({ where: { organisationId: village, status: ['resident', 'away'] } })) - 1;
  const created = await c.post('/api/meetings', {
    organisationId: village,
    kind: 'consultation',
    title: '村民会议',
    venue: '村小学操场',
    startsAt: '2026-12-20T09:00:00+08:00',
    endsAt: '2026-12-20T11:00:00+08:00',
    body: 'villagers_assembly',
    bodyId,
  });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  await c.post(`/api/meetings/${id}/agenda`, { title: '村规民约修订', notes: '' });
  await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  const live = (await c.post(`/api/meetings/${id}/transition`, { to: 'live' })).body as MeetingView;
  assert.is(live.entitledCount, adults);
  const names = live.invitees.map((i) => i.name);
  assert.ok(names.includes('户二甲') && names.includes('户一乙'));
  assert.ok(!names.includes('户一孩') && !names.includes('户三甲'));
  assert.equal(live.attendance.households, { entitled: 2, represented: 0, required: 2 });
  const jia = live.invitees.find((i) => i.name === '户一甲')!;
  const yi = live.invitees.find((i) => i.name === '户一乙')!;
  const er = live.invitees.find((i) => i.name === '户二甲')!;
  await checkInAtDesk(srv, id, jia.id);
  const proxy = await c.post(`/api/meetings/${id}/proxies`, { holderInviteeId: jia.id, representedInviteeId: yi.id });
  assert.is(proxy.status, 200, JSON.stringify(proxy.body));
  assert.equal(proxy.body.attendance.households, { entitled: 2, represented: 1, required: 2 });
  await checkInAtDesk(srv, id, er.id);
  const both = (await c.get(`/api/meetings/${id}`)).body as MeetingView;
  assert.equal(both.attendance.households, { entitled: 2, represented: 2, required: 2 });
  assert.is(both.attendance.quorumMet, true, 'two thirds of households represented meet the assembly’s quorum');
  const across = await c.post(`/api/meetings/${id}/proxies`, { holderInviteeId: er.id, representedInviteeId: yi.id });
  assert.is(across.status, 409, 'represented once');
});

test('personal passes print as an A4 sheet; printing again ends the old cards; the link shows only its holder', async () => {
  const m = await bodyMeeting({ open: false });
  const old = m.seats['赵文华']!.pass;
  const view = await new Client(srv.url).get(`/api/passes/${old}`);
  // The meeting is only scheduled: nothing to follow remotely yet.
  assert.equal(view.body, {
    name: '赵文华',
    bodyName: '村民代表会议',
    organisationName: '桃园村（演示）',
    meetings: [],
  });
  const sheet = await m.c.post(`/api/bodies/${m.bodyId}/pass-sheet`);
  assert.is(sheet.status, 200);
  assert.match(String(sheet.headers.get('content-type')), /application\/pdf/);
  assert.is((await new Client(srv.url).get(`/api/passes/${old}`)).status, 404, 'the old card stops working');
  const reviewer = await login('demo-reviewer');
  assert.is((await reviewer.post(`/api/bodies/${m.bodyId}/pass-sheet`)).status, 403);
  const seat = await srv.db.models.BodyMember.findOne({
    where: { bodyId: m.bodyId, personId: m.seats['钱秀英']!.personId },
  });
  const link = await m.c.post(`/api/bodies/${m.bodyId}/members/${seat!.id}/pass-link`);
  assert.match(link.body.url, /\/pass\/[\w-]{20,}$/);
  const token = link.body.url.split('/pass/')[1];
  assert.is((await new Client(srv.url).get(`/api/passes/${token}`)).body.name, '钱秀英');
  assert.match(link.body.qr, /^data:image\/svg\+xml;base64,/, 'a QR code to scan off the desk’s screen');

  // An ended seat gets no new link, and the one it had is untouched.
  const endedOn = new Date(clock.now().getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  await seat!.update({ startsOn: '2020-01-01', endsOn: endedOn });
  const issuedAt = (await seat!.reload()).passIssuedAt;
  const ended = await m.c.post(`/api/bodies/${m.bodyId}/members/${seat!.id}/pass-link`);
  assert.is(ended.status, 409);
  assert.match(ended.body.error.message, /席位已结束/);
  assert.equal((await seat!.reload()).passIssuedAt, issuedAt, 'nothing issued');
});

test.run();
