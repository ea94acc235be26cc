import { Op } from 'sequelize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seedDemoBodyMeeting, type DemoBodyMeeting } from '../../server/services/bodies/demo-body-meeting.js';
import { findDemoBodies } from '../../server/services/register/demo-register.js';
import { chinaDate } from '../../shared/rules/attendance-rules.js';
import { minimumCount } from '../../shared/rules/quorum.js';
import type { CheckinRequestView } from '../../shared/schemas/checkin.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import { villageId } from '../helpers/checkin.js';
import { Client } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * What `npm start` shows of a meeting of a body (issue 13: "the demo meeting's attendance comes
 * from its body"): the seed server/main.ts runs, here against a test server and its real database.
 */
const srv = await startTestServer({ config: { loginRateLimit: 10_000 } });
test.after(() => srv.close());
const login = (u: string) => new Client(srv.url).login(u, srv.password(u));

let demo: DemoBodyMeeting;
let bodyId: number;
let meeting: MeetingView;

test.before(async () => {
  demo = (await seedDemoBodyMeeting(srv.app.services))!;
  bodyId = (await findDemoBodies(srv.db, await villageId(srv)))!.representatives;
  meeting = (await (await login('demo-convener')).get(`/api/meetings/${demo.id}`)).body as MeetingView;
});

/** The representatives' meeting's members on a day, read from the seats and the register directly. */
async function membersOn(day: string): Promise<number[]> {
  const seats = await srv.db.models.BodyMember.findAll({ where: { bodyId } });
  const seated = seats.filter((s) => s.startsOn <= day && (s.endsOn === null || s.endsOn >= day));
  const people = await srv.db.models.Person.findAll({
    where: { id: { [Op.in]: seated.map((s) => s.personId) }, status: { [Op.in]: ['resident', 'away'] } },
  });
  return people.map((p) => p.id).sort((a, b) => a - b);
}

async function invitedPeople(): Promise<(number | null)[]> {
  const rows = await srv.db.models.Invitee.findAll({ where: { meetingId: demo.id } });
  return rows.map((r) => r.personId).sort((a, b) => (a ?? 0) - (b ?? 0));
}

test('the live demo meeting belongs to the representatives’ meeting and invites exactly its members on the day', async () => {
  assert.is(meeting.status, 'live');
  assert.is(meeting.bodyId, bodyId);
  assert.is(demo.bodyName, '桃园村村民代表会议');
  const members = await membersOn(chinaDate(new Date(meeting.startsAt)));
  assert.ok(members.length >= 30, `a village's representatives and committee (${members.length})`);
  assert.equal(await invitedPeople(), members, 'no name typed by hand, nobody missing');
  // The representative who stood down in 2023 keeps a dated seat but is not entitled today.
  const former = await srv.db.models.BodyMember.findOne({ where: { bodyId, endsOn: { [Op.ne]: null } } });
  assert.ok(former, 'the demo register has an ended seat');
  assert.not.ok((await invitedPeople()).includes(former!.personId));
});

test('the entitled count is frozen at opening and quorum is two thirds of it', async () => {
  const members = await membersOn(chinaDate(new Date(meeting.startsAt)));
  assert.is(meeting.entitledCount, members.length);
  assert.ok(meeting.rosterFrozenAt, 'frozen when it opened');
  assert.is(meeting.attendance.expected, members.length);
  assert.is(meeting.attendance.quorumRequired, minimumCount(members.length, 2, 3, false));
  assert.ok(meeting.attendance.quorumMet, 'enough checked in to vote');
  assert.is(meeting.attendance.present, demo.present);
  assert.is(demo.entitled, members.length);

  // The register changes after opening: a new representative is seated, one seat ends today.
  const admin = await login('admin');
  const outsider = await srv.db.models.Person.findOne({
    where: {
      organisationId: await villageId(srv),
      status: 'resident',
      birthYear: { [Op.lte]: 2000 },
      id: { [Op.notIn]: members },
    },
  });
  const today = chinaDate(srv.clock.now());
  const added = await admin.post(`/api/bodies/${bodyId}/members`, {
    personId: outsider!.id,
    role: 'representative',
    startsOn: '2020-01-01',
  });
  assert.is(added.status, 201, JSON.stringify(added.body));
  const seat = await srv.db.models.BodyMember.findOne({ where: { bodyId, endsOn: null }, order: [['id', 'ASC']] });
  const ended = await admin.post(`/api/bodies/${bodyId}/members/${seat!.id}/end`, { endsOn: today });
  assert.is(ended.status, 200, JSON.stringify(ended.body));

  const after = (await admin.get(`/api/meetings/${demo.id}`)).body as MeetingView;
  assert.is(after.entitledCount, members.length, 'the count votes rely on does not move');
  assert.is(after.attendance.quorumRequired, meeting.attendance.quorumRequired);
  assert.not.ok((await invitedPeople()).includes(outsider!.id), 'nobody joins a frozen roster');
});

test('most members came in by their pass, two were confirmed at the desk and two still wait there', async () => {
  const convener = await login('demo-convener');
  const requests = (await convener.get(`/api/meetings/${demo.id}/checkin-requests`)).body.items as CheckinRequestView[];
  const pending = requests.filter((r) => r.state === 'pending');
  const confirmed = requests.filter((r) => r.state === 'confirmed');
  assert.is(pending.length, 2);
  assert.is(demo.pending, 2);
  assert.is(confirmed.length, 2);
  assert.ok(
    confirmed.every((r) => r.decidedBy),
    'who confirmed whom is recorded',
  );
  const present = new Set(meeting.invitees.filter((i) => i.present).map((i) => i.id));
  assert.ok(
    pending.every((r) => !present.has(r.inviteeId)),
    'a waiting request counts nobody',
  );

  const byPass = await srv.db.models.Attendance.count({
    where: { meetingId: demo.id, present: true, method: 'qr', recordedBy: null },
  });
  assert.ok(byPass > meeting.entitledCount! / 2, `most by pass (${byPass})`);
  assert.is(demo.present, byPass + confirmed.length);

  // The desk confirms one who waits: the count moves by one.
  const decided = await convener.post(`/api/meetings/${demo.id}/checkin-requests/${pending[0]!.id}/decision`, {
    confirm: true,
  });
  assert.is(decided.status, 200, JSON.stringify(decided.body));
  const after = (await convener.get(`/api/meetings/${demo.id}`)).body as MeetingView;
  assert.is(after.attendance.present, demo.present + 1);
});

test('the body allows no proxies; the links printed at start lead to its console, projector and pass sheet', async () => {
  const convener = await login('demo-convener');
  const absent = meeting.invitees.find((i) => i.member && !i.present)!;
  const holder = meeting.invitees.find((i) => i.present)!;
  const proxy = await convener.post(`/api/meetings/${demo.id}/proxies`, {
    holderInviteeId: holder.id,
    representedInviteeId: absent.id,
  });
  assert.is(proxy.status, 409, 'the representatives’ meeting takes no proxies');

  const sheet = await fetch(`${srv.url}/api/bodies/${bodyId}/pass-sheet`, {
    method: 'POST',
    headers: { cookie: convener.cookieHeader, 'x-csrf-token': convener.csrfToken ?? '' },
  });
  assert.is(sheet.status, 200);
  assert.ok(
    Buffer.from(await sheet.arrayBuffer())
      .subarray(0, 4)
      .toString() === '%PDF',
  );
  assert.ok(demo.passSheetUrl.endsWith(`/bodies?body=${bodyId}`));
  assert.ok(demo.consoleUrl.endsWith(`/m/${demo.id}/console`));
  assert.ok(demo.screenUrl.includes(`/m/${demo.id}/screen?token=`));
});

test.run();
