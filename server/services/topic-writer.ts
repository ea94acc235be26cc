import { UniqueConstraintError, type CreationAttributes } from 'sequelize';
import type { Database } from '../db/index.js';
import type { Topic } from '../db/models/topic.js';
import type { ProcessedPhoto } from './photos.js';

export type NewTopic = CreationAttributes<Topic>;

interface Pending {
  row: NewTopic;
  photos: ProcessedPhoto[];
  resolve: (stored: { id: number; receipt: string; replayed: boolean }) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Group commit for residents' topics. Submissions that arrive together are written in one
 * transaction (one BEGIN/COMMIT instead of one each), which is what lets SQLite take a
 * village-wide burst — the whole hall scanning the poster at once — at well over 1,000 topics/s.
 * Each caller still learns only after the commit, so nothing is acknowledged before it is stored.
 *
 * A batch that fails on a unique index (a retried Idempotency-Key, a receipt collision) is
 * replayed row by row, so one bad row never fails its neighbours.
 */
export class TopicWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Database) {}

  write(row: NewTopic, photos: ProcessedPhoto[]): Promise<{ id: number; receipt: string; replayed: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, photos, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const ids = await this.db.tx((t) => this.insert(batch, t));
          batch.forEach((p, i) => p.resolve({ id: ids[i]!, receipt: p.row.receipt, replayed: false }));
        } catch (err) {
          if (batch.length === 1 || !(err instanceof UniqueConstraintError)) {
            if (batch.length === 1) await this.settleOne(batch[0]!, err);
            else batch.forEach((p) => p.reject(err));
          } else {
            for (const p of batch) await this.one(p);
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insert(batch: Pending[], t: import('sequelize').Transaction): Promise<number[]> {
    const { Topic, TopicEvent, TopicPhoto } = this.db.models;
    const topics = await Topic.bulkCreate(
      batch.map((p) => p.row),
      { transaction: t },
    );
    const ids = topics.map((x) => x.id);
    await TopicEvent.bulkCreate(
      batch.map((p, i) => ({
        topicId: ids[i]!,
        kind: 'received',
        actorId: null,
        note: null,
        detail: null,
        at: p.row.createdAt as Date,
      })),
      { transaction: t },
    );
    const photos = batch.flatMap((p, i) =>
      p.photos.map((ph, position) => ({
        topicId: ids[i]!,
        position,
        mime: ph.mime,
        width: ph.width,
        height: ph.height,
        data: ph.data,
      })),
    );
    if (photos.length) await TopicPhoto.bulkCreate(photos, { transaction: t });
    return ids;
  }

  private async one(p: Pending): Promise<void> {
    try {
      const [id] = await this.db.tx((t) => this.insert([p], t));
      p.resolve({ id: id!, receipt: p.row.receipt, replayed: false });
    } catch (err) {
      await this.settleOne(p, err);
    }
  }

  /** A single row failed: a repeated Idempotency-Key answers with the first receipt. */
  private async settleOne(p: Pending, err: unknown): Promise<void> {
    if (err instanceof UniqueConstraintError && p.row.idempotencyKey) {
      const earlier = await this.db.models.Topic.findOne({
        where: { intakeCodeId: p.row.intakeCodeId, idempotencyKey: p.row.idempotencyKey },
        attributes: ['id', 'receipt'],
      });
      if (earlier) return p.resolve({ id: earlier.id, receipt: earlier.receipt, replayed: true });
    }
    p.reject(err);
  }
}
