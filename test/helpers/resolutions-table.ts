import { DataTypes } from 'sequelize';
import type { Database } from '../../server/db/index.js';
import type { Rating, ResolutionState } from '../../shared/rules/stats.js';

/**
 * TEST AND BENCH ONLY. The resolutions feature (issue 7, built on another branch) creates these
 * tables in its migration 0040-resolutions, with exactly these columns. Statistics read them, so
 * until the merge the tests create them here; once the migration exists this is a no-op.
 */
export async function ensureResolutionsTable(db: Database): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  const tables = ((await qi.showAllTables()) as (string | { tableName: string })[]).map((t) =>
    typeof t === 'string' ? t : t.tableName,
  );
  if (!tables.includes('resolutions')) {
    await qi.createTable('resolutions', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      organisationId: { type: DataTypes.INTEGER, allowNull: false },
      sourceKind: { type: DataTypes.STRING(16), allowNull: false },
      sourceId: { type: DataTypes.INTEGER, allowNull: true },
      meetingId: { type: DataTypes.INTEGER, allowNull: true },
      text: { type: DataTypes.TEXT, allowNull: false },
      category: { type: DataTypes.STRING(20), allowNull: true },
      responsibleOrganisationId: { type: DataTypes.INTEGER, allowNull: true },
      responsibleUserId: { type: DataTypes.INTEGER, allowNull: true },
      state: { type: DataTypes.STRING(16), allowNull: false },
      deadline: { type: DataTypes.DATE, allowNull: true },
      dispatchedAt: { type: DataTypes.DATE, allowNull: true },
      reportedAt: { type: DataTypes.DATE, allowNull: true },
      closedAt: { type: DataTypes.DATE, allowNull: true },
      rating: { type: DataTypes.STRING(24), allowNull: true },
      ratedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    });
  }
  if (!tables.includes('resolution_topics')) {
    await qi.createTable('resolution_topics', {
      resolutionId: { type: DataTypes.INTEGER, allowNull: false },
      topicId: { type: DataTypes.INTEGER, allowNull: false },
    });
  }
}

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

/** Inserts resolutions in batches (bulkInsert quotes the camelCase columns for either database). */
export async function insertResolutions(db: Database, rows: ResolutionSeed[]): Promise<void> {
  const qi = db.sequelize.getQueryInterface();
  for (let i = 0; i < rows.length; i += 1000) {
    await qi.bulkInsert(
      'resolutions',
      rows.slice(i, i + 1000).map((r) => ({
        organisationId: r.organisationId,
        sourceKind: 'motion',
        sourceId: null,
        meetingId: null,
        text: '决议事项',
        category: r.category ?? '公共设施',
        responsibleOrganisationId: null,
        responsibleUserId: null,
        state: r.state,
        deadline: r.deadline ?? null,
        dispatchedAt: r.dispatchedAt ?? null,
        reportedAt: null,
        closedAt: r.closedAt ?? null,
        rating: r.rating ?? null,
        ratedAt: r.ratedAt ?? null,
        createdAt: r.createdAt,
        updatedAt: r.createdAt,
      })),
    );
  }
}
