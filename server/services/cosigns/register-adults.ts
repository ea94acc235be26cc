import { Op, type Transaction } from 'sequelize';
import { VILLAGER_STATUSES } from '../../../shared/rules/cosign.js';
import { chinaDate } from '../../../shared/rules/reception.js';
import type { Database } from '../../db/index.js';

/**
 * Adults on a village's register in a given year (China time): villagers living there or working
 * away, 18 or older during the year by birth year, or flagged adult where the year is unknown.
 * This — not a figure typed into the organisation's settings — is what "one tenth of the
 * villagers" is taken of.
 */
export async function registerAdults(
  db: Database,
  organisationId: number,
  year: number,
  transaction?: Transaction,
): Promise<number> {
  return db.models.Person.count({
    where: {
      organisationId,
      status: { [Op.in]: [...VILLAGER_STATUSES] },
      [Op.or]: [{ birthYear: { [Op.lte]: year - 18 } }, { birthYear: null, adult: true }],
    },
    transaction,
  });
}

/** The year in China time, whatever zone the server runs in. */
export function chinaYear(now: Date): number {
  return Number(chinaDate(now).slice(0, 4));
}
