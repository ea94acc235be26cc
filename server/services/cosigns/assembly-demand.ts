import type { Transaction } from 'sequelize';
import { reachesAssemblyDemand, reachesRepresentativeDemand } from '../../../shared/rules/cosign.js';
import { chinaDay } from '../../../shared/rules/china-time.js';
import type { Database } from '../../db/index.js';
import type { Topic } from '../../db/models/topic.js';
import { chinaYear, registerAdults } from './register-adults.js';
import { representativeCosigns } from './representative-cosigns.js';

/**
 * Stores a topic's verified co-sign count (and support, when it changed) and, the first time a
 * legal demand is reached, flags the topic and puts the fact on its timeline:
 *   assembly_threshold            one tenth of the register's adults → a villagers' assembly;
 *   assembly_by_representatives   one third of the representatives → a villagers' assembly;
 *   representatives_threshold     one fifth of the representatives → a representatives' meeting.
 * Every path that changes verified co-signs ends here (SMS, the desk, a merge), inside the
 * transaction that wrote the co-sign, so the counts read include it.
 */
export async function storeVerifiedCount(
  db: Database,
  now: Date,
  topic: Topic,
  counts: { verified: number; support: number },
  t: Transaction,
): Promise<void> {
  const adults = await registerAdults(db, topic.organisationId, chinaYear(now), t);
  const reps = await representativeCosigns(db, topic, chinaDay(now), t);
  const byAdults = !topic.assemblyDemand && reachesAssemblyDemand(counts.verified, adults);
  const byRepresentatives =
    !topic.assemblyDemand &&
    !byAdults &&
    reachesRepresentativeDemand(reps.signed, reps.representatives, 'villagers_assembly');
  const representativesMeeting =
    !topic.representativesDemand &&
    reachesRepresentativeDemand(reps.signed, reps.representatives, 'representatives_meeting');
  await topic.update(
    {
      cosignCount: counts.support,
      verifiedCosignCount: counts.verified,
      ...(byAdults || byRepresentatives ? { assemblyDemand: true } : {}),
      ...(representativesMeeting ? { representativesDemand: true } : {}),
    },
    { transaction: t },
  );
  const events: { kind: string; detail: string }[] = [];
  if (byAdults) events.push({ kind: 'assembly_threshold', detail: `${counts.verified}/${adults}` });
  if (byRepresentatives)
    events.push({ kind: 'assembly_by_representatives', detail: `${reps.signed}/${reps.representatives}` });
  if (representativesMeeting)
    events.push({ kind: 'representatives_threshold', detail: `${reps.signed}/${reps.representatives}` });
  for (const e of events)
    await db.models.TopicEvent.create(
      { topicId: topic.id, kind: e.kind, actorId: null, note: null, detail: e.detail, at: now },
      { transaction: t },
    );
}
