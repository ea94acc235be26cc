import { CreateMotionBody } from '../../../shared/schemas/vote.js';
import type { Principal } from '../access.js';
import { checkinCode } from '../checkin-code.js';
import type { Services } from '../index.js';
import { findDemoBodies } from '../register/demo-register.js';

/** What `npm start` prints of the demo meeting of a body. */
export interface DemoBodyMeeting {
  id: number;
  title: string;
  bodyName: string;
  consoleUrl: string;
  screenUrl: string;
  /** The body's page, where 打印参会证 prints the A4 sheet of passes (a POST: it issues new passes). */
  passSheetUrl: string;
  entitled: number;
  present: number;
  pending: number;
}

/** Members who arrive without their pass and wait at the desk (签到台) for staff to confirm them. */
const WAITING_AT_DESK = 2;
/** Members the desk confirmed by name (an elderly member who left the card at home). */
const CONFIRMED_AT_DESK = 2;
/** Members not (yet) in the hall. */
const ABSENT = 6;

async function principalOf(s: Services, username: string): Promise<Principal | null> {
  const user = await s.db.models.User.findOne({ where: { username } });
  if (!user) return null;
  const memberships = await s.db.models.Membership.findAll({ where: { userId: user.id } });
  return {
    userId: user.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

/**
 * A live meeting of the demo village's representatives' meeting (桃园村村民代表会议), through the
 * real services as people would do it: the convener creates it for the body (no names typed: its
 * invitees are the body's members on the meeting date, frozen when it opens), sends personal
 * links (参会证) to most members, who check in by scanning the projector's code with their pass;
 * the desk confirms two by name; two more wait on the console's 签到台; a few are absent. Quorum
 * (two thirds of the frozen count) is met, and a motion is prepared for the convener to open.
 *
 * No proxies: the representatives' meeting allows none (`max_proxies` 0; only the villagers'
 * assembly lets a household's representative attend for another). Seeded from server/main.ts
 * only, like 四议两公开's demo, so the suites that start a test server keep their rosters.
 */
export async function seedDemoBodyMeeting(s: Services): Promise<DemoBodyMeeting | null> {
  const village = await s.db.models.Organisation.findOne({
    where: { kind: 'village', isDemo: true },
    order: [['id', 'ASC']],
  });
  const bodies = village ? await findDemoBodies(s.db, village.id) : null;
  const convener = await principalOf(s, 'demo-convener');
  const secretary = await s.db.models.User.findOne({ where: { username: 'demo-secretary' } });
  if (!village || !bodies || !convener || !secretary) return null;
  const body = (await s.db.models.DeliberatingBody.findByPk(bodies.representatives))!;

  const now = s.clock.now();
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const created = await s.meetings.create(convener, {
    organisationId: village.id,
    kind: 'consultation',
    title: `${body.name}（演示）`,
    venue: '村委会一楼大会议室',
    startsAt: at(-30),
    endsAt: at(90),
    body: 'representatives_meeting',
    membersFrom: 'roster',
    bodyId: body.id,
    convenerId: convener.userId,
    secretaryIds: [secretary.id],
  });
  const id = created.id;
  await s.meetings.addItem(convener, id, {
    title: '村集体经济合作社年度收支情况',
    notes: '会计说明全年收入、支出和结余，代表提问。',
  });
  await s.meetings.addItem(convener, id, {
    title: '村内道路路灯维修方案',
    notes: '三个报价，选定一家并确定完工时间。',
  });
  await s.meetings.addItem(convener, id, { title: '其他事项', notes: '' });
  await s.meetings.transition(convener, id, 'scheduled');
  await s.meetings.transition(convener, id, 'live');

  // Invitees came from the body: each has the person whose seat (and pass) proves who they are.
  const invitees = (await s.meetings.invitees(id)).filter((i) => i.member);
  const rows = await s.db.models.Invitee.findAll({ where: { meetingId: id } });
  const personOf = new Map(rows.map((r) => [r.id, r.personId]));
  const seats = await s.db.models.BodyMember.findAll({ where: { bodyId: body.id, endsOn: null } });
  const seatOf = new Map(seats.map((seat) => [seat.personId, seat.id]));
  // What the projector shows at this moment (it rotates every minute).
  const secret = (await s.db.models.Meeting.findByPk(id))!.checkinSecret;
  const code = () => checkinCode(secret, s.clock.now()).code;

  const byPass = invitees.length - ABSENT - WAITING_AT_DESK - CONFIRMED_AT_DESK;
  for (const invitee of invitees.slice(0, Math.max(0, byPass))) {
    const seatId = seatOf.get(personOf.get(invitee.id) ?? 0);
    if (!seatId) continue;
    // The personal link the village sent by SMS; the phone scans the projector's code with it.
    const { url } = await s.passes.link(convener, body.id, seatId);
    await s.checkin.checkin(id, { code: code(), pass: url }, null);
  }
  const atDesk = invitees.slice(Math.max(0, byPass));
  for (const invitee of atDesk.slice(0, CONFIRMED_AT_DESK))
    await s.checkin.claimAndConfirm(convener, id, code(), invitee.id);
  for (const invitee of atDesk.slice(CONFIRMED_AT_DESK, CONFIRMED_AT_DESK + WAITING_AT_DESK))
    await s.checkin.checkin(id, { code: code(), inviteeId: invitee.id }, null);

  const [first] = await s.meetings.agenda(id);
  if (first)
    await s.motions.create(
      convener,
      CreateMotionBody.parse({
        meetingId: id,
        agendaItemId: first.id,
        question: '是否同意村集体经济合作社年度收支报告？',
        kind: 'open',
      }),
    );
  const screen = await s.live.issueScreenToken(convener, id);
  const view = await s.meetings.get(convener, id);
  const pending = await s.db.models.CheckinRequest.count({ where: { meetingId: id, state: 'pending' } });
  return {
    id,
    title: view.title,
    bodyName: body.name,
    consoleUrl: `${s.config.publicUrl}/m/${id}/console`,
    screenUrl: screen.url,
    passSheetUrl: `${s.config.publicUrl}/bodies?body=${body.id}`,
    entitled: view.entitledCount ?? 0,
    present: view.attendance.present,
    pending,
  };
}
