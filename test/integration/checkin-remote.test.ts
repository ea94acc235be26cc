import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { translate } from '../../shared/i18n/index.js';
import { attendanceText } from '../../shared/minutes/format.js';
import type { HeaderAttrs } from '../../shared/minutes/schema.js';
import type { PassView } from '../../shared/schemas/checkin.js';
import type { JoinedMeeting, LiveState, MeetingView } from '../../shared/schemas/meeting.js';
import type { MotionView, TallyView } from '../../shared/schemas/vote.js';
import { addBody, addPerson, addSeat, bodyMeetingOf, codeOf, villageId } from '../helpers/checkin.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, recordEvents, waitForEvent, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { ballotId } from '../helpers/voting.js';

/**
 * Remote members keep their personal links (issue 13). A body member opening their pass (参会证)
 * during a live meeting of the body, without the projector's code, follows it from elsewhere,
 * recorded as remote attendance; it counts, and its ballots count, only where the organisation
 * allows remote voting. Each test is an attack from the threat model in
 * server/services/checkin/remote.ts, made with real Socket.IO clients, on SQLite and PostgreSQL:
 * - a leaked pass link: it is that member from anywhere, until a new pass ends it and what it did
 *   since stops counting;
 * - a member counted twice: remote on one phone and in the hall on another, remote while
 *   represented by a proxy, a proxy held from elsewhere, two remote phones;
 * - a pass whose seat does not cover the meeting's day, another body's pass, a forged one, a
 *   meeting that is not live;
 * - a replaced pass (one new link, or a new sheet for the whole body);
 * - remote voting off: following is allowed, counting and ballots are not.
 */
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({ clock });
test.after(() => srv.close());
const login = (u: string) => new Client(srv.url).login(u, srv.password(u));
const admin = await login('admin');
const village = await villageId(srv);

/** Sets the village's remote-voting setting (as the admin does on the organisations page). */
async function remoteVoting(allowed: boolean): Promise<void> {
  const org = await srv.db.models.Organisation.findByPk(village);
  const res = await admin.patch(`/api/organisations/${village}`, {
    settings: { ...org!.settings, allowRemoteVoting: allowed },
  });
  assert.is(res.status, 200, JSON.stringify(res.body));
}

/**
 * A representatives' meeting of a body on 2026-11-25 (China time), opened, with the convener's
 * console socket joined. Seats: five current members; 吴老, whose seat ended before the day;
 * 新任, whose seat begins after it; 连任, re-elected (an ended seat and a current one, each with
 * its own pass).
 */
async function bodyMeeting(options: { maxProxies?: number } = {}) {
  const bodyId = await addBody(srv, village, 'representatives_meeting', options);
  const passes: Record<string, string> = {};
  for (const name of ['赵文华', '钱秀英', '孙建国', '李明', '周芳'])
    passes[name] = (await addSeat(srv, bodyId, await addPerson(srv, village, name))).pass;
  passes['吴老'] = (
    await addSeat(srv, bodyId, await addPerson(srv, village, '吴老'), 'representative', { endsOn: '2026-06-30' })
  ).pass;
  passes['新任'] = (
    await addSeat(srv, bodyId, await addPerson(srv, village, '新任'), 'representative', { startsOn: '2026-12-01' })
  ).pass;
  const again = await addPerson(srv, village, '连任');
  passes['连任旧'] = (await addSeat(srv, bodyId, again, 'representative', { endsOn: '2026-06-30' })).pass;
  passes['连任'] = (await addSeat(srv, bodyId, again, 'representative', { startsOn: '2026-07-01' })).pass;
  const c = await login('demo-convener');
  const { id, view } = await bodyMeetingOf(c, village, bodyId, { title: `村民代表会议${bodyId}` });
  const console = await connectSocket(srv.url, c.cookieHeader);
  assert.ok((await call(console, 'meeting:join', { meetingId: id })).ok);
  const screenLink = (await c.post(`/api/meetings/${id}/screen-link`)).body.url as string;
  const projector = await connectSocket(srv.url);
  const joined = await call(projector, 'meeting:join', {
    meetingId: id,
    screenToken: new URL(screenLink).searchParams.get('token'),
  });
  assert.ok(joined.ok);
  const inviteeOf = (name: string) => view.invitees.find((i) => i.name === name)!.id;
  return {
    id,
    bodyId,
    c,
    view,
    passes,
    console,
    projector,
    inviteeOf,
    itemId: view.agenda[0]!.id,
    get: async () => (await c.get(`/api/meetings/${id}`)).body as MeetingView,
    close: () => [console, projector].forEach((s) => s.close()),
  };
}
type BodyMeeting = Awaited<ReturnType<typeof bodyMeeting>>;

