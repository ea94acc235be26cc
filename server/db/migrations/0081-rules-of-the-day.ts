import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * 四议两公开's deadlines by the rule of their day. Two flags read the organisation's current
 * settings for events already past, so changing a setting rewrote history before the township:
 * - `procedure_publications.min_days`: the minimum display period in force when a publication was
 *   made. Raising the minimum from 5 to 7 days marked every earlier, compliant 5-day publication
 *   as `publication_short`.
 * - `procedures.result_limit_days`: the days allowed to publish the result, in force when the
 *   result was rated. Shortening it from 7 to 3 marked a matter rated 5 days ago `result_late` at
 *   once, for a deadline nobody had been given.
 *
 * Rows from before these columns have them null; the rules read the current settings for those,
 * as they did (nothing better is known of them).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('procedure_publications', 'min_days', { type: DataTypes.INTEGER, allowNull: true });
  await qi.addColumn('procedures', 'result_limit_days', { type: DataTypes.INTEGER, allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('procedures', 'result_limit_days');
  await qi.removeColumn('procedure_publications', 'min_days');
}
