import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { MotionList, MotionView, TallyView } from '../../shared/schemas/vote.js';
import { Client } from '../helpers/http.js';
import { call, connectSocket, waitForMatch } from '../helpers/realtime.js';
import { FakeClock, startTestServer } from '../helpers/server.js';
import { ballotId, checkIn, closeMotion, createMotion, openHall, openMotion, phone } from '../helpers/voting.js';

/**
 * Voting in a live hall, over real sockets against a real server and database: phones cast
 * ballots with their check-in tokens, the console drives motions, the projector follows.
 */
const clock = new FakeClock(new Date('2026-11-25T01:30:00Z'));
const srv = await startTestServer({ clock, config: { intakeRateLimit: { perAddress: 10_000, perDevice: 10_000 } } });
test.after(() => srv.close());

const screen = async (screenToken: string, meetingId: number) => {
  const socket = await connectSocket(srv.url);
  const listed = await call<MotionList>(socket, 'motion:list', { meetingId, screenToken });
  assert.ok(listed.ok, JSON.stringify(listed));
  return socket;
};
const tallyOf = async (motionId: number) => srv.db.models.MotionTally.findByPk(motionId);

test('a checked-in member votes on the phone, gets a receipt, and the projector shows 已投 1 / 4 live', async () => {
  const hall = await openHall(srv, { members: 5, checkedIn: 4 });
  const projector = await screen(hall.screenToken, hall.meetingId);
  const motion = await createMotion(hall, { kind: 'open', liveTally: true });
  const opened = waitForMatch<MotionView>(
    projector,
    'motion:updated',
    (m) => m.id === motion.id && m.status === 'open',
  );
  await openMotion(hall, motion.id);
  assert.is((await opened).present, 4);

  const wang = await phone(srv, hall.tokens[0]!);
  const standing = await call<MotionList>(wang.socket, 'motion:list', {
    meetingId: hall.meetingId,
    inviteToken: hall.tokens[0],
  });
  assert.ok(standing.ok && standing.data.voter?.eligible, 'a checked-in member may vote');
  const live = waitForMatch<TallyView>(projector, 'vote:tallied', (t) => t.motionId === motion.id && t.cast === 1);
  const voted = await wang.vote(motion.id, [0]);
  assert.ok(voted.ok, JSON.stringify(voted));
  assert.match(voted.data.receipt, /^[2-9A-HJKMNP-Z]{8}$/);
  const tally = await live;
  assert.equal([tally.cast, tally.present, tally.counts], [1, 4, [1, 0, 0]]);

  // After a reload the phone still knows it voted, and with which receipt.
  const again = await call<MotionList>(wang.socket, 'motion:list', {
    meetingId: hall.meetingId,
    inviteToken: hall.tokens[0],
  });
  assert.ok(again.ok);
  assert.equal(again.data.voter?.receipts, [{ motionId: motion.id, receipt: voted.data.receipt, recorded: true }]);
  wang.close();
  projector.close();
  hall.close();
});

