import type { QueryInterface } from 'sequelize';

/**
 * Indexes a county's worth of data needs (issue 16: npm run demo:county and bench:pages, 200,000
 * topics and 40,000 resolutions; each query timed before and after on both databases):
 * - resolutions_follow: the follow-up dashboard's counts by state (with the overdue and due-soon
 *   sums over the deadline) and its most-urgent-first order read the index alone, instead of a
 *   row lookup per resolution of the county (SQLite: 338 ms → 20 ms). It begins with the columns
 *   of (organisation_id, state), which it replaces.
 * - resolutions_stats: the statistics' closed-out months and time-to-close histogram read the
 *   closed resolutions of the period from the index alone (SQLite 19 + 30 ms → 5 + 14 ms,
 *   PostgreSQL 32 + 33 ms → 6 + 15 ms).
 * - topics_cosign_leaders (PostgreSQL): the statistics' co-sign leaders read from the top of the
 *   index and stop after the first few (65 ms → 2 ms), as SQLite's topics_stats_by_cosigns lets
 *   it (0050-stats).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('resolutions', ['organisation_id', 'state', 'deadline', 'id'], { name: 'resolutions_follow' });
  await qi.removeIndex('resolutions', ['organisation_id', 'state']);
  await qi.addIndex(
    'resolutions',
    [
      'state',
      'closed_at',
      'organisation_id',
      'category',
      'dispatched_at',
      'created_at',
      'deadline',
      'rated_at',
      'rating',
    ],
    { name: 'resolutions_stats' },
  );
  if (qi.sequelize.getDialect() === 'postgres')
    await qi.sequelize.query(
      'CREATE INDEX topics_cosign_leaders ON topics (cosign_count DESC, id) INCLUDE (created_at, status, organisation_id)',
    );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'postgres') await qi.sequelize.query('DROP INDEX topics_cosign_leaders');
  await qi.removeIndex('resolutions', 'resolutions_stats');
  await qi.addIndex('resolutions', ['organisation_id', 'state']);
  await qi.removeIndex('resolutions', 'resolutions_follow');
}
