import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../db/index.js';
import { entitledOn } from '../bodies/entitled.js';

/** A topic's verified co-signs by the village's representatives, against how many there are. */
export interface RepresentativeCosigns {
  /** Representatives (村民代表) seated on the village's representatives' meeting on the day. */
  representatives: number;
  /** Of them, those with a verified co-sign on the topic. */
  signed: number;
}

/**
 * Reads the register, not a typed figure: the representatives are the seats of role
 * `representative` on the village's (first, not archived) representatives' meeting whose dated
 * seat covers `day` and who are still on the register; a co-sign is theirs only when verified and
 * matched to that person. A village without such a body has no representatives to count.
 */
export async function representativeCosigns(
  db: Database,
  topic: { id: number; organisationId: number },
  day: string,
  t?: Transaction,
): Promise<RepresentativeCosigns> {
  const body = await db.models.DeliberatingBody.findOne({
    where: { organisationId: topic.organisationId, kind: 'representatives_meeting', archivedAt: null },
    order: [['id', 'ASC']],
    transaction: t,
  });
  if (!body) return { representatives: 0, signed: 0 };
  const seated = (await entitledOn(db, body, day, t)).seats.filter((s) => s.role === 'representative');
  if (!seated.length) return { representatives: 0, signed: 0 };
  const signed = await db.models.Cosign.count({
    where: { topicId: topic.id, personId: { [Op.in]: seated.map((s) => s.personId) } },
    transaction: t,
  });
  return { representatives: seated.length, signed };
}