/** Opens the pass remotely: what the pass page's "远程参会" button sends. */
const followRemotely = (pass: string, meetingId: number, client = new Client(srv.url)) =>
  client.post(`/api/passes/${pass}/remote`, { meetingId });

/** A phone following with a participant token: joined to the meeting, able to vote. */
async function remotePhone(meetingId: number, token: string, cookie = '') {
  const socket = await connectSocket(srv.url, cookie);
  const joined = await call<JoinedMeeting>(socket, 'meeting:join', { meetingId, inviteToken: token });
  return {
    socket,
    joined,
    vote: (motionId: number, choices: number[]) =>
      call(socket, 'vote:cast', { motionId, choices, clientBallotId: ballotId(), inviteToken: token }),
  };
}

/** An open (记名) yes/no motion on the meeting's item, opened. */
async function openMotion(m: BodyMeeting): Promise<MotionView> {
  const created = await call<MotionView>(m.console, 'motion:create', {
    meetingId: m.id,
    agendaItemId: m.itemId,
    question: '是否同意村道硬化方案？',
    kind: 'open',
  });
  assert.ok(created.ok, JSON.stringify(created));
  const opened = await call<MotionView>(m.console, 'motion:open', { motionId: created.ok ? created.data.id : 0 });
  assert.ok(opened.ok, JSON.stringify(opened));
  return opened.ok ? opened.data : (undefined as never);
}

const closeMotion = async (m: BodyMeeting, motionId: number) => {
  const closed = await call<MotionView>(m.console, 'motion:close', { motionId });
  assert.ok(closed.ok, JSON.stringify(closed));
  return closed.ok ? closed.data : (undefined as never);
};

/** The attendance row of one person, as the database holds it. */
const rowOf = (m: BodyMeeting, name: string) =>
  srv.db.models.Attendance.findOne({ where: { meetingId: m.id, inviteeId: m.inviteeOf(name) } });

const message = (r: { ok: boolean; error?: { message: string } }) => (!r.ok ? (r.error?.message ?? '') : '');

/** The attendance line of the meeting's minutes header, once `ready` holds of its attributes. */
async function minutesAttendance(meetingId: number, ready: (h: HeaderAttrs) => boolean): Promise<string> {
  for (const end = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 50))) {
    const doc = await srv.app.services.minutes.content(meetingId);
    const header = doc.content?.find((n) => n.type === 'minutes_header')?.attrs as HeaderAttrs | undefined;
    if (header && ready(header)) return attendanceText(header, (key, params) => translate('zh-CN', key, params));
    if (Date.now() > end) throw new Error(`minutes header: ${JSON.stringify(header)}`);
  }
}

test('a pass opened during a live meeting follows it remotely, shown apart on the projector and the console', async () => {
  const m = await bodyMeeting();
  const pass = m.passes['赵文华']!;
  const page = (await new Client(srv.url).get(`/api/passes/${pass}`)).body as PassView;
  assert.equal(
    page.meetings.map((x) => [x.id, x.attending, x.remoteVoting]),
    [[m.id, 'none', false]],
  );
  const onProjector = waitForMatch<LiveState>(m.projector, 'meeting:state', (s) => s.attendance.remote === 1);
  const followed = await followRemotely(pass, m.id);
  assert.is(followed.status, 200, JSON.stringify(followed.body));
  assert.equal([followed.body.name, followed.body.remoteVoting], ['赵文华', false]);

  // The phone follows the agenda and the current item like a phone in the hall, without the code.
  const phone = await remotePhone(m.id, followed.body.participantToken);
  assert.ok(phone.joined.ok, JSON.stringify(phone.joined));
  const joined = phone.joined.ok ? phone.joined.data : (undefined as never);
  assert.equal(joined.you, { inviteeId: m.inviteeOf('赵文华'), name: '赵文华' });
  assert.is(joined.currentItemId, m.itemId);
  assert.is(joined.agenda[0]!.title, '村道硬化方案');
  assert.is(joined.checkin, null, 'a remote phone never sees the projector’s code');

  // Remote, not present in the hall: with remote voting off it is listed but not counted.
  const seen = (await onProjector).attendance;
  assert.equal([seen.present, seen.remote, seen.remoteCounted], [0, 1, false]);
  const view = await m.get();
  assert.is(view.invitees.find((i) => i.name === '赵文华')!.method, 'remote');
  assert.is((await rowOf(m, '赵文华'))!.method, 'remote');
  const after = (await new Client(srv.url).get(`/api/passes/${pass}`)).body as PassView;
  assert.is(after.meetings[0]!.attending, 'remote');
  // The minutes' header names the remote member apart, as the projector does.
  assert.match(await minutesAttendance(m.id, (h) => h.remote === 1), /另有 1 人远程参会，不计入实到人数/);
  phone.socket.close();
  m.close();
});

