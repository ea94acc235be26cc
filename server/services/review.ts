import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { OPEN_STATUSES } from '../../shared/rules/intake.js';
import type {
  OwnerCandidates,
  ReferBody,
  StaffTopic,
  StaffTopicList,
  StaffTopicSummary,
  TopicListQuery,
} from '../../shared/schemas/intake.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Referral } from '../db/models/referral.js';
import type { Topic } from '../db/models/topic.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, scopeOf, type Principal } from './access.js';
import { storeVerifiedCount } from './cosigns/assembly-demand.js';
import { recordAudit } from './audit.js';
import type { TopicListener } from './intake.js';
import type { OrgTree } from './org-tree.js';

/** Who triages topics: the village's "two committees" (reviewers) and admins. */
export const REVIEW_ROLES = ['admin', 'reviewer'] as const;

/** Who may own an accepted topic: village staff, not departments (they receive referrals). */
export const OWNER_ROLES = ['admin', 'reviewer', 'convener', 'secretary', 'representative'] as const;

/** Called inside the transaction that creates a referral (即办), so what follows it exists with it. */
export type ReferralListener = (
  referral: Referral,
  source: { kind: 'referral' | 'visit'; id: number },
  t: Transaction,
) => Promise<void>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The review queue (审定): list and search, then accept with an owner, merge, decline with a
 * reply, or refer straight to a department. Each action is one transaction that writes the
 * topic, its public timeline entry and the audit record together.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly listener: TopicListener,
    /** Inside the referring transaction: the resolutions feature dispatches a resolution from it. */
    private readonly referred: ReferralListener = async () => undefined,
  ) {}

  /** The organisations whose topics the principal reviews, within `organisationId`'s subtree when given. */
  private async reviewScope(principal: Principal, organisationId?: number): Promise<number[]> {
    const scope = await scopeOf(this.tree, principal, REVIEW_ROLES);
    if (!scope.size) throw errors.forbidden();
    if (!organisationId) return [...scope];
    if (!scope.has(organisationId)) throw errors.forbidden();
    return (await this.tree.subtree(organisationId)).filter((id) => scope.has(id));
  }

  /**
   * Topics waiting for review (received, under review) in the principal's part of the tree: the
   * menu's badge. One indexed count of the few open topics, rather than the whole list with its
   * total, which a county-level reviewer's every page asked for over hundreds of thousands of topics.
   */
  async openCount(principal: Principal, organisationId?: number): Promise<number> {
    const orgIds = await this.reviewScope(principal, organisationId);
    return this.db.models.Topic.count({
      where: { organisationId: { [Op.in]: orgIds }, status: { [Op.in]: [...OPEN_STATUSES] } },
    });
  }

  async list(principal: Principal, query: TopicListQuery): Promise<StaffTopicList> {
    const orgIds = await this.reviewScope(principal, query.organisationId);
    const base: WhereOptions = { organisationId: { [Op.in]: orgIds } };
    const where: Record<string | symbol, unknown> = { ...base };
    if (query.status) where.status = query.status;
    if (query.category) where.category = query.category;
    if (query.gridId) where.gridId = query.gridId;
    if (query.from || query.to) {
      where.createdAt = {
        ...(query.from ? { [Op.gte]: new Date(`${query.from}T00:00:00+08:00`) } : {}),
        ...(query.to ? { [Op.lt]: new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000) } : {}),
      };
    }
    if (query.q) {
      const like = `%${escapeLike(query.q)}%`;
      where[Op.or] = [{ title: { [Op.like]: like } }, { details: { [Op.like]: like } }];
    }
    const { rows, count } = await this.db.models.Topic.findAndCountAll({
      where,
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      offset: query.offset,
      limit: query.limit,
    });
    const openCount = await this.db.models.Topic.count({ where: { ...base, status: { [Op.in]: [...OPEN_STATUSES] } } });
    return { items: await this.summaries(rows), total: count, openCount };
  }

  async summaries(rows: Topic[]): Promise<StaffTopicSummary[]> {
    const orgIds = [...new Set(rows.map((r) => r.organisationId))];
    const ownerIds = [...new Set(rows.map((r) => r.ownerId).filter((x): x is number => x != null))];
    const orgs = new Map(
      (
        await this.db.models.Organisation.findAll({ where: { id: { [Op.in]: orgIds } }, attributes: ['id', 'name'] })
      ).map((o) => [o.id, o.name]),
    );
    const owners = new Map(
      (
        await this.db.models.User.findAll({ where: { id: { [Op.in]: ownerIds } }, attributes: ['id', 'displayName'] })
      ).map((u) => [u.id, u.displayName]),
    );
    return rows.map((t) => ({
      id: t.id,
      receipt: t.receipt,
      organisationId: t.organisationId,
      organisationName: orgs.get(t.organisationId) ?? '',
      title: t.title,
      category: t.category,
      location: t.location,
      gridId: t.gridId,
      status: t.status,
      submitterName: t.anonymous ? null : t.submitterName,
      anonymous: Boolean(t.anonymous),
      ownerId: t.ownerId,
      ownerName: t.ownerId ? (owners.get(t.ownerId) ?? null) : null,
      mergedIntoId: t.mergedIntoId,
      cosignCount: t.cosignCount,
      verifiedCosignCount: t.verifiedCosignCount,
      assemblyDemand: Boolean(t.assemblyDemand),
      representativesDemand: Boolean(t.representativesDemand),
      submittedAt: t.createdAt.toISOString(),
      firstActionAt: t.firstActionAt?.toISOString() ?? null,
    }));
  }

  /** Loads a topic the principal may review; 404 for unknown ids, 403 outside their part of the tree. */
  async load(principal: Principal, id: number, t?: Transaction): Promise<Topic> {
    const topic = await this.db.models.Topic.findByPk(id, t ? { transaction: t } : {});
    if (!topic) throw errors.notFound();
    if (!(await hasRoleAt(this.tree, principal, REVIEW_ROLES, topic.organisationId))) throw errors.forbidden();
    return topic;
  }

  async get(principal: Principal, id: number): Promise<StaffTopic> {
    const topic = await this.load(principal, id);
    const [summary] = await this.summaries([topic]);
    const events = await this.db.models.TopicEvent.findAll({
      where: { topicId: id },
      order: [
        ['at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is number => x != null))];
    const actors = new Map(
      (
        await this.db.models.User.findAll({ where: { id: { [Op.in]: actorIds } }, attributes: ['id', 'displayName'] })
      ).map((u) => [u.id, u.displayName]),
    );
    const photos = await this.db.models.TopicPhoto.findAll({
      where: { topicId: id },
      attributes: ['id'],
      order: [['position', 'ASC']],
    });
    return {
      ...summary!,
      details: topic.details,
      submitterPhone: topic.anonymous ? null : topic.submitterPhone,
      photoIds: photos.map((p) => p.id),
      timeline: events.map((e) => ({
        kind: e.kind,
        at: e.at.toISOString(),
        note: e.note,
        detail: e.detail,
        actorName: e.actorId ? (actors.get(e.actorId) ?? null) : null,
      })),
    };
  }

  async photo(principal: Principal, topicId: number, photoId: number): Promise<{ data: Buffer; mime: string }> {
    await this.load(principal, topicId);
    const photo = await this.db.models.TopicPhoto.findOne({ where: { id: photoId, topicId } });
    if (!photo) throw errors.notFound();
    return { data: photo.data, mime: photo.mime };
  }

  /**
   * Runs one review action: the topic must still be open, and the change, its timeline entry
   * and its audit record are written together. The first action stamps the response time.
   */
  private async act(
    principal: Principal,
    id: number,
    action: string,
    fn: (
      topic: Topic,
      t: Transaction,
    ) => Promise<{ note?: string | null; detail?: string | null; changes: Partial<Topic> }>,
  ): Promise<StaffTopic> {
    await this.db.tx(async (t) => {
      const topic = await this.load(principal, id, t);
      if (!OPEN_STATUSES.includes(topic.status) && !(action === 'review_started' && topic.status === 'under_review')) {
        throw new AppError('conflict', 'review.error.not_open');
      }
      const now = this.clock.now();
      const before = { status: topic.status, ownerId: topic.ownerId };
      const { note = null, detail = null, changes } = await fn(topic, t);
      await topic.update({ ...changes, firstActionAt: topic.firstActionAt ?? now, updatedAt: now }, { transaction: t });
      await this.db.models.TopicEvent.create(
        { topicId: id, kind: action, actorId: principal.userId, note, detail, at: now },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: `topic.${action}`,
        subjectType: 'topic',
        subjectId: id,
        organisationId: topic.organisationId,
        summary: { before, after: { status: topic.status, ownerId: topic.ownerId } },
      });
    });
    this.listener.topicChanged(id);
    return this.get(principal, id);
  }

  /** Marks a topic as being reviewed (the resident sees 审核中); idempotent. */
  async startReview(principal: Principal, id: number): Promise<StaffTopic> {
    const topic = await this.load(principal, id);
    if (topic.status !== 'received') return this.get(principal, id);
    return this.act(principal, id, 'review_started', async () => ({ changes: { status: 'under_review' } }));
  }

  /** Staff holding an owner-eligible role at the topic's organisation or above, by name. */
  async ownerCandidates(principal: Principal, id: number): Promise<OwnerCandidates['items']> {
    const topic = await this.load(principal, id);
    const lineage = await this.tree.lineage(topic.organisationId);
    const memberships = await this.db.models.Membership.findAll({
      where: { organisationId: { [Op.in]: lineage }, role: { [Op.in]: [...OWNER_ROLES] } },
      raw: true,
    });
    const roles = new Map<number, Set<string>>();
    for (const m of memberships) roles.set(m.userId, (roles.get(m.userId) ?? new Set()).add(m.role));
    const users = await this.db.models.User.findAll({
      where: { id: { [Op.in]: [...roles.keys()] }, disabled: false },
      order: [['displayName', 'ASC']],
    });
    return users.map((u) => ({ id: u.id, displayName: u.displayName, roles: [...roles.get(u.id)!] }));
  }

  /** Accepts onto the agenda list with one owner (首问负责制): a staff member of the organisation. */
  async accept(principal: Principal, id: number, ownerId: number): Promise<StaffTopic> {
    return this.act(principal, id, 'accepted', async (topic, t) => {
      const owner = await this.db.models.User.findByPk(ownerId, { transaction: t });
      const memberships =
        owner && !owner.disabled
          ? await this.db.models.Membership.findAll({ where: { userId: ownerId }, transaction: t })
          : [];
      const eligible = await hasRoleAt(
        this.tree,
        {
          userId: ownerId,
          memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
        },
        ['admin', 'reviewer', 'convener', 'secretary', 'representative'],
        topic.organisationId,
      );
      if (!eligible) throw errors.invalid('review.error.owner');
      return { changes: { status: 'accepted', ownerId } };
    });
  }

  /** Merges a duplicate into another topic; co-signs move over, counted once per device/phone. */
  async merge(principal: Principal, id: number, intoTopicId: number): Promise<StaffTopic> {
    if (id === intoTopicId) throw errors.invalid('review.error.merge_self');
    return this.act(principal, id, 'merged', async (topic, t) => {
      const target = await this.db.models.Topic.findByPk(intoTopicId, { transaction: t });
      if (
        !target ||
        target.organisationId !== topic.organisationId ||
        !['accepted', ...OPEN_STATUSES].includes(target.status)
      ) {
        throw errors.invalid('review.error.merge_target');
      }
      const moving = await this.db.models.Cosign.findAll({ where: { topicId: id }, transaction: t });
      const existing = await this.db.models.Cosign.findAll({ where: { topicId: intoTopicId }, transaction: t });
      const seen = new Set(existing.flatMap((c) => [c.deviceHash, c.phoneHash].filter(Boolean)));
      const people = new Set(existing.map((c) => c.personId).filter((p) => p != null));
      let added = 0;
      let verified = target.verifiedCosignCount;
      for (const c of moving) {
        if (seen.has(c.deviceHash) || (c.phoneHash && seen.has(c.phoneHash))) continue;
        // A person verified on both topics counts once (and the unique index would refuse a second row).
        if (c.personId != null && people.has(c.personId)) continue;
        await c.update({ topicId: intoTopicId }, { transaction: t });
        added++;
        if (c.personId != null) verified++;
      }
      // The duplicate's submitter counts as one more supporter of the surviving topic.
      await storeVerifiedCount(
        this.db,
        this.clock.now(),
        target,
        { verified, support: target.cosignCount + added + 1 },
        t,
      );
      await this.db.models.TopicEvent.create(
        {
          topicId: intoTopicId,
          kind: 'merged_in',
          actorId: principal.userId,
          note: null,
          detail: topic.receipt,
          at: this.clock.now(),
        },
        { transaction: t },
      );
      return { detail: target.receipt, changes: { status: 'merged', mergedIntoId: intoTopicId, cosignCount: 0 } };
    });
  }

  async decline(principal: Principal, id: number, reply: string): Promise<StaffTopic> {
    return this.act(principal, id, 'declined', async () => ({ note: reply, changes: { status: 'declined' } }));
  }

  /** 即办: refers the topic straight to a department or person; the referral is kept for follow-up. */
  async refer(principal: Principal, id: number, body: ReferBody): Promise<StaffTopic> {
    return this.act(principal, id, 'referred', async (topic, t) => {
      const unit = await this.db.models.Organisation.findByPk(body.organisationId, { transaction: t });
      if (!unit) throw errors.invalid('review.error.refer_unit');
      if (body.assigneeId && !(await this.db.models.User.findByPk(body.assigneeId, { transaction: t })))
        throw errors.invalid('review.error.refer_unit');
      const referral = await this.db.models.Referral.create(
        {
          topicId: id,
          organisationId: body.organisationId,
          assigneeId: body.assigneeId,
          note: body.note,
          createdBy: principal.userId,
        },
        { transaction: t },
      );
      await this.referred(referral, { kind: 'referral', id: referral.id }, t);
      // The note is for the department; the resident sees only where the matter went.
      return { detail: unit.name, changes: { status: 'referred', ownerId: body.assigneeId ?? topic.ownerId } };
    });
  }
}
