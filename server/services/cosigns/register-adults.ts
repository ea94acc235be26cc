import type { Transaction } from 'sequelize';
import { chinaDate } from '../../../shared/rules/reception.js';
import type { Database } from '../../db/index.js';
import { adultVillagerWhere } from '../register/present.js';

/**
 * Adults on a village's register in a given year (China time): villagers living there or working
 * away, 18 or older during the year (adultVillagerWhere: the register's one rule, isAdultOn).
 * This — not a figure typed into the organisation's settings — is what "one tenth of the
 * villagers" is taken of.
 */
export async function registerAdults(
  db: Database,
  organisationId: number,
  year: number,
  transaction?: Transaction,
): Promise<number> {
  return db.models.Person.count({ where: adultVillagerWhere(organisationId, `${year}-12-31`), transaction });
}

/** The year in China time, whatever zone the server runs in. */
export function chinaYear(now: Date): number {
  return Number(chinaDate(now).slice(0, 4));
}