test('with remote voting off a remote ballot is refused with a translated reason and no tally moves; allowed, it counts once', async () => {
  await remoteVoting(false);
  const m = await bodyMeeting();
  const followed = await followRemotely(m.passes['钱秀英']!, m.id);
  const phone = await remotePhone(m.id, followed.body.participantToken);
  const english = await remotePhone(m.id, followed.body.participantToken, 'yishi_lang=en');
  const motion = await openMotion(m);
  const tallies = recordEvents<TallyView>(m.projector, 'vote:tallied');

  const refused = await phone.vote(motion.id, [0]);
  assert.is(!refused.ok && refused.error.code, 'forbidden', JSON.stringify(refused));
  assert.match(message(refused), /不允许远程参会人员投票/);
  const refusedEn = await english.vote(motion.id, [0]);
  assert.match(message(refusedEn), /does not allow remote participants to vote/);
  assert.is(await srv.db.models.Vote.count({ where: { motionId: motion.id } }), 0, 'no ballot row');
  assert.equal(tallies.seen, [], 'the projector’s count never moved');

  // The organisation allows remote ballots: the same phone now counts present and votes, once.
  await remoteVoting(true);
  const counted = await m.get();
  assert.equal([counted.attendance.present, counted.attendance.remote, counted.attendance.remoteCounted], [1, 1, true]);
  assert.match(await minutesAttendance(m.id, (h) => h.remoteCounted), /实到 1 人（其中远程参会 1 人）/);
  assert.ok((await phone.vote(motion.id, [0])).ok);
  const twice = await english.vote(motion.id, [1]);
  assert.is(!twice.ok && twice.error.code, 'conflict', 'one ballot per person, whichever phone sends it');
  const closed = await closeMotion(m, motion.id);
  assert.equal([closed.cast, closed.counts], [1, [1, 0, 0]]);
  await remoteVoting(false);
  for (const p of [phone, english]) p.socket.close();
  m.close();
});

test('a remote member who then scans the screen in the hall is present once, and votes once', async () => {
  await remoteVoting(true);
  const m = await bodyMeeting();
  const pass = m.passes['孙建国']!;
  const followed = await followRemotely(pass, m.id);
  const remote = await remotePhone(m.id, followed.body.participantToken);
  const motion = await openMotion(m);
  assert.ok((await remote.vote(motion.id, [0])).ok);
  assert.equal([(await m.get()).attendance.present, (await m.get()).attendance.remote], [1, 1]);

  // In the hall, the phone scans the projector with the pass: one person, now present in person.
  const ended = waitForEvent<{ reason: string }>(remote.socket, 'meeting:revoked');
  const inHall = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, {
    code: await codeOf(srv, m.id),
    pass,
  });
  assert.is(inHall.body.status, 'checked_in', JSON.stringify(inHall.body));
  assert.is((await ended).reason, 'in_hall', 'the remote phone stops, told where its pass went');
  const view = await m.get();
  assert.equal([view.attendance.present, view.attendance.remote], [1, 0]);
  assert.is(await srv.db.models.Attendance.count({ where: { meetingId: m.id } }), 1, 'one attendance row');
  const hall = await remotePhone(m.id, inHall.body.participantToken);
  const again = await hall.vote(motion.id, [1]);
  assert.is(!again.ok && again.error.code, 'conflict', JSON.stringify(again));
  assert.is((await closeMotion(m, motion.id)).cast, 1);
  // Back in the city, the same pass cannot also follow remotely.
  const both = await followRemotely(pass, m.id);
  assert.is(both.status, 409);

  // The desk scans the card of someone who followed remotely: present in person, the phone stops.
  const zhou = await followRemotely(m.passes['周芳']!, m.id);
  const zhouPhone = await remotePhone(m.id, zhou.body.participantToken);
  const moved = waitForEvent<{ reason: string }>(zhouPhone.socket, 'meeting:revoked');
  assert.is((await m.c.post(`/api/meetings/${m.id}/desk/pass`, { pass: m.passes['周芳'] })).status, 200);
  assert.is((await moved).reason, 'in_hall');
  assert.is((await rowOf(m, '周芳'))!.method, 'manual');
  assert.is((await zhouPhone.vote(motion.id, [0])).ok, false, 'a phone outside the hall no longer votes for them');
  const counted = await m.get();
  assert.equal([counted.attendance.present, counted.attendance.remote], [2, 0]);
  await remoteVoting(false);
  for (const p of [remote, hall, zhouPhone]) p.socket.close();
  m.close();
});

