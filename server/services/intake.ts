import { Op, UniqueConstraintError } from 'sequelize';
import {
  DEFAULT_CATEGORIES,
  MAX_PHOTOS,
  OPEN_STATUSES,
  RECEIPT_LENGTH,
  SIMILARITY_THRESHOLD,
  normaliseCode,
  similarity,
} from '../../shared/rules/intake.js';
import { residentProgress } from '../../shared/rules/resolution.js';
import type {
  CosignResult,
  IntakeInfo,
  PublicTopic,
  SubmitTopicBody,
  SubmitTopicResult,
  TrackView,
} from '../../shared/schemas/intake.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { IntakeCode } from '../db/models/intake-code.js';
import type { Topic } from '../db/models/topic.js';
import { AppError, errors } from '../errors.js';
import { randomCode, type Hasher } from './codes.js';
import type { OrgTree } from './org-tree.js';
import { processPhoto } from './photos.js';
import { publicTimeline } from './topic-timeline.js';
import { TtlCache } from './ttl-cache.js';
import { TopicWriter } from './topic-writer.js';

export interface TopicListener {
  topicReceived(topicId: number, organisationId: number): void;
  topicChanged(topicId: number): void;
}

/** The resident's side of 码上议: the form's data, submitting, tracking by receipt, co-signing. */
export class IntakeService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly hasher: Hasher,
    private readonly publicUrl: string,
    private readonly listener: TopicListener,
  ) {
    this.writer = new TopicWriter(db);
  }

  private readonly writer: TopicWriter;

  /**
   * Code and category lookups are on every submission, so they are cached for a few seconds:
   * enough to take them off the hot path, short enough that a code disabled on another
   * instance stops working almost at once (this instance forgets at once, see `forget`).
   */
  private readonly codes = new TtlCache<IntakeCode | null>(5_000);
  private readonly categoryLists = new TtlCache<string[]>(5_000);

  forget(): void {
    this.codes.clear();
    this.categoryLists.clear();
  }

  /** An enabled code, or 404: a disabled code looks exactly like an unknown one. */
  private async openCode(raw: string): Promise<IntakeCode> {
    const code = normaliseCode(raw);
    const row = await this.codes.get(code, () => this.db.models.IntakeCode.findOne({ where: { code } }));
    if (!row || row.disabled) throw new AppError('not_found', 'intake.error.unknown_code');
    return row;
  }

  async categories(organisationId: number): Promise<string[]> {
    return this.categoryLists.get(String(organisationId), async () => {
      for (const id of await this.tree.lineage(organisationId)) {
        const org = await this.db.models.Organisation.findByPk(id, { attributes: ['settings'] });
        const list = (org?.settings as { categories?: string[] } | undefined)?.categories;
        if (list?.length) return list;
      }
      return [...DEFAULT_CATEGORIES];
    });
  }

  async info(code: string): Promise<IntakeInfo> {
    const row = await this.openCode(code);
    const org = await this.db.models.Organisation.findByPk(row.organisationId);
    const grids = await this.db.models.Organisation.findAll({
      where: { parentId: row.organisationId, kind: 'grid' },
      order: [['id', 'ASC']],
    });
    return {
      code: row.code,
      organisationName: org?.name ?? '',
      open: true,
      boardCode: org?.boardCode ?? null,
      categories: await this.categories(row.organisationId),
      grids: grids.map((g) => ({ id: g.id, name: g.name })),
    };
  }

  /**
   * Stores a topic and its photos (group-committed with concurrent submissions, see
   * TopicWriter). A retried request with the same Idempotency-Key returns the first receipt
   * and stores nothing new.
   */
  async submit(
    code: string,
    body: SubmitTopicBody,
    photos: Buffer[],
    idempotencyKey: string | null,
  ): Promise<SubmitTopicResult> {
    const intake = await this.openCode(code);
    if (body.website) throw new AppError('validation_failed', 'intake.error.rejected');
    if (photos.length > MAX_PHOTOS)
      throw new AppError('validation_failed', 'intake.error.too_many_photos', { max: MAX_PHOTOS });
    if (!(await this.categories(intake.organisationId)).includes(body.category))
      throw errors.invalid('intake.error.category');
    if (body.gridId !== null) {
      const grid = await this.db.models.Organisation.findByPk(body.gridId, { attributes: ['parentId', 'kind'] });
      if (!grid || grid.kind !== 'grid' || grid.parentId !== intake.organisationId)
        throw errors.invalid('intake.error.grid');
    }
    // A repeated Idempotency-Key is caught by the unique index (intake code, key), not by a
    // read before every insert: retries are rare, submissions are not.
    // Photos are processed before the transaction: the write lock is held only for inserts.
    const processed = await Promise.all(photos.map(processPhoto));
    const now = this.clock.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.writer.write(
          {
            receipt: randomCode(RECEIPT_LENGTH),
            organisationId: intake.organisationId,
            intakeCodeId: intake.id,
            idempotencyKey,
            title: body.title,
            details: body.details,
            category: body.category,
            location: body.location,
            gridId: body.gridId,
            submitterName: body.name || null,
            submitterPhone: body.phone || null,
            anonymous: body.anonymous,
            status: 'received',
            ownerId: null,
            mergedIntoId: null,
            firstActionAt: null,
            createdAt: now,
            updatedAt: now,
          },
          processed,
        );
        if (!stored.replayed) this.listener.topicReceived(stored.id, intake.organisationId);
        return this.result(stored.receipt);
      } catch (err) {
        // Only a receipt collision gets here (a repeated key resolves with the first receipt).
        if (!(err instanceof UniqueConstraintError) || attempt > 5) throw err;
      }
    }
  }

  private result(receipt: string): SubmitTopicResult {
    return { receipt, trackUrl: `${this.publicUrl}/t/${receipt}` };
  }

  async findByReceipt(raw: string): Promise<Topic> {
    const topic = await this.db.models.Topic.findOne({ where: { receipt: normaliseCode(raw) } });
    if (!topic) throw new AppError('not_found', 'intake.error.unknown_receipt');
    return topic;
  }

  async track(receipt: string): Promise<TrackView> {
    const topic = await this.findByReceipt(receipt);
    const org = await this.db.models.Organisation.findByPk(topic.organisationId, { attributes: ['name', 'boardCode'] });
    const photoCount = await this.db.models.TopicPhoto.count({ where: { topicId: topic.id } });
    const links = await this.db.models.ResolutionTopic.findAll({ where: { topicId: topic.id } });
    const answers = links.length
      ? await this.db.models.Resolution.findAll({
          where: { id: { [Op.in]: links.map((l) => l.resolutionId) } },
          attributes: ['state', 'rating'],
        })
      : [];
    return {
      receipt: topic.receipt,
      title: topic.title,
      details: topic.details,
      category: topic.category,
      organisationName: org?.name ?? '',
      status: topic.status,
      progress: residentProgress(answers),
      boardCode: org?.boardCode ?? null,
      cosignCount: topic.cosignCount,
      photoCount,
      submittedAt: topic.createdAt.toISOString(),
      timeline: await publicTimeline(this.db, topic),
    };
  }

  async trackPhoto(receipt: string, position: number): Promise<{ data: Buffer; mime: string }> {
    const topic = await this.findByReceipt(receipt);
    const photo = await this.db.models.TopicPhoto.findOne({ where: { topicId: topic.id, position } });
    if (!photo) throw errors.notFound();
    return { data: photo.data, mime: photo.mime };
  }

  /** Open or accepted topics of the code's organisation whose titles look like `q`. */
  async similar(code: string, q: string): Promise<PublicTopic[]> {
    const intake = await this.openCode(code);
    const candidates = await this.db.models.Topic.findAll({
      where: { organisationId: intake.organisationId, status: { [Op.in]: [...OPEN_STATUSES, 'accepted'] } },
      order: [['createdAt', 'DESC']],
      limit: 500,
    });
    return candidates
      .map((t) => ({ t, score: similarity(q, t.title) }))
      .filter((x) => x.score >= SIMILARITY_THRESHOLD)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map(({ t }) => presentPublic(t));
  }

  /** Accepted topics of the code's organisation, for residents to co-sign. */
  async publicTopics(code: string): Promise<PublicTopic[]> {
    const intake = await this.openCode(code);
    const rows = await this.db.models.Topic.findAll({
      where: { organisationId: intake.organisationId, status: 'accepted' },
      order: [
        ['cosignCount', 'DESC'],
        ['createdAt', 'DESC'],
      ],
      limit: 100,
    });
    return rows.map(presentPublic);
  }

  /**
   * One co-sign per device, and per phone number when given (unique indexes, not memory). This is
   * support, shown as such: it never reaches the legal trigger, since devices and typed numbers
   * prove nobody's identity (one phone made 100 "devices" in a probe). Co-signs matched to the
   * register do (services/cosigns/verified-cosigns.ts).
   */
  async cosign(topicId: number, deviceId: string, phone: string | undefined): Promise<CosignResult> {
    const deviceHash = await this.hasher.hash('device', deviceId);
    const phoneHash = phone ? await this.hasher.hash('phone', phone) : null;
    const outcome = await this.db.tx(async (t) => {
      const topic = await this.db.models.Topic.findByPk(topicId, { transaction: t });
      if (!topic || !['accepted', ...OPEN_STATUSES].includes(topic.status))
        throw new AppError('not_found', 'intake.error.cannot_cosign');
      const duplicate = await this.db.models.Cosign.findOne({
        where: { topicId, [Op.or]: [{ deviceHash }, ...(phoneHash ? [{ phoneHash }] : [])] },
        transaction: t,
      });
      if (duplicate) return { cosignCount: topic.cosignCount, alreadyCosigned: true };
      await this.db.models.Cosign.create({ topicId, deviceHash, phoneHash }, { transaction: t });
      const cosignCount = topic.cosignCount + 1;
      await topic.update({ cosignCount }, { transaction: t });
      return { cosignCount, alreadyCosigned: false };
    });
    if (!outcome.alreadyCosigned) this.listener.topicChanged(topicId);
    return { cosignCount: outcome.cosignCount, alreadyCosigned: outcome.alreadyCosigned };
  }
}

export function presentPublic(t: Topic): PublicTopic {
  return {
    id: t.id,
    title: t.title,
    category: t.category,
    status: t.status,
    cosignCount: t.cosignCount,
    verifiedCosignCount: t.verifiedCosignCount,
    submittedAt: t.createdAt.toISOString(),
  };
}
