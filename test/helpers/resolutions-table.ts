import type { Database } from '../../server/db/index.js';
import type { Rating, ResolutionState } from '../../shared/rules/stats.js';

/** Resolution rows for statistics tests and the bench, written in bulk straight into 0040's tables. */
export interface ResolutionSeed {
  organisationId: number;
  state: ResolutionState;
  category?: string;
  deadline?: Date | null;
  dispatchedAt?: Date | null;
  closedAt?: Date | null;
  rating?: Rating | null;
  ratedAt?: Date | null;
  createdAt: Date;
}

/** Inserts resolutions in batches (snake_case columns, as in 0040-resolutions). */
export async function insertResolutions(db: Database, rows: ResolutionSeed[]): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  for (let i = 0; i < rows.length; i += 1000) {
    await qi.bulkInsert(
      'resolutions',
      rows.slice(i, i + 1000).map((r) => ({
        organisation_id: r.organisationId,
        source_kind: 'motion',
        source_id: null,
        meeting_id: null,
        text: '决议事项',
        category: r.category ?? '公共设施',
        responsible_organisation_id: null,
        responsible_user_id: null,
        collaborators: '[]',
        state: r.state,
        deadline: r.deadline ?? null,
        dispatched_at: r.dispatchedAt ?? null,
        reported_at: null,
        closed_at: r.closedAt ?? null,
        rating: r.rating ?? null,
        rated_at: r.ratedAt ?? null,
        created_at: r.createdAt,
        updated_at: r.createdAt,
      })),
    );
  }
}
