import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';

/**
 * The township's view and summary without scanning every matter (issue 15's benchmark).
 *
 * - `procedure_flags`: one row per flag of a procedure with the moment it applies from — always
 *   (1970-01-01) for a flag that depends only on what happened, the deadline for the two that
 *   time alone raises. Filtering by a flag is then an index range (`flag = ? AND applies_from <=
 *   now`) instead of `flags LIKE '%,x,%'` on every row, and the summary counts flags from these rows
 *   alone. The procedure keeps `flags` and the two due dates for showing a page without a join;
 *   both are written from the same pure rule in the same transaction (services/procedures/facts.ts).
 * - Two covering indexes on `procedure_stages` for the summary's averages and returns: by state for
 *   the county (every row), by procedure for a township (its own matters only).
 *
 * Existing procedures are filled in from their stored flags and due dates. The flag names are
 * written out here, not imported, so this migration means the same thing whatever the rules become.
 */
const FLAGS = [
  'stage_skipped',
  'stage_reordered',
  'wrong_body',
  'short_notice',
  'no_quorum',
  'publication_short',
  'objection_unanswered',
  'result_late',
];
const ALWAYS = new Date(0);

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('procedure_flags', {
    procedure_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      primaryKey: true,
      references: { model: 'procedures', key: 'id' },
      onDelete: 'CASCADE',
    },
    flag: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
    organisation_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'organisations', key: 'id' },
      onDelete: 'CASCADE',
    },
    applies_from: { type: DataTypes.DATE, allowNull: false },
  });
  // The county's filter and counts (every village), and a township's (its villages' ids).
  await qi.addIndex('procedure_flags', ['flag', 'applies_from'], { name: 'procedure_flags_flag' });
  await qi.addIndex('procedure_flags', ['organisation_id', 'flag', 'applies_from'], {
    name: 'procedure_flags_organisation',
  });
  await qi.addIndex('procedure_stages', ['state', 'stage', 'days', 'procedure_id'], {
    name: 'procedure_stages_state_cover',
  });
  await qi.addIndex('procedure_stages', ['procedure_id', 'state', 'stage', 'days'], {
    name: 'procedure_stages_procedure_cover',
  });

  const run = (sql: string, replacements: Record<string, unknown>) =>
    qi.sequelize.query(sql, { replacements, type: QueryTypes.INSERT });
  for (const flag of FLAGS)
    await run(
      `INSERT INTO procedure_flags (procedure_id, flag, organisation_id, applies_from)
       SELECT id, :flag, organisation_id, :always FROM procedures WHERE flags LIKE :pattern`,
      { flag, always: ALWAYS, pattern: `%,${flag},%` },
    );
  for (const [flag, column] of [
    ['objection_unanswered', 'objection_due_at'],
    ['result_late', 'result_due_at'],
  ] as const)
    await run(
      `INSERT INTO procedure_flags (procedure_id, flag, organisation_id, applies_from)
       SELECT p.id, :flag, p.organisation_id, p.${column} FROM procedures p
       WHERE p.${column} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM procedure_flags f WHERE f.procedure_id = p.id AND f.flag = :flag)`,
      { flag },
    );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('procedure_stages', 'procedure_stages_procedure_cover');
  await qi.removeIndex('procedure_stages', 'procedure_stages_state_cover');
  await qi.dropTable('procedure_flags');
}
