import type { MotionView, VoteReceipt } from '../../shared/schemas/vote.js';
import { Client } from './http.js';
import { checkInAtDesk } from './checkin.js';
import { call, connectSocket, type TestSocket } from './realtime.js';
import type { TestServer } from './server.js';

export interface Hall {
  meetingId: number;
  itemId: number;
  convener: Client;
  /** The convener's socket, joined to the meeting: drives motions. */
  console: TestSocket;
  /** Invitee ids of the members, in roster order, and of one guest (not a member). */
  members: number[];
  guest: number;
  /** Participant tokens of the members checked in (`checkedIn` of them), by index into `members`. */
  tokens: string[];
  screenToken: string;
  close(): void;
}

/**
 * A live meeting of the demo convener with `members` representatives and one guest; the first
 * `checkedIn` members check in by the projector's code, as their phones would.
 */
export async function openHall(
  srv: TestServer,
  options: { members?: number; checkedIn?: number; body?: string; title?: string } = {},
): Promise<Hall> {
  const members = options.members ?? 5;
  const checkedIn = options.checkedIn ?? members;
  const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const village = await srv.db.models.Organisation.findOne({ where: { name: '桃园村（演示）' } });
  const secretary = await srv.db.models.User.findOne({ where: { username: 'demo-secretary' } });
  const created = await convener.post('/api/meetings', {
    organisationId: village!.id,
    kind: 'consultation',
    title: options.title ?? '村民代表会议',
    venue: '村委会会议室',
    startsAt: '2026-11-25T09:00:00+08:00',
    endsAt: '2026-11-25T11:00:00+08:00',
    body: options.body ?? 'representatives_meeting',
    secretaryIds: [secretary!.id],
  });
  if (created.status !== 201) throw new Error(`meeting: ${JSON.stringify(created.body)}`);
  const meetingId = created.body.id as number;
  const withItem = await convener.post(`/api/meetings/${meetingId}/agenda`, { title: '村道硬化方案', notes: '' });
  for (let i = 0; i < members; i++)
    await convener.post(`/api/meetings/${meetingId}/invitees`, {
      name: `代表${String(i + 1).padStart(3, '0')}`,
      category: 'representative',
      member: true,
    });
  const all = await convener.post(`/api/meetings/${meetingId}/invitees`, {
    name: '孙乡贤',
    category: 'notable',
    member: false,
  });
  await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'scheduled' });
  await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'live' });
  const roster = all.body.invitees as { id: number; member: boolean }[];
  const memberIds = roster.filter((i) => i.member).map((i) => i.id);
  const guest = roster.find((i) => !i.member)!.id;
  const tokens: string[] = [];
  for (const inviteeId of memberIds.slice(0, checkedIn)) tokens.push(await checkIn(srv, meetingId, inviteeId));
  const link = (await convener.post(`/api/meetings/${meetingId}/screen-link`)).body.url as string;
  const socket = await connectSocket(srv.url, convener.cookieHeader);
  const joined = await call(socket, 'meeting:join', { meetingId });
  if (!joined.ok) throw new Error(`join: ${JSON.stringify(joined)}`);
  return {
    meetingId,
    itemId: withItem.body.agenda[0].id,
    convener,
    console: socket,
    members: memberIds,
    guest,
    tokens,
    screenToken: new URL(link).searchParams.get('token')!,
    close: () => socket.close(),
  };
}

/**
 * Checks an invitee in as a phone without a pass does: a claim with the projector's current code,
 * confirmed by the desk. Returns their participant token.
 */
export const checkIn = (srv: TestServer, meetingId: number, inviteeId: number): Promise<string> =>
  checkInAtDesk(srv, meetingId, inviteeId);

/** Creates a motion on the hall's item through the console; throws on refusal. */
export async function createMotion(hall: Hall, body: Record<string, unknown> = {}): Promise<MotionView> {
  const r = await call<MotionView>(hall.console, 'motion:create', {
    meetingId: hall.meetingId,
    agendaItemId: hall.itemId,
    question: '是否同意村道硬化方案？',
    kind: 'open',
    ...body,
  });
  if (!r.ok) throw new Error(`motion:create: ${JSON.stringify(r.error)}`);
  return r.data;
}

export async function openMotion(hall: Hall, motionId: number, countdownSeconds?: number): Promise<MotionView> {
  const r = await call<MotionView>(hall.console, 'motion:open', {
    motionId,
    ...(countdownSeconds ? { countdownSeconds } : {}),
  });
  if (!r.ok) throw new Error(`motion:open: ${JSON.stringify(r.error)}`);
  return r.data;
}

export async function closeMotion(hall: Hall, motionId: number): Promise<MotionView> {
  const r = await call<MotionView>(hall.console, 'motion:close', { motionId });
  if (!r.ok) throw new Error(`motion:close: ${JSON.stringify(r.error)}`);
  return r.data;
}

let ballots = 0;
/** A fresh client ballot id, as a phone makes one per motion. */
export const ballotId = () => `ballot-${process.pid}-${Date.now().toString(36)}-${ballots++}`;

/** A phone: a socket that votes with its participant token. */
export async function phone(srv: TestServer, token: string) {
  const socket = await connectSocket(srv.url);
  return {
    socket,
    vote: (motionId: number, choices: number[], clientBallotId = ballotId()) =>
      call<VoteReceipt>(socket, 'vote:cast', { motionId, choices, clientBallotId, inviteToken: token }),
    close: () => socket.close(),
  };
}
