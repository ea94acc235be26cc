import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * topics.representatives_demand: one fifth of the village's representatives co-signed (verified,
 * matched to their seats on the register), so a representatives' meeting can be demanded (Organic
 * Law art. 26). The villagers' assembly's demand — by one tenth of adults or one third of the
 * representatives — stays topics.assembly_demand.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('topics', 'representatives_demand', {
    type: DataTypes.BOOLEAN,
    allowNull: false,
    defaultValue: false,
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Plain DROP COLUMN (SQLite ≥ 3.35): Sequelize's removeColumn rebuilds SQLite tables.
  await qi.sequelize.query('ALTER TABLE topics DROP COLUMN representatives_demand');
}
