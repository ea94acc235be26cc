import { randomInt } from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import { assemblyDemandNeeds, SMS_CODE, VILLAGER_STATUSES } from '../../../shared/rules/cosign.js';
import { OPEN_STATUSES } from '../../../shared/rules/intake.js';
import type {
  CosignCandidate,
  CosignCodeResult,
  CosignSummary,
  VerifiedCosignResult,
} from '../../../shared/schemas/cosign.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Topic } from '../../db/models/topic.js';
import { AppError, errors } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { hasRoleAt, type Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Hasher } from '../codes.js';
import type { TopicListener } from '../intake.js';
import type { OrgTree } from '../org-tree.js';
import { REVIEW_ROLES } from '../review.js';
import type { SmsProvider } from '../sms/index.js';
import { storeVerifiedCount } from './assembly-demand.js';
import { representativeCosigns } from './representative-cosigns.js';
import { chinaDay } from '../../../shared/rules/china-time.js';
import { chinaYear, registerAdults } from './register-adults.js';

const COSIGNABLE = ['accepted', ...OPEN_STATUSES];

/**
 * Co-signs matched to a person on the register (附议核验): by a one-time code sent to the phone the
 * register holds for that person, or by the village desk for a resident who came in person.
 *
 * Threat model (who could cheat, with what):
 * - A resident with one phone and many browsers or made-up device ids: unverified co-signs are
 *   support only; the legal trigger reads `verified_cosign_count`, which only these two paths raise.
 * - Someone who knows a neighbour's number: the code goes to that phone, not to the requester.
 *   Codes are six digits, valid ten minutes, five tries each, five codes per phone per hour, and
 *   requests are rate-limited per address, so guessing needs ~200,000 tries per success.
 * - Someone probing the register ("is 138… on it?"): the answer to "send a code" is the same
 *   either way, and no SMS goes to a number the register does not hold.
 * - One person co-signing twice (two phones, or SMS then desk): a unique index on
 *   (topic, person) counts a person once per topic, whatever the path.
 * - Staff: the desk path is audited with who confirmed whom; it can only pick people on the
 *   register of the topic's own village.
 */
