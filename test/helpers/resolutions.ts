import type { ResolutionState } from '../../shared/rules/resolution.js';
import type { Principal } from '../../server/services/access.js';
import type { TestServer } from './server.js';

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
    state,
    deadline: dispatched ? (options.deadline ?? new Date(now.getTime() + 10 * 86_400_000)) : null,
    dispatchedAt: dispatched ? now : null,
    reportedAt: ['reported', 'closed'].includes(state) ? now : null,
    closedAt: state === 'closed' ? now : null,
    result: ['reported', 'closed'].includes(state) ? '已更换 12 盏路灯' : null,
    rating: options.rating ?? null,
    ratedAt: options.rating ? now : null,
    unitSpeed: null,
    unitQuality: null,
    overdueNotifiedAt: null,
    dueSoonNotifiedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  if (options.topicId) await srv.db.models.ResolutionTopic.create({ resolutionId: r.id, topicId: options.topicId });
  return r.id;
}
