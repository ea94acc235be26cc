import { createHash } from 'node:crypto';
import { checkinCode } from '../../server/services/checkin-code.js';
import type { Principal } from '../../server/services/access.js';
import type { BodyRole } from '../../server/db/models/body-member.js';
import type { DeliberatingBody } from '../../server/db/models/deliberating-body.js';
import type { MeetingView } from '../../shared/schemas/meeting.js';
import { Client } from './http.js';
import type { TestServer } from './server.js';

/**
 * The register as tests need it, written as model rows (the register's own CRUD is another
 * engineer's): people, households, bodies and dated seats with passes, plus check-in helpers.
 */
let keys = 0;

async function principal(srv: TestServer, username: string): Promise<Principal> {
  const user = await srv.db.models.User.findOne({ where: { username } });
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: user!.id }, raw: true });
  return {
    userId: user!.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

export const admin = (srv: TestServer) => principal(srv, 'admin');

export async function villageId(srv: TestServer, name = '桃园村（演示）'): Promise<number> {
  return (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
}

export async function addHousehold(srv: TestServer, organisationId: number, number: string): Promise<number> {
  return (
    await srv.db.models.Household.create({ organisationId, gridId: null, number, address: null, headPersonId: null })
  ).id;
}

export async function addPerson(
  srv: TestServer,
  organisationId: number,
  name: string,
  extra: Partial<{
    householdId: number | null;
    birthYear: number | null;
    adult: boolean | null;
    status: string;
    statusSince: string;
  }> = {},
): Promise<number> {
  const person = await srv.db.models.Person.create({
    organisationId,
    householdId: extra.householdId ?? null,
    gridId: null,
    externalKey: `t${++keys}-${Date.now()}`,
    name,
    gender: 'unknown',
    birthYear: extra.birthYear ?? 1970,
    adult: extra.adult ?? null,
    idSuffix: null,
    phone: null,
    relation: null,
    status: (extra.status ?? 'resident') as 'resident',
    statusSince: extra.statusSince ?? '2000-01-01',
  });
  return person.id;
}

export async function addBody(
  srv: TestServer,
  organisationId: number,
  kind: DeliberatingBody['kind'],
  extra: Partial<{ name: string; guestsVote: boolean; maxProxies: number }> = {},
): Promise<number> {
  return (
    await srv.db.models.DeliberatingBody.create({
      organisationId,
      kind,
      name: extra.name ?? '村民代表会议',
      guestsVote: extra.guestsVote ?? false,
      maxProxies: extra.maxProxies ?? 0,
      archivedAt: null,
    })
  ).id;
}

/** A seat with a personal pass; returns the pass token (what the card's QR carries). */
export async function addSeat(
  srv: TestServer,
  bodyId: number,
  personId: number,
  role: BodyRole = 'representative',
  span: { startsOn?: string; endsOn?: string | null } = {},
): Promise<{ seatId: number; pass: string }> {
  const pass = `pass-${bodyId}-${personId}-${Math.random().toString(36).slice(2)}`.padEnd(24, 'x');
  const seat = await srv.db.models.BodyMember.create({
    bodyId,
    personId,
    role,
    startsOn: span.startsOn ?? '2020-01-01',
    endsOn: span.endsOn ?? null,
    passTokenHash: createHash('sha256').update(pass).digest('hex'),
    passIssuedAt: new Date(),
  });
  return { seatId: seat.id, pass };
}

export async function codeOf(srv: TestServer, meetingId: number): Promise<string> {
  const meeting = await srv.db.models.Meeting.findByPk(meetingId);
  return checkinCode(meeting!.checkinSecret, srv.clock.now()).code;
}

/** A phone claims a name with the projector's code and the desk (an admin) confirms it; returns the phone's token. */
export async function checkInAtDesk(srv: TestServer, meetingId: number, inviteeId: number): Promise<string> {
  const claim = await new Client(srv.url).post(`/api/meetings/${meetingId}/checkin`, {
    code: await codeOf(srv, meetingId),
    inviteeId,
  });
  if (claim.status !== 200 || claim.body.status !== 'pending') throw new Error(`claim: ${JSON.stringify(claim.body)}`);
  const request = await srv.db.models.CheckinRequest.findOne({
    where: { meetingId, inviteeId, state: 'pending' },
    order: [['id', 'DESC']],
  });
  await srv.app.services.checkin.decide(await admin(srv), meetingId, request!.id, true);
  return claim.body.requestToken as string;
}

/**
 * The same over HTTP only (servers in other processes): a phone at `phoneUrl` claims a name, the
 * desk's staff client confirms it. Returns the phone's token.
 */
export async function claimConfirmedOver(
  phoneUrl: string,
  desk: Client,
  meetingId: number,
  code: string,
  inviteeId: number,
): Promise<string> {
  const claim = await new Client(phoneUrl).post(`/api/meetings/${meetingId}/checkin`, { code, inviteeId });
  if (claim.body.status !== 'pending') throw new Error(`claim: ${JSON.stringify(claim.body)}`);
  const waiting = (await desk.get(`/api/meetings/${meetingId}/checkin-requests`)).body.items as {
    id: number;
    inviteeId: number;
    state: string;
  }[];
  const request = waiting.find((r) => r.inviteeId === inviteeId && r.state === 'pending')!;
  const decided = await desk.post(`/api/meetings/${meetingId}/checkin-requests/${request.id}/decision`, {
    confirm: true,
  });
  if (decided.status !== 200) throw new Error(`decision: ${JSON.stringify(decided.body)}`);
  return claim.body.requestToken as string;
}

/**
 * A representatives' meeting of `bodyId` on 25 November 2026, 09:00–11:00 China time, with one
 * agenda item (村道硬化方案), published; opened (its roster frozen from the body) unless `open` is false.
 */
export async function bodyMeetingOf(
  c: Client,
  organisationId: number,
  bodyId: number,
  options: { title?: string; open?: boolean } = {},
): Promise<{ id: number; view: MeetingView }> {
  const created = await c.post('/api/meetings', {
    organisationId,
    kind: 'consultation',
    title: options.title ?? '村民代表会议',
    venue: '村委会会议室',
    startsAt: '2026-11-25T09:00:00+08:00',
    endsAt: '2026-11-25T11:00:00+08:00',
    body: 'representatives_meeting',
    bodyId,
  });
  if (created.status !== 201) throw new Error(`meeting: ${JSON.stringify(created.body)}`);
  const id = created.body.id as number;
  await c.post(`/api/meetings/${id}/agenda`, { title: '村道硬化方案', notes: '' });
  await c.post(`/api/meetings/${id}/transition`, { to: 'scheduled' });
  const view = (
    options.open === false
      ? await c.get(`/api/meetings/${id}`)
      : await c.post(`/api/meetings/${id}/transition`, { to: 'live' })
  ).body as MeetingView;
  return { id, view };
}