export class VerifiedCosigns {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly hasher: Hasher,
    private readonly sms: SmsProvider,
    private readonly logger: Logger,
    private readonly listener: TopicListener,
  ) {}

  private async cosignableTopic(topicId: number, transaction?: Transaction): Promise<Topic> {
    const topic = await this.db.models.Topic.findByPk(topicId, { transaction });
    if (!topic || !COSIGNABLE.includes(topic.status)) throw new AppError('not_found', 'intake.error.cannot_cosign');
    return topic;
  }

  /** Villagers on the topic's register holding this phone (usually one; a shared family phone may hold several). */
  private registeredHolders(organisationId: number, phone: string, transaction?: Transaction) {
    return this.db.models.Person.findAll({
      where: { organisationId, phone, status: { [Op.in]: [...VILLAGER_STATUSES] } },
      order: [['id', 'ASC']],
      transaction,
    });
  }

  /** Step 1: send a code, if — and only if — the register holds this phone for the topic's village. */
  async requestCode(topicId: number, phone: string): Promise<CosignCodeResult> {
    const topic = await this.cosignableTopic(topicId);
    const phoneHash = await this.hasher.hash('sms-phone', phone);
    const now = this.clock.now();
    const recent = await this.db.models.SmsChallenge.findAll({
      where: { phoneHash, createdAt: { [Op.gt]: new Date(now.getTime() - 3600_000) } },
      attributes: ['createdAt'],
      order: [['createdAt', 'DESC']],
    });
    const last = recent[0]?.createdAt;
    if (
      recent.length >= SMS_CODE.perPhonePerHour ||
      (last && now.getTime() - last.getTime() < SMS_CODE.resendAfterSeconds * 1000)
    ) {
      throw new AppError('rate_limited', 'cosign.error.sms_too_often', { seconds: SMS_CODE.resendAfterSeconds });
    }
    const answer = { validMinutes: SMS_CODE.validMinutes, resendAfterSeconds: SMS_CODE.resendAfterSeconds };
    const holders = await this.registeredHolders(topic.organisationId, phone);
    const code = String(randomInt(0, 10 ** SMS_CODE.digits)).padStart(SMS_CODE.digits, '0');
    // A challenge row is written for unknown numbers too (with no person), so the per-phone
    // limit and the timing of the answer do not tell a prober which numbers are registered.
    await this.db.tx(async (t) =>
      this.db.models.SmsChallenge.create(
        {
          purpose: 'cosign',
          phoneHash,
          personId: holders[0]?.id ?? null,
          topicId,
          codeHash: holders.length
            ? await this.hasher.hash('sms-code', this.codeMaterial(phoneHash, topicId, code))
            : 'unregistered',
          expiresAt: new Date(now.getTime() + SMS_CODE.validMinutes * 60_000),
          consumedAt: null,
        },
        { transaction: t },
      ),
    );
    if (holders.length) {
      try {
        await this.sms.send({ phone, template: 'code', params: [code, String(SMS_CODE.validMinutes)] });
      } catch (err) {
        this.logger.error({ err, provider: this.sms.name }, 'sending a co-sign code failed');
        throw new AppError('unavailable', 'cosign.error.sms_failed');
      }
    }
    return answer;
  }

  private codeMaterial(phoneHash: string, topicId: number, code: string): string {
    // Keyed by phone and topic, so a code for one topic is no good for another.
    return `${phoneHash.slice(0, 16)}:${topicId}:${code}`;
  }

  /** Step 2: the code back. A right code makes (or upgrades) this person's co-sign a verified one. */
  async verifyCode(
    topicId: number,
    phone: string,
    code: string,
    deviceId: string,
    notify: boolean,
  ): Promise<VerifiedCosignResult> {
    const phoneHash = await this.hasher.hash('sms-phone', phone);
    const expected = await this.hasher.hash('sms-code', this.codeMaterial(phoneHash, topicId, code));
    const deviceHash = await this.hasher.hash('device', deviceId);
    const outcome = await this.db.tx(async (t) => {
      const now = this.clock.now();
      const challenge = await this.db.models.SmsChallenge.findOne({
        where: { phoneHash, topicId, purpose: 'cosign', consumedAt: null, expiresAt: { [Op.gt]: now } },
        order: [['id', 'DESC']],
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!challenge || challenge.attempts >= SMS_CODE.maxAttempts) return { wrong: 'expired' as const };
      const storedHash = challenge.codeHash === 'unregistered' ? null : challenge.codeHash;
      if (storedHash !== expected) {
        // Counted in the database (not read and written back), so parallel guesses all count.
        await this.db.models.SmsChallenge.increment('attempts', { by: 1, where: { id: challenge.id }, transaction: t });
        return { wrong: 'code' as const, left: SMS_CODE.maxAttempts - challenge.attempts - 1 };
      }
      await challenge.update({ consumedAt: now }, { transaction: t });
      const topic = await this.cosignableTopic(topicId, t);
      // The code went to this phone; it vouches for the register's holder(s) of the number, the
      // first one who has not co-signed yet (a family sharing one phone co-signs one at a time).
      const holders = await this.registeredHolders(topic.organisationId, phone, t);
      const signed = new Set(
        (
          await this.db.models.Cosign.findAll({
            where: { topicId, personId: { [Op.in]: holders.map((h) => h.id) } },
            attributes: ['personId'],
            transaction: t,
          })
        ).map((c) => c.personId),
      );
      const person = holders.find((h) => !signed.has(h.id));
      if (!person) return { topic, alreadyCosigned: true };
      await this.attach(topic, person.id, { deviceHash, verifiedBy: 'sms', verifierId: null, notify }, t);
      return { topic, alreadyCosigned: false };
    });
    if ('wrong' in outcome) {
      if (outcome.wrong === 'expired') throw new AppError('bad_request', 'cosign.error.code_expired');
      throw new AppError('bad_request', 'cosign.error.code_wrong', { left: outcome.left ?? 0 });
    }
    if (!outcome.alreadyCosigned) this.listener.topicChanged(topicId);
    return {
      cosignCount: outcome.topic.cosignCount,
      verifiedCosignCount: outcome.topic.verifiedCosignCount,
      alreadyCosigned: outcome.alreadyCosigned,
    };
  }

  /** The desk co-signs for a resident standing in front of it, by their register entry. */
  async deskCosign(principal: Principal, topicId: number, personId: number): Promise<VerifiedCosignResult> {
    const outcome = await this.db.tx(async (t) => {
      const topic = await this.cosignableTopic(topicId, t);
      if (!(await hasRoleAt(this.tree, principal, REVIEW_ROLES, topic.organisationId))) throw errors.forbidden();
      const person = await this.db.models.Person.findOne({
        where: { id: personId, organisationId: topic.organisationId, status: { [Op.in]: [...VILLAGER_STATUSES] } },
        transaction: t,
      });
      if (!person) throw new AppError('not_found', 'cosign.error.person');
      const already = await this.db.models.Cosign.findOne({ where: { topicId, personId }, transaction: t });
      if (already) return { topic, alreadyCosigned: true };
      await this.attach(topic, personId, { deviceHash: null, verifiedBy: 'desk', verifierId: principal.userId }, t);
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'topic.cosign_desk',
        subjectType: 'topic',
        subjectId: topicId,
        organisationId: topic.organisationId,
        summary: { personId },
      });
      return { topic, alreadyCosigned: false };
    });
    if (!outcome.alreadyCosigned) this.listener.topicChanged(topicId);
    return {
      cosignCount: outcome.topic.cosignCount,
      verifiedCosignCount: outcome.topic.verifiedCosignCount,
      alreadyCosigned: outcome.alreadyCosigned,
    };
  }

  /**
   * Writes the verified co-sign — upgrading this device's unverified one if it had co-signed
   * already, so support is not counted twice — and checks the legal trigger.
   */
  private async attach(
    topic: Topic,
    personId: number,
    how: { deviceHash: string | null; verifiedBy: 'sms' | 'desk'; verifierId: number | null; notify?: boolean },
    t: Transaction,
  ): Promise<void> {
    const now = this.clock.now();
    const verified = {
      personId,
      verifiedBy: how.verifiedBy,
      verifiedAt: now,
      verifierId: how.verifierId,
      notifyConsent: how.notify ?? false,
    };
    const fromDevice = how.deviceHash
      ? await this.db.models.Cosign.findOne({
          where: { topicId: topic.id, deviceHash: how.deviceHash, personId: null },
          transaction: t,
        })
      : null;
    let newSupport = 0;
    try {
      if (fromDevice) await fromDevice.update(verified, { transaction: t });
      else {
        // A desk co-sign has no device: a per-person placeholder keeps device_hash NOT NULL and unique-free.
        const deviceHash = how.deviceHash ?? (await this.hasher.hash('desk-person', `${topic.id}:${personId}`));
        await this.db.models.Cosign.create(
          { topicId: topic.id, deviceHash, phoneHash: null, ...verified },
          { transaction: t },
        );
        newSupport = 1;
      }
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new AppError('conflict', 'cosign.error.already');
      throw err;
    }
    await storeVerifiedCount(
      this.db,
      now,
      topic,
      { verified: topic.verifiedCosignCount + 1, support: topic.cosignCount + newSupport },
      t,
    );
  }

  /** People of the topic's village matching a name, for the desk to pick the one in front of it. */
  async candidates(principal: Principal, topicId: number, q: string): Promise<CosignCandidate[]> {
    const topic = await this.cosignableTopic(topicId);
    if (!(await hasRoleAt(this.tree, principal, REVIEW_ROLES, topic.organisationId))) throw errors.forbidden();
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const people = await this.db.models.Person.findAll({
      where: {
        organisationId: topic.organisationId,
        status: { [Op.in]: [...VILLAGER_STATUSES] },
        name: { [Op.like]: like },
      },
      order: [['name', 'ASC']],
      limit: 20,
    });
    const households = new Map(
      (
        await this.db.models.Household.findAll({
          where: { id: { [Op.in]: people.map((p) => p.householdId).filter((id): id is number => id !== null) } },
          attributes: ['id', 'number'],
        })
      ).map((h) => [h.id, h.number]),
    );
    const signed = new Set(
      (
        await this.db.models.Cosign.findAll({
          where: { topicId, personId: { [Op.in]: people.map((p) => p.id) } },
          attributes: ['personId'],
        })
      ).map((c) => c.personId),
    );
    return people.map((p) => ({
      id: p.id,
      name: p.name,
      birthYear: p.birthYear,
      household: p.householdId ? (households.get(p.householdId) ?? null) : null,
      idSuffix: p.idSuffix,
      cosigned: signed.has(p.id),
    }));
  }

  /** Support and legal weight side by side. */
  async summary(topicId: number): Promise<CosignSummary> {
    const topic = await this.db.models.Topic.findByPk(topicId);
    if (!topic) throw new AppError('not_found', 'intake.error.cannot_cosign');
    const adults = await registerAdults(this.db, topic.organisationId, chinaYear(this.clock.now()));
    const reps = await representativeCosigns(this.db, topic, chinaDay(this.clock.now()));
    return {
      cosignCount: topic.cosignCount,
      verifiedCosignCount: topic.verifiedCosignCount,
      registerAdults: adults,
      needed: assemblyDemandNeeds(adults),
      assemblyDemand: topic.assemblyDemand,
      representatives: reps.representatives,
      representativeCosigns: reps.signed,
      representativesDemand: topic.representativesDemand,
    };
  }
}
