import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Secret ballots reach the counters only in mixes (issue 14, finding 2; see
 * server/services/ballots.ts). A voter's "has voted" row is written as soon as the ballot is
 * received, with `recorded` false; the transaction that later adds a mix of at least five
 * received ballots (or, at close, all that remain) to the counters sets `recorded` on those rows
 * in the same commit. The flag is what lets a phone resend after a crash without counting twice:
 * a received ballot that is not recorded yet is accepted again, a recorded one only answered.
 * Rows written before this migration were recorded with their counters, hence the default.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('votes', 'recorded', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('votes', 'recorded');
}
