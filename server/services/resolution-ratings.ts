import { normaliseCode } from '../../shared/rules/intake.js';
import { Op } from 'sequelize';
import { decisiveRating } from '../../shared/rules/resolution.js';
import type { RateBody } from '../../shared/schemas/resolution.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Resolution } from '../db/models/resolution.js';
import { AppError } from '../errors.js';
import type { Hasher } from './codes.js';
import type { ResolutionService } from './resolutions.js';

/**
 * 群众评单: the resident who raised the topic (whoever holds its receipt) rates the reported result;
 * co-signers may rate too, from the device they co-signed with. The submitter's latest rating
 * decides, else the latest co-signer's. A deciding 不满意 reopens the resolution (退回重办) with
 * the comment on its timeline; 满意/基本满意 let the owner close it out.
 */
export class ResolutionRatings {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly hasher: Hasher,
    private readonly resolutions: ResolutionService,
  ) {}

  async bySubmitter(receipt: string, body: RateBody): Promise<void> {
    const topic = await this.db.models.Topic.findOne({ where: { receipt: normaliseCode(receipt) } });
    const link = topic
      ? await this.db.models.ResolutionTopic.findOne({ where: { topicId: topic.id, resolutionId: body.resolutionId } })
      : null;
    if (!topic || !link) throw new AppError('not_found', 'resolution.error.not_found');
    await this.rate(body, topic.id, 'submitter');
  }

  async byCosigner(topicId: number, body: RateBody): Promise<void> {
    const deviceHash = await this.hasher.hash('device', body.deviceId);
    const link = await this.db.models.ResolutionTopic.findOne({ where: { topicId, resolutionId: body.resolutionId } });
    const cosigned = link && (await this.db.models.Cosign.findOne({ where: { topicId, deviceHash } }));
    if (!cosigned) throw new AppError('forbidden', 'resolution.error.not_cosigner');
    await this.rate(body, topicId, 'cosigner');
  }

  private async rate(body: RateBody, topicId: number, by: 'submitter' | 'cosigner'): Promise<void> {
    const deviceHash = await this.hasher.hash('device', body.deviceId);
    await this.db.tx(async (t) => {
      const r = await this.db.models.Resolution.findByPk(body.resolutionId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!r) throw new AppError('not_found', 'resolution.error.not_found');
      if (r.state !== 'reported') throw new AppError('conflict', 'resolution.error.not_ratable');
      // The receipt rates each report once (the page no longer offers the form); co-signers may
      // change their minds, since the submitter's rating decides over theirs anyway. A submitter's
      // 不满意 always reopened the report it judged, so only a satisfied one can belong to this
      // report (a reopen and the next report may share an instant).
      if (
        by === 'submitter' &&
        (await this.db.models.ResolutionRating.count({
          where: {
            resolutionId: r.id,
            topicId,
            by,
            rating: { [Op.ne]: 'dissatisfied' },
            at: { [Op.gte]: r.reportedAt ?? new Date(0) },
          },
          transaction: t,
        }))
      )
        throw new AppError('conflict', 'resolution.error.already_rated');
      const now = this.clock.now();
      const mine = await this.db.models.ResolutionRating.create(
        { resolutionId: r.id, topicId, by, deviceHash, rating: body.rating, comment: body.comment, at: now },
        { transaction: t },
      );
      // Only ratings of the current report count: a rating before a reopen judged the old result.
      const all = await this.db.models.ResolutionRating.findAll({
        where: { resolutionId: r.id, at: { [Op.gte]: r.reportedAt ?? new Date(0) } },
        transaction: t,
      });
      const decisive = decisiveRating(all);
      const changes: Partial<Pick<Resolution, 'rating' | 'ratedAt'>> = {
        rating: decisive?.rating ?? null,
        ratedAt: decisive ? now : null,
      };
      const note = body.comment || null;
      if (decisive?.id === mine.id && body.rating === 'dissatisfied') {
        await this.resolutions.step(r, null, 'reopen', { kind: 'reopened', note, changes }, t);
      } else {
        await this.resolutions.step(r, null, null, { kind: `rated_${body.rating}`, note, changes }, t);
      }
    });
  }
}
