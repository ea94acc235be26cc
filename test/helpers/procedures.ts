import type { Principal } from '../../server/services/access.js';
import type { Stage } from '../../shared/rules/procedure.js';
import type { ProcedureDetail } from '../../shared/schemas/procedure.js';
import type { MotionView } from '../../shared/schemas/vote.js';
import { Client } from './http.js';
import { call, connectSocket } from './realtime.js';
import type { TestServer } from './server.js';
import { checkIn, phone } from './voting.js';

export const VILLAGE = '桃园村（演示）';

/** The principal of a seeded login, as services see it. */
export async function principalOf(srv: TestServer, username: string): Promise<Principal> {
  const user = await srv.db.models.User.findOne({ where: { username } });
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: user!.id } });
  return {
    userId: user!.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

export async function villageId(srv: TestServer, name = VILLAGE): Promise<number> {
  return (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;
}

/** Opens a matter at the demo village through the service, as the demo reviewer. */
export async function openProcedure(srv: TestServer, title = '村集体土地流转给合作社'): Promise<number> {
  return srv.app.services.procedures.open(await principalOf(srv, 'demo-reviewer'), {
    organisationId: await villageId(srv),
    kind: 'land',
    title,
    text: '村里将集体土地100亩流转给果蔬合作社，租期10年。',
    topicId: null,
  });
}

/**
 * A draft meeting of `body` at the demo village with `members` members (the convener's client,
 * the meeting and its member invitee ids); `decideStage` publishes it, opens it and votes.
 */
export async function stageMeeting(
  srv: TestServer,
  body: string,
  options: { members?: number; startsAt?: string } = {},
) {
  const convener = await new Client(srv.url).login('demo-convener', srv.password('demo-convener'));
  const created = await convener.post('/api/meetings', {
    organisationId: await villageId(srv),
    kind: 'consultation',
    title: `${body} 会议`,
    venue: '村委会会议室',
    startsAt: options.startsAt ?? '2026-12-20T09:00:00+08:00',
    endsAt: new Date(new Date(options.startsAt ?? '2026-12-20T09:00:00+08:00').getTime() + 7_200_000).toISOString(),
    body,
  });
  if (created.status !== 201) throw new Error(`meeting: ${JSON.stringify(created.body)}`);
  const meetingId = created.body.id as number;
  const members: number[] = [];
  for (let i = 0; i < (options.members ?? 3); i++) {
    const r = await convener.post(`/api/meetings/${meetingId}/invitees`, {
      name: `成员${i + 1}`,
      category: 'representative',
      member: true,
    });
    members.push((r.body.invitees as { id: number }[]).at(-1)!.id);
  }
  return { convener, meetingId, members };
}

/** The phones' tokens of a meeting whose members are checked in, so a second vote needs no new check-in. */
const checkedIn = new WeakMap<object, string[]>();

/**
 * Opens the meeting, checks everyone in (once per meeting), and votes on the stage's item (the
 * latest attempt's): `yes` in favour, the rest against.
 */
export async function decideStage(
  srv: TestServer,
  hall: Awaited<ReturnType<typeof stageMeeting>>,
  procedureId: number,
  stage: Stage,
  yes: number,
): Promise<MotionView> {
  const { convener, meetingId, members } = hall;
  const detail = (await convener.get(`/api/procedures/${procedureId}`)).body as ProcedureDetail;
  const attempt = detail.attempts.filter((a) => a.stage === stage).at(-1)!;
  const meeting = await srv.db.models.Meeting.findByPk(meetingId);
  if (meeting!.status === 'draft') await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'scheduled' });
  if ((await srv.db.models.Meeting.findByPk(meetingId))!.status === 'scheduled')
    await convener.post(`/api/meetings/${meetingId}/transition`, { to: 'live' });
  let tokens = checkedIn.get(hall);
  if (!tokens) {
    tokens = [];
    for (const id of members) tokens.push(await checkIn(srv, meetingId, id));
    checkedIn.set(hall, tokens);
  }
  const socket = await connectSocket(srv.url, convener.cookieHeader);
  await call(socket, 'meeting:join', { meetingId });
  const created = await call<MotionView>(socket, 'motion:create', {
    meetingId,
    agendaItemId: attempt.agendaItemId,
    question: `是否同意${stage}？`,
    kind: 'open',
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  await call(socket, 'motion:open', { motionId: created.data.id });
  for (const [i, token] of tokens.entries()) {
    const p = await phone(srv, token);
    await p.vote(created.data.id, [i < yes ? 0 : 1]);
    p.close();
  }
  const closed = await call<MotionView>(socket, 'motion:close', { motionId: created.data.id });
  socket.close();
  if (!closed.ok) throw new Error(JSON.stringify(closed));
  return closed.data;
}

/** Polls the procedure until `probe` holds (stages are decided just after the close commits). */
export async function until(
  client: Client,
  procedureId: number,
  probe: (d: ProcedureDetail) => boolean,
  ms = 5000,
): Promise<ProcedureDetail> {
  const end = Date.now() + ms;
  for (;;) {
    const d = (await client.get(`/api/procedures/${procedureId}`)).body as ProcedureDetail;
    if (probe(d)) return d;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/**
 * A matter of the demo village, opened by the convener, whose first three stages and 决议 have
 * passed (as the main test carries them through meetings) and whose resolution is now on display.
 */
export async function onDisplay(s: TestServer, title: string): Promise<number> {
  const id = await s.app.services.procedures.open(await principalOf(s, 'demo-convener'), {
    organisationId: await villageId(s),
    kind: 'collective_assets',
    title,
    text: '村集体向信用社借款20万元用于修建冷库。',
    topicId: null,
  });
  await s.db.models.Procedure.update({ step: 'resolution_publication' }, { where: { id } });
  const convener = await new Client(s.url).login('demo-convener', s.password('demo-convener'));
  const meeting = await convener.post('/api/meetings', {
    organisationId: await villageId(s),
    kind: 'consultation',
    title: '村民代表会议',
    venue: '村委会',
    startsAt: '2026-11-20T09:00:00+08:00',
    endsAt: '2026-11-20T11:00:00+08:00',
    body: 'representatives_meeting',
  });
  const bodies = ['party_branch', 'two_committees', 'party_assembly', 'representatives_meeting'] as const;
  for (const [i, stage] of (['proposal', 'consultation', 'review', 'resolution'] as const).entries()) {
    await s.db.models.ProcedureStage.create({
      procedureId: id,
      stage,
      attempt: 1,
      state: 'passed',
      body: bodies[i]!,
      meetingId: meeting.body.id,
      agendaItemId: null,
      version: 1,
      motionId: null,
      decidedAt: s.clock.now(),
      statement: null,
      quorumMet: true,
      quorumRequired: 2,
      entitled: 3,
      present: 3,
      days: 1,
      reason: null,
      returnedTo: null,
    });
  }
  const published = await convener.post(`/api/procedures/${id}/publications`, { kind: 'resolution', days: 7 });
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
  return id;
}

/**
 * Records 提议, 商议 and 审议 as passed at meetings of their bodies, as the main procedures test
 * carries them through real votes: for tests that start at 决议.
 */
export async function passFirstThreeStages(srv: TestServer, id: number): Promise<void> {
  for (const [stage, body] of [
    ['proposal', 'party_branch'],
    ['consultation', 'two_committees'],
    ['review', 'party_assembly'],
  ] as const) {
    const hall = await stageMeeting(srv, body);
    await srv.db.models.ProcedureStage.create({
      procedureId: id,
      stage,
      attempt: 1,
      state: 'passed',
      body,
      meetingId: hall.meetingId,
      agendaItemId: null,
      version: 1,
      motionId: null,
      decidedAt: srv.clock.now(),
      statement: null,
      quorumMet: true,
      quorumRequired: 2,
      entitled: 3,
      present: 3,
      days: 1,
      reason: null,
      returnedTo: null,
    });
  }
}