test('a leaked pass cannot take over a member present in the hall, by the desk or by proxy, nor hold a proxy from elsewhere', async () => {
  await remoteVoting(true);
  const m = await bodyMeeting({ maxProxies: 1 });
  const code = await codeOf(srv, m.id);
  const scanned = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, { code, pass: m.passes['赵文华'] });
  const inHall = await remotePhone(m.id, scanned.body.participantToken);
  const revoked = recordEvents(inHall.socket, 'meeting:revoked');

  const leaked = await followRemotely(m.passes['赵文华']!, m.id);
  assert.is(leaked.status, 409);
  assert.match(leaked.body.error.message, /已在会场签到/);
  const leakedEn = await followRemotely(m.passes['赵文华']!, m.id, new Client(srv.url, { 'accept-language': 'en' }));
  assert.match(leakedEn.body.error.message, /checked in in the hall/);
  assert.is((await rowOf(m, '赵文华'))!.method, 'qr', 'still present in the hall');
  assert.equal(revoked.seen, [], 'and the phone in the hall keeps its pass');

  // Present by the desk's hand mark (an elder without a phone): a leaked link cannot vote for them.
  await m.c.post(`/api/meetings/${m.id}/attendance`, { inviteeId: m.inviteeOf('周芳'), present: true });
  assert.is((await followRemotely(m.passes['周芳']!, m.id)).status, 409);

  // Represented by a proxy: they count through the holder, not again from the city.
  const proxy = await m.c.post(`/api/meetings/${m.id}/proxies`, {
    holderInviteeId: m.inviteeOf('赵文华'),
    representedInviteeId: m.inviteeOf('李明'),
  });
  assert.is(proxy.status, 200, JSON.stringify(proxy.body));
  const represented = await followRemotely(m.passes['李明']!, m.id);
  assert.is(represented.status, 409);
  assert.match(represented.body.error.message, /委托/);

  // Following from the city, one cannot hold a proxy that makes someone present in person.
  assert.is((await followRemotely(m.passes['钱秀英']!, m.id)).status, 200);
  const fromAfar = await m.c.post(`/api/meetings/${m.id}/proxies`, {
    holderInviteeId: m.inviteeOf('钱秀英'),
    representedInviteeId: m.inviteeOf('孙建国'),
  });
  assert.is(fromAfar.status, 409);
  assert.match(fromAfar.body.error.message, /受托人须已在会场签到/);
  assert.is(await rowOf(m, '孙建国'), null, 'nothing recorded for the person represented');
  // 赵 (hall), 周 (hand), 李 (proxy), 钱 (remote, counted here): four, each once.
  const view = await m.get();
  assert.equal([view.attendance.present, view.attendance.remote], [4, 1]);
  await remoteVoting(false);
  inHall.socket.close();
  m.close();
});

test('a second phone following remotely replaces the first; the member still counts once', async () => {
  const m = await bodyMeeting();
  const first = await followRemotely(m.passes['李明']!, m.id);
  const phoneA = await remotePhone(m.id, first.body.participantToken);
  const ended = waitForEvent<{ reason: string }>(phoneA.socket, 'meeting:revoked');
  const second = await followRemotely(m.passes['李明']!, m.id);
  assert.is(second.status, 200);
  assert.is((await ended).reason, 'pass');
  const stale = await remotePhone(m.id, first.body.participantToken);
  assert.is(!stale.joined.ok && stale.joined.error.code, 'forbidden');
  assert.is((await m.get()).attendance.remote, 1);
  for (const p of [phoneA, stale]) p.socket.close();
  m.close();
});

