import type { ResolutionState } from '../../shared/rules/resolution.js';
import type { Principal } from '../../server/services/access.js';
import { draftFields } from '../../server/services/resolution-drafts.js';
import { Client } from './http.js';
import type { TestServer } from './server.js';
import { closeMotion, createMotion, openHall, openMotion, phone } from './voting.js';

/** The signed-in principal of a seeded user, as the services take it. */
export async function principalOf(srv: TestServer, username: string): Promise<Principal> {
  const user = await srv.db.models.User.findOne({ where: { username } });
  const memberships = await srv.db.models.Membership.findAll({ where: { userId: user!.id } });
  return {
    userId: user!.id,
    memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
  };
}

export const orgIdOf = async (srv: TestServer, name: string): Promise<number> =>
  (await srv.db.models.Organisation.findOne({ where: { name } }))!.id;

/**
 * A resolution of 桃园村 in the given state, written straight to the table (for rows that need one
 * in a given state; the lifecycle tests build theirs through the API). Dispatched ones go to
 * 青山镇, where the demo department works. Linked to `topicId` when given.
 */
export async function makeResolution(
  srv: TestServer,
  state: ResolutionState,
  options: { topicId?: number; deadline?: Date; rating?: 'satisfied' | 'basically_satisfied' | 'dissatisfied' } = {},
): Promise<number> {
  const now = srv.clock.now();
  const village = await orgIdOf(srv, '桃园村（演示）');
  const township = await orgIdOf(srv, '青山镇（演示）');
  const dispatched = state !== 'draft' && state !== 'withdrawn';
  const r = await srv.db.models.Resolution.create({
    organisationId: village,
    sourceKind: 'consensus',
    sourceId: null,
    meetingId: null,
    decisionId: null,
    referralId: null,
    text: `修缮村道路灯（${state}）`,
    category: '公共设施',
    responsibleOrganisationId: dispatched ? township : null,
    responsibleUserId: null,
    collaborators: [],
    ...draftFields(now),
    state,
    deadline: dispatched ? (options.deadline ?? new Date(now.getTime() + 10 * 86_400_000)) : null,
    dispatchedAt: dispatched ? now : null,
    reportedAt: ['reported', 'closed'].includes(state) ? now : null,
    closedAt: state === 'closed' ? now : null,
    result: ['reported', 'closed'].includes(state) ? '已更换 12 盏路灯' : null,
    rating: options.rating ?? null,
    ratedAt: options.rating ? now : null,
  });
  if (options.topicId) await srv.db.models.ResolutionTopic.create({ resolutionId: r.id, topicId: options.topicId });
  return r.id;
}

/**
 * The way to a draft resolution, through the API and real sockets: a resident submits `title`,
 * the reviewer accepts it, the convener puts it on a live meeting's agenda and three members
 * pass a motion on it. Returns the topic (with its receipt) and the drafted resolution.
 */
export async function passedMotion(
  srv: TestServer,
  title: string,
): Promise<{ topicId: number; receipt: string; resolutionId: number }> {
  const submitted = await new Client(srv.url).post(`/api/intake/${srv.intakeCodes[0]}/topics`, {
    title,
    category: '公共设施',
    name: '王阿姨',
    phone: '13600001111',
  });
  if (submitted.status !== 201) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const receipt = submitted.body.receipt as string;
  const topic = await srv.app.services.intake.findByReceipt(receipt);
  const reviewer = await new Client(srv.url).login('demo-reviewer', srv.password('demo-reviewer'));
  const owner = (await srv.db.models.User.findOne({ where: { username: 'demo-convener' } }))!.id;
  const accepted = await reviewer.post(`/api/topics/${topic.id}/accept`, { ownerId: owner });
  if (accepted.status !== 200) throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
  const hall = await openHall(srv, { members: 3 });
  const added = await hall.convener.post(`/api/meetings/${hall.meetingId}/agenda`, { topicId: topic.id });
  const item = (added.body.agenda as { id: number; topicId: number | null }[]).find((i) => i.topicId === topic.id)!;
  const motion = await createMotion(hall, { agendaItemId: item.id, question: `是否同意：${title}？` });
  await openMotion(hall, motion.id);
  for (const token of hall.tokens) {
    const p = await phone(srv, token);
    const cast = await p.vote(motion.id, [0]);
    p.close();
    if (!cast.ok) throw new Error(`vote: ${JSON.stringify(cast)}`);
  }
  await closeMotion(hall, motion.id);
  hall.close();
  for (let i = 0; i < 200; i++) {
    const r = await srv.db.models.Resolution.findOne({ where: { sourceKind: 'motion', sourceId: motion.id } });
    if (r) return { topicId: topic.id, receipt, resolutionId: r.id };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no resolution was drafted from the passed motion');
}
