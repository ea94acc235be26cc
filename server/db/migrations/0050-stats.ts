import type { QueryInterface } from 'sequelize';

/**
 * Statistics (issue 8): covering indexes so each dashboard query reads one index range (the
 * period) and never the rows themselves — the county's first load over 100,000 topics stays
 * within its 200 ms budget without a pre-aggregated table to keep in step.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex(
    'topics',
    ['created_at', 'organisation_id', 'grid_id', 'category', 'first_action_at', 'cosign_count'],
    {
      name: 'topics_stats_covering',
    },
  );
  await qi.addIndex('visits', ['day', 'studio_id', 'category'], { name: 'visits_stats_covering' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('visits', 'visits_stats_covering');
  await qi.removeIndex('topics', 'topics_stats_covering');
}
