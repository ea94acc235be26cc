import { Op, type WhereOptions } from 'sequelize';
import { representativesWarnings } from '../../../shared/rules/register.js';
import type { BodyView } from '../../../shared/schemas/bodies.js';
import type { Database } from '../../db/index.js';
import type { BodyMember } from '../../db/models/body-member.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';
import { adultVillagerWhere } from '../register/present.js';

/** Seats held on `day`: started on or before it and not ended before it (dates are inclusive). */
export function seatedOn(day: string): WhereOptions<BodyMember> {
  return { startsOn: { [Op.lte]: day }, [Op.or]: [{ endsOn: null }, { endsOn: { [Op.gte]: day } }] };
}

/**
 * Who a body counts on a day. The villagers' assembly has no roll: it is every adult villager on
 * the register (and, for its alternative quorum, their households). Other bodies count their
 * seats, guests apart; the representatives' meeting is checked against the law's composition.
 */
export async function compositionOn(
  db: Database,
  body: DeliberatingBody,
  day: string,
): Promise<Pick<BodyView, 'composition' | 'warnings'>> {
  if (body.kind === 'villagers_assembly') {
    const where = adultVillagerWhere(body.organisationId, day);
    const [members, women, households] = await Promise.all([
      db.models.Person.count({ where }),
      db.models.Person.count({ where: { ...where, gender: 'female' } }),
      db.models.Person.count({
        where: { ...where, householdId: { [Op.ne]: null } },
        distinct: true,
        col: 'household_id',
      }),
    ]);
    return {
      composition: { members, representatives: 0, committee: 0, women, guests: 0, households },
      warnings: [],
    };
  }
  const seats = await db.models.BodyMember.findAll({
    where: { bodyId: body.id, ...seatedOn(day) },
    attributes: ['personId', 'role'],
    raw: true,
  });
  const women = new Set(
    (
      await db.models.Person.findAll({
        where: { id: { [Op.in]: seats.map((s) => s.personId) }, gender: 'female' },
        attributes: ['id'],
        raw: true,
      })
    ).map((p) => p.id),
  );
  // One person with two seats (a committee member also a representative) counts once.
  const people = new Map<number, string>();
  for (const s of seats)
    if (s.role !== 'guest' && people.get(s.personId) !== 'representative') people.set(s.personId, s.role);
  const guests = new Set(seats.filter((s) => s.role === 'guest' && !people.has(s.personId)).map((s) => s.personId));
  const roles = [...people.values()];
  const composition = {
    members: people.size,
    representatives: roles.filter((r) => r === 'representative').length,
    committee: roles.filter((r) => r === 'committee').length,
    women: [...people.keys()].filter((id) => women.has(id)).length,
    guests: guests.size,
    households: null,
  };
  return {
    composition,
    warnings: body.kind === 'representatives_meeting' ? representativesWarnings(composition) : [],
  };
}
