import type { QueryInterface } from 'sequelize';

/**
 * Statistics (issue 8). Profiling the county's first load over 100,000 topics showed each topic
 * query spending its time re-deriving per row what never changes once written: julianday()/
 * EXTRACT for the response time and strftime()/to_char for the China-time month, and reading
 * every row for the co-sign leaders. So topics carry both as plain integers, derived by the
 * database itself (every writer is covered, raw inserts included, and existing rows are filled):
 *   response_ms  first_action_at − created_at in milliseconds (null until the first action);
 *   china_month  YYYYMM of created_at in China time (UTC+8).
 * PostgreSQL: stored generated columns. SQLite cannot add a stored generated column to an
 * existing table, and a virtual one is not read from an index, so plain columns kept by
 * triggers. NOTE for later SQLite migrations: Sequelize's changeColumn/removeColumn on `topics`
 * rebuild the table and would drop these triggers; re-create them after such a change.
 * Covering indexes then serve every topic query of the dashboard from the index alone.
 */
export const sqliteMs = (row = '') =>
  `CAST(round((julianday(${row}first_action_at) - julianday(${row}created_at)) * 86400000.0) AS INTEGER)`;
export const sqliteMonth = (row = '') => `CAST(strftime('%Y%m', ${row}created_at, '+8 hours') AS INTEGER)`;
const PG_LOCAL = `((created_at AT TIME ZONE 'UTC') + INTERVAL '8 hours')`;

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  if (qi.sequelize.getDialect() === 'postgres') {
    await q(`ALTER TABLE topics
      ADD COLUMN response_ms BIGINT GENERATED ALWAYS AS ((EXTRACT(EPOCH FROM (first_action_at - created_at)) * 1000)::bigint) STORED,
      ADD COLUMN china_month INTEGER GENERATED ALWAYS AS ((EXTRACT(YEAR FROM ${PG_LOCAL}) * 100 + EXTRACT(MONTH FROM ${PG_LOCAL}))::integer) STORED`);
  } else {
    await q(`ALTER TABLE topics ADD COLUMN response_ms INTEGER`);
    await q(`ALTER TABLE topics ADD COLUMN china_month INTEGER`);
    await q(`UPDATE topics SET response_ms = ${sqliteMs()}, china_month = ${sqliteMonth()}`);
    const set = `UPDATE topics SET response_ms = ${sqliteMs('NEW.')}, china_month = ${sqliteMonth('NEW.')} WHERE id = NEW.id;`;
    await q(`CREATE TRIGGER topics_stats_insert AFTER INSERT ON topics BEGIN ${set} END`);
    await q(
      `CREATE TRIGGER topics_stats_update AFTER UPDATE OF first_action_at, created_at ON topics BEGIN ${set} END`,
    );
    // SQLite groups by sorting: indexes already in GROUP BY order make the two big groupings a
    // single ordered pass (stats-queries names them with INDEXED BY, so no ANALYZE is needed).
    // PostgreSQL hashes the groups and needs neither.
    await qi.addIndex('topics', ['organisation_id', 'grid_id', 'created_at', 'category', 'response_ms'], {
      name: 'topics_stats_by_org',
    });
    await qi.addIndex(
      'topics',
      ['category', 'china_month', 'created_at', 'organisation_id', 'grid_id', 'response_ms'],
      {
        name: 'topics_stats_by_category',
      },
    );
    // Co-sign leaders: read from the top down and stop after the first few, instead of sorting the period.
    await qi.addIndex('topics', ['cosign_count', 'created_at', 'status', 'organisation_id', 'category', 'grid_id'], {
      name: 'topics_stats_by_cosigns',
    });
  }
  await qi.addIndex(
    'topics',
    ['created_at', 'organisation_id', 'grid_id', 'category', 'china_month', 'response_ms', 'cosign_count', 'status'],
    { name: 'topics_stats_covering' },
  );
  await qi.addIndex('visits', ['day', 'studio_id', 'category'], { name: 'visits_stats_covering' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('visits', 'visits_stats_covering');
  await qi.removeIndex('topics', 'topics_stats_covering');
  if (qi.sequelize.getDialect() !== 'postgres') {
    await qi.removeIndex('topics', 'topics_stats_by_cosigns');
    await qi.removeIndex('topics', 'topics_stats_by_category');
    await qi.removeIndex('topics', 'topics_stats_by_org');
    await qi.sequelize.query('DROP TRIGGER IF EXISTS topics_stats_insert');
    await qi.sequelize.query('DROP TRIGGER IF EXISTS topics_stats_update');
  }
  await qi.removeColumn('topics', 'china_month');
  await qi.removeColumn('topics', 'response_ms');
}
