import { Op, type Transaction } from 'sequelize';
import { defaultDeadline } from '../../shared/rules/resolution.js';
import { decisionWording } from '../../shared/rules/wording.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Referral } from '../db/models/referral.js';
import type { Logger } from '../logger.js';
import type { ResolutionService } from './resolutions.js';

/**
 * The fields of a resolution that has not started its life yet: a draft with no deadline, no
 * steps, no rating. Every way a resolution is created starts from these.
 */
export const draftFields = (now: Date) => ({
  state: 'draft' as const,
  deadline: null,
  dispatchedAt: null,
  reportedAt: null,
  closedAt: null,
  result: null,
  rating: null,
  ratedAt: null,
  unitSpeed: null,
  unitQuality: null,
  overdueNotifiedAt: null,
  dueSoonNotifiedAt: null,
  createdAt: now,
  updatedAt: now,
});

/**
 * Where resolutions come from. A decision (a passed motion or a consensus item) becomes a draft
 * for the convener to dispatch; a referral (即办, from review or the reception desk) is dispatched
 * at once. Decisions arrive through after-commit hooks, which a crash can lose: `catchUp` runs
 * at start and finds what was missed. Every path is idempotent (unique decision_id/referral_id).
 */
export class ResolutionDrafts {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly resolutions: ResolutionService,
    /** Told of each draft the catch-up made, like the hook path does (notifications). */
    private readonly drafted?: (resolutionId: number) => void,
  ) {}

  /** Topics a resolution answers: the agenda item's topic and the duplicates merged into it. */
  private async topicsOf(topicId: number | null, t: Transaction): Promise<number[]> {
    if (topicId == null) return [];
    const merged = await this.db.models.Topic.findAll({
      where: { mergedIntoId: topicId },
      attributes: ['id'],
      transaction: t,
    });
    return [topicId, ...merged.map((m) => m.id)];
  }

  private async link(resolutionId: number, topicIds: number[], t: Transaction): Promise<void> {
    for (const topicId of topicIds)
      await this.db.models.ResolutionTopic.findOrCreate({ where: { resolutionId, topicId }, transaction: t });
  }

  /** The draft's id when this call created it; null when it existed already (or cannot be drafted). */
  async fromDecision(decisionId: number): Promise<number | null> {
    return this.db.tx(async (t) => {
      const d = await this.db.models.Decision.findByPk(decisionId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!d || d.annulledAt || d.resolutionId) return null;
      const existing = await this.db.models.Resolution.findOne({ where: { decisionId }, transaction: t });
      if (existing) {
        await d.update({ resolutionId: existing.id }, { transaction: t });
        return null;
      }
      const meeting = await this.db.models.Meeting.findByPk(d.meetingId, { transaction: t });
      const item = d.agendaItemId ? await this.db.models.AgendaItem.findByPk(d.agendaItemId, { transaction: t }) : null;
      const topic = item?.topicId ? await this.db.models.Topic.findByPk(item.topicId, { transaction: t }) : null;
      const now = this.clock.now();
      const r = await this.db.models.Resolution.create(
        {
          organisationId: meeting!.organisationId,
          sourceKind: d.kind === 'motion' ? 'motion' : 'consensus',
          sourceId: d.kind === 'motion' ? d.motionId : d.id,
          meetingId: d.meetingId,
          decisionId: d.id,
          referralId: null,
          text: d.text,
          wording: decisionWording(d.text),
          category: topic?.category ?? null,
          responsibleOrganisationId: null,
          responsibleUserId: null,
          collaborators: [],
          ...draftFields(now),
        },
        { transaction: t },
      );
      await this.link(r.id, await this.topicsOf(item?.topicId ?? null, t), t);
      await d.update({ resolutionId: r.id }, { transaction: t });
      await this.db.models.ResolutionEvent.create(
        {
          resolutionId: r.id,
          kind: 'drafted',
          fromState: null,
          toState: 'draft',
          actorId: null,
          note: null,
          public: true,
          at: now,
        },
        { transaction: t },
      );
      return r.id;
    });
  }

  /** The motion behind a decision was annulled: a resolution not yet dispatched is withdrawn. */
  async decisionAnnulled(decisionId: number): Promise<void> {
    await this.db.tx(async (t) => {
      const r = await this.db.models.Resolution.findOne({ where: { decisionId }, transaction: t, lock: t.LOCK.UPDATE });
      if (!r || r.state !== 'draft') return;
      await this.resolutions.step(r, null, 'withdraw', { kind: 'withdrawn', note: null }, t);
    });
  }

  /**
   * Inside the referring transaction (review's 即办 or a visit referred from the desk): the
   * resolution exists exactly when the referral does, already dispatched to the unit.
   */
  async fromReferral(referral: Referral, source: { kind: 'referral' | 'visit'; id: number }, t: Transaction) {
    const topic = await this.db.models.Topic.findByPk(referral.topicId, { transaction: t });
    if (!topic) return;
    const now = this.clock.now();
    const r = await this.db.models.Resolution.create(
      {
        organisationId: topic.organisationId,
        sourceKind: source.kind,
        sourceId: source.id,
        meetingId: null,
        decisionId: null,
        referralId: referral.id,
        // The referral's note is for the unit, not the public: it goes on the timeline unpublished.
        text: topic.title,
        dispatchNote: referral.note || null,
        category: topic.category,
        responsibleOrganisationId: referral.organisationId,
        responsibleUserId: referral.assigneeId,
        collaborators: [],
        ...draftFields(now),
      },
      { transaction: t },
    );
    await this.link(r.id, await this.topicsOf(topic.id, t), t);
    const unit = await this.db.models.Organisation.findByPk(referral.organisationId, { transaction: t });
    await this.resolutions.step(
      r,
      referral.createdBy,
      'dispatch',
      {
        kind: 'dispatched',
        note: unit?.name ?? null,
        changes: { deadline: defaultDeadline(topic.category, now), dispatchedAt: now },
      },
      t,
    );
    if (referral.note)
      await this.db.models.ResolutionEvent.create(
        {
          resolutionId: r.id,
          kind: 'referral_note',
          fromState: 'dispatched',
          toState: 'dispatched',
          actorId: referral.createdBy,
          note: referral.note,
          public: false,
          at: now,
        },
        { transaction: t },
      );
  }

  /** At start: decisions recorded (or annulled) while the process was down or before the hook ran. */
  async catchUp(): Promise<{ drafted: number; withdrawn: number }> {
    let drafted = 0;
    let withdrawn = 0;
    const missing = await this.db.models.Decision.findAll({
      where: { resolutionId: null, annulledAt: null },
      attributes: ['id'],
    });
    for (const d of missing) {
      const id = await this.fromDecision(d.id);
      if (id) {
        drafted++;
        this.drafted?.(id);
      }
    }
    const annulled = await this.db.models.Decision.findAll({
      where: { annulledAt: { [Op.ne]: null }, resolutionId: { [Op.ne]: null } },
      attributes: ['id', 'resolutionId'],
    });
    if (annulled.length) {
      const drafts = await this.db.models.Resolution.findAll({
        where: { id: { [Op.in]: annulled.map((d) => d.resolutionId!) }, state: 'draft' },
        attributes: ['decisionId'],
      });
      for (const r of drafts) {
        await this.decisionAnnulled(r.decisionId!);
        withdrawn++;
      }
    }
    if (drafted || withdrawn) this.logger.info({ drafted, withdrawn }, 'resolutions caught up with decisions');
    return { drafted, withdrawn };
  }
}
