import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * The minimum display period in force when a publication was made, kept with it. Whether a
 * publication was displayed long enough is judged by the rule of its day: the flag
 * `publication_short` read the organisation's current minimum, so raising it from 5 to 7 days
 * marked every earlier, compliant 5-day publication as short before the township.
 *
 * Publications made before this column have it null; the rule reads the current minimum for
 * those, as it did (nothing better is known of them).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('procedure_publications', 'min_days', { type: DataTypes.INTEGER, allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('procedure_publications', 'min_days');
}