test('the same voter in two connections voting at once counts once', async () => {
  const hall = await openHall(srv, { members: 3 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  const tabA = await phone(srv, hall.tokens[0]!);
  const tabB = await phone(srv, hall.tokens[0]!);
  const [a, b] = await Promise.all([tabA.vote(motion.id, [0]), tabB.vote(motion.id, [1])]);
  assert.is([a, b].filter((r) => r.ok).length, 1, JSON.stringify([a, b]));
  const refused = [a, b].find((r) => !r.ok)!;
  assert.ok(!refused.ok && refused.error.code === 'conflict');
  assert.match(!refused.ok ? refused.error.message : '', /已经投过票/);
  assert.is(await srv.db.models.Vote.count({ where: { motionId: motion.id } }), 1);
  // A secret ballot alone is received, not recorded: its choice waits for a mix of five or the close.
  assert.is((await tallyOf(motion.id))!.ballots, 0);
  assert.equal((await closeMotion(hall, motion.id)).result!.cast, 1);

  // The same ballot retried from both tabs at once (same client ballot id): one receipt, one count.
  const second = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, second.id);
  const id = ballotId();
  const [c, d] = await Promise.all([tabA.vote(second.id, [2], id), tabB.vote(second.id, [2], id)]);
  assert.ok(c.ok && d.ok, JSON.stringify([c, d]));
  assert.is(c.data.receipt, d.data.receipt);
  assert.equal([c.data.replayed, d.data.replayed].sort(), [false, true]);
  assert.equal([c.data.recorded, d.data.recorded], [false, false]);
  const closed = await closeMotion(hall, second.id);
  assert.equal([closed.result!.cast, closed.result!.counts], [1, [0, 0, 1]]);
  assert.is((await tallyOf(second.id))!.ballots, 1);
  tabA.close();
  tabB.close();
  hall.close();
});

test('a ballot retried after a lost acknowledgement returns the same receipt and counts once', async () => {
  const hall = await openHall(srv, { members: 3 });
  const motion = await createMotion(hall, { kind: 'open' });
  await openMotion(hall, motion.id);
  const id = ballotId();
  const first = await phone(srv, hall.tokens[1]!);
  const sent = await first.vote(motion.id, [1], id);
  first.close();
  // The phone lost its connection before the ack and retries on a new one.
  const retry = await phone(srv, hall.tokens[1]!);
  const again = await retry.vote(motion.id, [1], id);
  assert.ok(sent.ok && again.ok);
  assert.equal(again.data, { motionId: motion.id, receipt: sent.data.receipt, replayed: true, recorded: true });
  assert.is(await srv.db.models.Vote.count({ where: { motionId: motion.id } }), 1);
  assert.equal((await tallyOf(motion.id))!.counts, [0, 1, 0]);
  retry.close();
  hall.close();
});

test('only checked-in members vote: absent, guests, uninvited staff and bad tokens are refused with a reason', async () => {
  const hall = await openHall(srv, { members: 4, checkedIn: 3 });
  const motion = await createMotion(hall, { kind: 'open' });
  await openMotion(hall, motion.id);

  // Checked in, then marked absent by the secretary: the phone is refused and told why.
  await hall.convener.post(`/api/meetings/${hall.meetingId}/attendance`, {
    inviteeId: hall.members[2],
    present: false,
  });
  const absent = await phone(srv, hall.tokens[2]!);
  const refused = await absent.vote(motion.id, [0]);
  assert.ok(!refused.ok && refused.error.code === 'forbidden');
  assert.match(!refused.ok ? refused.error.message : '', /请先扫描大屏上的二维码签到/);
  const standing = await call<MotionList>(absent.socket, 'motion:list', {
    meetingId: hall.meetingId,
    inviteToken: hall.tokens[2],
  });
  assert.equal(standing.ok && [standing.data.voter?.eligible, standing.data.voter?.reason], [false, 'not_checked_in']);

  // A guest (乡贤) checks in to follow the meeting but is not a voting member.
  const guest = await phone(srv, await checkIn(srv, hall.meetingId, hall.guest));
  const notMember = await guest.vote(motion.id, [0]);
  assert.match(!notMember.ok ? notMember.error.message : '', /不是本次会议的表决成员/);

  // A staff member of the village who was not invited, voting by session.
  const secretary = await new Client(srv.url).login('demo-secretary', srv.password('demo-secretary'));
  const staffSocket = await connectSocket(srv.url, secretary.cookieHeader);
  const staffVote = await call(staffSocket, 'vote:cast', {
    motionId: motion.id,
    choices: [0],
    clientBallotId: ballotId(),
  });
  assert.ok(!staffVote.ok && staffVote.error.code === 'forbidden');

  // No session and no token; a forged token.
  const stranger = await connectSocket(srv.url);
  const anonymous = await call(stranger, 'vote:cast', {
    motionId: motion.id,
    choices: [0],
    clientBallotId: ballotId(),
  });
  assert.ok(!anonymous.ok && anonymous.error.code === 'unauthenticated');
  const forged = await call(stranger, 'vote:cast', {
    motionId: motion.id,
    choices: [0],
    clientBallotId: ballotId(),
    inviteToken: 'x'.repeat(32),
  });
  assert.ok(!forged.ok && forged.error.code === 'forbidden');

  // A member who never checked in has no token at all; invited staff vote by session once checked in.
  const rep = await srv.db.models.User.findOne({ where: { username: 'demo-representative' } });
  const invited = await hall.convener.post(`/api/meetings/${hall.meetingId}/invitees`, {
    userId: rep!.id,
    member: true,
  });
  const repInvitee = invited.body.invitees.find((i: { userId: number | null }) => i.userId === rep!.id).id as number;
  const repClient = await new Client(srv.url).login('demo-representative', srv.password('demo-representative'));
  const repSocket = await connectSocket(srv.url, repClient.cookieHeader);
  const early = await call(repSocket, 'vote:cast', { motionId: motion.id, choices: [0], clientBallotId: ballotId() });
  assert.match(!early.ok ? early.error.message : '', /签到后才能投票/);
  await hall.convener.post(`/api/meetings/${hall.meetingId}/attendance`, { inviteeId: repInvitee, present: true });
  const late = await call(repSocket, 'vote:cast', { motionId: motion.id, choices: [0], clientBallotId: ballotId() });
  assert.ok(late.ok, JSON.stringify(late));

  assert.is(
    await srv.db.models.Vote.count({ where: { motionId: motion.id } }),
    1,
    'only the checked-in member’s ballot',
  );
  for (const s of [absent.socket, guest.socket, staffSocket, stranger, repSocket]) s.close();
  hall.close();
});

test('remote participants vote only where the organisation allows remote voting', async () => {
  const hall = await openHall(srv, { members: 3 });
  const motion = await createMotion(hall, { kind: 'secret' });
  await openMotion(hall, motion.id);
  // Checked in from the city over a remote link (the meeting pages record method 'remote').
  await srv.db.models.Attendance.update({ method: 'remote' }, { where: { inviteeId: hall.members[0] } });
  const remote = await phone(srv, hall.tokens[0]!);
  const refused = await remote.vote(motion.id, [0]);
  assert.match(!refused.ok ? refused.error.message : '', /不允许远程参会人员投票/);

  const admin = await new Client(srv.url).login('admin', srv.password('admin'));
  const village = await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } });
  const allowed = await admin.patch(`/api/organisations/${village!.id}`, {
    settings: { ...village!.settings, allowRemoteVoting: true },
  });
  assert.is(allowed.status, 200);
  const accepted = await remote.vote(motion.id, [0]);
  assert.ok(accepted.ok, JSON.stringify(accepted));
  await admin.patch(`/api/organisations/${village!.id}`, { settings: village!.settings });
  remote.close();
  hall.close();
});

