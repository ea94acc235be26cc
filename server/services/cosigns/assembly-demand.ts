import type { Transaction } from 'sequelize';
import { reachesAssemblyDemand } from '../../../shared/rules/cosign.js';
import type { Database } from '../../db/index.js';
import type { Topic } from '../../db/models/topic.js';
import { chinaYear, registerAdults } from './register-adults.js';

/**
 * Stores a topic's verified co-sign count (and support, when it changed) and, the first time the
 * count reaches one tenth of the register's adults, flags the topic and puts the fact on its
 * timeline. Every path that changes verified co-signs ends here: SMS, the desk, a merge.
 */
export async function storeVerifiedCount(
  db: Database,
  now: Date,
  topic: Topic,
  counts: { verified: number; support: number },
  t: Transaction,
): Promise<void> {
  const adults = await registerAdults(db, topic.organisationId, chinaYear(now), t);
  const flagged = !topic.assemblyDemand && reachesAssemblyDemand(counts.verified, adults);
  await topic.update(
    {
      cosignCount: counts.support,
      verifiedCosignCount: counts.verified,
      ...(flagged ? { assemblyDemand: true } : {}),
    },
    { transaction: t },
  );
  if (!flagged) return;
  await db.models.TopicEvent.create(
    {
      topicId: topic.id,
      kind: 'assembly_threshold',
      actorId: null,
      note: null,
      detail: `${counts.verified}/${adults}`,
      at: now,
    },
    { transaction: t },
  );
}
