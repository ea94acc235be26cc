import { Op, type Transaction, type WhereOptions } from 'sequelize';
import {
  ADULT_AGE,
  PERSON_STATUSES,
  countsAsVillager,
  isAdultOn,
  isHeadRelation,
} from '../../../shared/rules/register.js';
import type { PersonView } from '../../../shared/schemas/register.js';
import type { Database } from '../../db/index.js';
import type { Person } from '../../db/models/person.js';

/**
 * Where clause for "a villager aged 18+ on `day`": resident or away, and born at least 18 years
 * before (by year) or, with no year, not flagged as a minor. isAdultOn (shared/rules/register.ts)
 * written for the database so counting 10,000 people reads no rows; the only such clause — the
 * demand threshold, the bodies' composition and the register page all count with it, and
 * test/integration/register-adults.test.ts holds it to the pure rule.
 */
export function adultVillagerWhere(organisationId: number, day: string): WhereOptions<Person> {
  const year = Number(day.slice(0, 4)) - ADULT_AGE;
  return {
    organisationId,
    status: { [Op.in]: PERSON_STATUSES.filter(countsAsVillager) },
    [Op.or]: [{ birthYear: { [Op.lte]: year } }, { birthYear: null, adult: true }, { birthYear: null, adult: null }],
  };
}

/** Turns rows into views, reading their households and grids once for the whole page. */
export async function presentPeople(
  db: Database,
  rows: Person[],
  today: string,
  showPhone: boolean,
  t?: Transaction,
): Promise<PersonView[]> {
  const householdIds = [...new Set(rows.map((r) => r.householdId).filter((id): id is number => id != null))];
  const gridIds = [...new Set(rows.map((r) => r.gridId).filter((id): id is number => id != null))];
  const [households, grids] = await Promise.all([
    householdIds.length
      ? db.models.Household.findAll({
          where: { id: { [Op.in]: householdIds } },
          attributes: ['id', 'number', 'headPersonId'],
          raw: true,
          transaction: t,
        })
      : [],
    gridIds.length
      ? db.models.Organisation.findAll({
          where: { id: { [Op.in]: gridIds } },
          attributes: ['id', 'name'],
          raw: true,
          transaction: t,
        })
      : [],
  ]);
  const householdById = new Map(households.map((h) => [h.id, h]));
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  return rows.map((r) => {
    const household = r.householdId != null ? householdById.get(r.householdId) : undefined;
    return {
      id: r.id,
      organisationId: r.organisationId,
      externalKey: r.externalKey,
      name: r.name,
      gender: r.gender,
      birthYear: r.birthYear,
      adultFlag: r.adult == null ? null : Boolean(r.adult),
      adult: isAdultOn(r.birthYear, r.adult == null ? null : Boolean(r.adult), today),
      householdId: r.householdId,
      householdNumber: household?.number ?? null,
      isHead: household ? household.headPersonId === r.id : isHeadRelation(r.relation),
      relation: r.relation,
      gridId: r.gridId,
      gridName: r.gridId != null ? (gridName.get(r.gridId) ?? null) : null,
      phone: showPhone ? r.phone : null,
      idSuffix: r.idSuffix,
      status: r.status,
      statusSince: r.statusSince,
      partyMember: Boolean(r.partyMember),
    };
  });
}