test('the count of voters present is the roll: checked-in members, no guests, remote ones only where allowed', async () => {
  const hall = await openHall(srv, { members: 4, checkedIn: 3 });
  const { voters } = srv.app.services;
  const meeting = (await srv.db.models.Meeting.findByPk(hall.meetingId))!;
  const both = async () => [await voters.presentCount(meeting), (await voters.roll(meeting)).present.length];
  assert.equal(await both(), [3, 3]);
  await checkIn(srv, hall.meetingId, hall.guest);
  assert.equal(await both(), [3, 3], 'a guest checked in speaks but does not vote');
  await srv.db.models.Attendance.update({ method: 'remote' }, { where: { inviteeId: hall.members[0] } });
  voters.forget();
  assert.equal(await both(), [2, 2]);
  await srv.db.models.Attendance.update({ present: false }, { where: { inviteeId: hall.members[1] } });
  assert.equal(await both(), [1, 1]);
  hall.close();
});

test('a run of ballots reaches the projector as a few counts, at most one per 100 ms, the last one complete', async () => {
  const hall = await openHall(srv, { members: 10 });
  const projector = await screen(hall.screenToken, hall.meetingId);
  const motion = await createMotion(hall, { kind: 'open', liveTally: true });
  await openMotion(hall, motion.id);
  const seen: { at: number; tally: TallyView }[] = [];
  projector.on('vote:tallied', (t: TallyView) => t.motionId === motion.id && seen.push({ at: Date.now(), tally: t }));
  const all = waitForMatch<TallyView>(projector, 'vote:tallied', (t) => t.motionId === motion.id && t.cast === 10);
  // One after another, so each ballot is a batch of its own and changes the count again.
  for (const token of hall.tokens) {
    const p = await phone(srv, token);
    assert.ok((await p.vote(motion.id, [0])).ok);
    p.close();
  }
  assert.equal((await all).counts, [10, 0, 0]);
  const span = seen.at(-1)!.at - seen[0]!.at;
  assert.ok(
    seen.length <= 2 + Math.ceil(span / 100),
    `${seen.length} counts in ${span} ms: ${seen.map((x) => x.tally.cast).join(' ')}`,
  );
  projector.close();
  hall.close();
});

test.run();
