import { Op } from 'sequelize';
import { OPEN_STATUSES, similarity } from '../../shared/rules/intake.js';
import type { MergeCandidates, ReferralTargets } from '../../shared/schemas/review.js';
import type { Database } from '../db/index.js';
import type { Principal } from './access.js';
import type { OrgTree } from './org-tree.js';
import type { ReviewService } from './review.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The choices a reviewer picks from in the merge and refer dialogs. Both start by loading the
 * topic through ReviewService, so they are authorised exactly like the actions they feed.
 */
export class ReviewTargetService {
  constructor(
    private readonly db: Database,
    private readonly tree: OrgTree,
    private readonly review: ReviewService,
  ) {}

  /**
   * Topics this one can be merged into: open or accepted, same organisation, not itself. With a
   * search, those whose title or details contain it; without, the twenty most alike by title.
   */
  async mergeCandidates(principal: Principal, id: number, q?: string): Promise<MergeCandidates['items']> {
    const topic = await this.review.load(principal, id);
    const rows = await this.db.models.Topic.findAll({
      where: {
        organisationId: topic.organisationId,
        id: { [Op.ne]: topic.id },
        status: { [Op.in]: [...OPEN_STATUSES, 'accepted'] },
        ...(q
          ? {
              [Op.or]: [
                { title: { [Op.like]: `%${escapeLike(q)}%` } },
                { details: { [Op.like]: `%${escapeLike(q)}%` } },
              ],
            }
          : {}),
      },
      order: [['createdAt', 'DESC']],
      limit: q ? 20 : 500,
    });
    const ranked = q
      ? rows
      : rows
          .map((t) => ({ t, score: similarity(topic.title, t.title) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 20)
          .map(({ t }) => t);
    return this.review.summaries(ranked);
  }

  /**
   * Departments of the county (where someone holds the department role), the levels above the
   * topic's village, and the people who hold the department role or represent the village.
   */
  async referralTargets(principal: Principal, id: number): Promise<ReferralTargets> {
    const topic = await this.review.load(principal, id);
    return this.targetsFor(topic.organisationId);
  }

  /** Referral targets for a matter of this organisation (the caller has authorised it). */
  async targetsFor(organisationId: number): Promise<ReferralTargets> {
    const lineage = await this.tree.lineage(organisationId);
    const county = await this.tree.subtree(lineage[lineage.length - 1]!);
    const memberships = await this.db.models.Membership.findAll({
      where: {
        [Op.or]: [
          { role: 'department', organisationId: { [Op.in]: county } },
          { role: 'representative', organisationId: { [Op.in]: lineage } },
        ],
      },
      raw: true,
    });
    const unitIds = new Set([
      ...lineage.slice(1),
      ...memberships.filter((m) => m.role === 'department').map((m) => m.organisationId),
    ]);
    const orgs = await this.db.models.Organisation.findAll({
      where: { id: { [Op.in]: [...unitIds, ...memberships.map((m) => m.organisationId)] } },
      attributes: ['id', 'name', 'kind'],
      order: [['id', 'ASC']],
    });
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const users = await this.db.models.User.findAll({
      where: { id: { [Op.in]: memberships.map((m) => m.userId) }, disabled: false },
      attributes: ['id', 'displayName'],
      order: [['displayName', 'ASC']],
    });
    const people = users.flatMap((u) =>
      memberships
        .filter((m) => m.userId === u.id)
        .slice(0, 1)
        .map((m) => ({
          id: u.id,
          displayName: u.displayName,
          organisationId: m.organisationId,
          organisationName: orgName.get(m.organisationId) ?? '',
        })),
    );
    return {
      units: orgs.filter((o) => unitIds.has(o.id)).map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
      people,
    };
  }
}
