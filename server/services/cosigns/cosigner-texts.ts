import { Op } from 'sequelize';
import { translate } from '../../../shared/i18n/index.js';
import type { Database } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { SmsProvider } from '../sms/index.js';

/** Steps of a resolution a co-signer asked to hear of: the work is reported done, and closed out. */
const TOLD = new Set(['reported', 'closed']);

/**
 * Tells residents who co-signed with an SMS code and ticked "tell me" that a topic they supported
 * has a result. Only they: a co-sign by device gave no number, a desk co-sign gave no consent.
 * The phone comes from the register at the moment of sending, never from the co-sign row (which
 * holds none). Failures are logged, never thrown: the resolution's step has already happened.
 */
export class CosignerTexts {
  constructor(
    private readonly db: Database,
    private readonly sms: SmsProvider,
    private readonly logger: Logger,
  ) {}

  async resolutionChanged(resolutionId: number, kind: string): Promise<number> {
    if (!TOLD.has(kind) || !this.sms.can('result')) return 0;
    try {
      const links = await this.db.models.ResolutionTopic.findAll({ where: { resolutionId }, attributes: ['topicId'] });
      if (!links.length) return 0;
      const topics = await this.db.models.Topic.findAll({
        where: { id: { [Op.in]: links.map((l) => l.topicId) } },
        attributes: ['id', 'title'],
      });
      let sent = 0;
      for (const topic of topics) {
        const cosigns = await this.db.models.Cosign.findAll({
          where: { topicId: topic.id, notifyConsent: true, personId: { [Op.ne]: null } },
          attributes: ['personId'],
        });
        const people = await this.db.models.Person.findAll({
          where: { id: { [Op.in]: cosigns.map((c) => c.personId!) }, phone: { [Op.ne]: null } },
          attributes: ['phone'],
        });
        const phones = [...new Set(people.map((p) => p.phone!))];
        const title = topic.title.length > 20 ? `${topic.title.slice(0, 19)}…` : topic.title;
        const state = translate('zh-CN', `cosign.told.${kind}`);
        for (const phone of phones) {
          try {
            await this.sms.send({ phone, template: 'result', params: [title, state] });
            sent++;
          } catch (err) {
            this.logger.warn({ err, topicId: topic.id }, 'telling a co-signer failed');
          }
        }
      }
      return sent;
    } catch (err) {
      this.logger.error({ err, resolutionId, kind }, 'telling co-signers failed');
      return 0;
    }
  }
}