test('passes that do not stand for anyone at this meeting are refused and record nothing', async () => {
  const m = await bodyMeeting();
  const other = await bodyMeeting();
  const refusals: [string, string, number, RegExp][] = [
    ['a seat that ended before the meeting', m.passes['吴老']!, 403, /任期不包括本次会议的日期/],
    ['a seat that begins after it', m.passes['新任']!, 403, /任期不包括本次会议的日期/],
    ['the ended seat of someone re-elected', m.passes['连任旧']!, 403, /任期不包括本次会议的日期/],
    ['another body’s member', other.passes['赵文华']!, 403, /不属于本次会议/],
    ['a forged pass', 'x'.repeat(24), 403, /参会证无效/],
  ];
  const code = await codeOf(srv, m.id);
  for (const [what, pass, status, text] of refusals) {
    const remote = await followRemotely(pass, m.id);
    assert.is(remote.status, status, what);
    assert.match(remote.body.error.message, text, what);
    // The same pass scanned in the hall is refused alike.
    const hall = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, { code, pass });
    assert.is(hall.status, 403, `${what}, in the hall`);
  }
  // The current seat of the re-elected member works; their pass page lists only this meeting's body.
  assert.is((await followRemotely(m.passes['连任']!, m.id)).status, 200);
  assert.equal(((await new Client(srv.url).get(`/api/passes/${m.passes['吴老']}`)).body as PassView).meetings, []);
  // Only the re-elected member's remote row exists.
  assert.is(await srv.db.models.Attendance.count({ where: { meetingId: m.id } }), 1);

  // A meeting that is not live: nothing to follow, before it opens or after it closes.
  await m.c.post(`/api/meetings/${m.id}/transition`, { to: 'closed' });
  const closed = await followRemotely(m.passes['赵文华']!, m.id);
  assert.is(closed.status, 409);
  assert.match(closed.body.error.message, /尚未开始或已经结束/);
  assert.equal(((await new Client(srv.url).get(`/api/passes/${m.passes['赵文华']}`)).body as PassView).meetings, []);
  m.close();
  other.close();
});

test('a reissued pass ends the old link and the remote following done with it; the hall is untouched', async () => {
  await remoteVoting(true);
  const m = await bodyMeeting();
  const old = m.passes['赵文华']!;
  const followed = await followRemotely(old, m.id);
  const leaked = await remotePhone(m.id, followed.body.participantToken);
  const scanned = await new Client(srv.url).post(`/api/meetings/${m.id}/checkin`, {
    code: await codeOf(srv, m.id),
    pass: m.passes['钱秀英'],
  });
  const hall = await remotePhone(m.id, scanned.body.participantToken);
  const hallRevoked = recordEvents(hall.socket, 'meeting:revoked');
  assert.equal([(await m.get()).attendance.present, (await m.get()).attendance.remote], [2, 1]);

  const recounted = waitForMatch<LiveState>(
    m.projector,
    'meeting:state',
    (s) => s.attendance.present === 1 && s.attendance.remote === 0,
  );
  const ended = waitForEvent<{ reason: string }>(leaked.socket, 'meeting:revoked');
  const zhao = await srv.db.models.Invitee.findByPk(m.inviteeOf('赵文华'));
  const zhaoSeat = await srv.db.models.BodyMember.findOne({ where: { bodyId: m.bodyId, personId: zhao!.personId! } });
  const link = await m.c.post(`/api/bodies/${m.bodyId}/members/${zhaoSeat!.id}/pass-link`);
  assert.is(link.status, 200);
  assert.is((await ended).reason, 'pass', 'the phone following with the old pass stops at once');
  const state = (await recounted).attendance;
  assert.equal([state.present, state.remote], [1, 0], 'and that member no longer counts');
  assert.is((await rowOf(m, '赵文华'))!.present, false);

  // The old link is dead everywhere: the pass page, remote following, the participant token.
  assert.is((await new Client(srv.url).get(`/api/passes/${old}`)).status, 404);
  assert.is((await followRemotely(old, m.id)).status, 403);
  const motion = await openMotion(m);
  const stale = await leaked.vote(motion.id, [0]);
  assert.is(stale.ok, false);
  assert.is(await srv.db.models.Vote.count({ where: { motionId: motion.id } }), 0);
  // The member follows again with the new link; the person in the hall never noticed.
  const fresh = link.body.url.split('/pass/')[1] as string;
  const again = await followRemotely(fresh, m.id);
  assert.is(again.status, 200);
  const follower = await remotePhone(m.id, again.body.participantToken);
  assert.ok((await follower.vote(motion.id, [0])).ok);
  assert.equal(hallRevoked.seen, []);
  assert.is((await rowOf(m, '钱秀英'))!.method, 'qr');

  // A new sheet for the whole body ends every remote follower too.
  const sheetEnded = waitForEvent<{ reason: string }>(follower.socket, 'meeting:revoked');
  assert.is((await m.c.post(`/api/bodies/${m.bodyId}/pass-sheet`)).status, 200);
  assert.is((await sheetEnded).reason, 'pass');
  assert.is((await followRemotely(fresh, m.id)).status, 403);
  assert.equal([(await m.get()).attendance.present, (await m.get()).attendance.remote], [1, 0]);
  await remoteVoting(false);
  for (const p of [leaked, hall, follower]) p.socket.close();
  m.close();
});

test.run();
