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
  const ts = { type: DataTypes.DATE, allowNull: false };
  const optionalTs = { type: DataTypes.DATE, allowNull: true };
  const ref = (model: string, allowNull: boolean, onDelete = 'CASCADE') => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: 'id' },
    onDelete,
  });
  if (!tables.includes('resolutions')) {
    await qi.createTable('resolutions', {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
      organisation_id: ref('organisations', false),
      source_kind: { type: DataTypes.STRING(16), allowNull: false },
      source_id: { type: DataTypes.INTEGER, allowNull: true },
      meeting_id: ref('meetings', true, 'SET NULL'),
      decision_id: ref('decisions', true, 'SET NULL'),
      referral_id: ref('referrals', true, 'SET NULL'),
      text: { type: DataTypes.TEXT, allowNull: false },
      category: { type: DataTypes.STRING(20), allowNull: true },
      responsible_organisation_id: ref('organisations', true, 'SET NULL'),
      responsible_user_id: ref('users', true, 'SET NULL'),
      collaborators: { type: DataTypes.JSON, allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      deadline: optionalTs,
      dispatched_at: optionalTs,
      reported_at: optionalTs,
      closed_at: optionalTs,
      result: { type: DataTypes.TEXT, allowNull: true },
      rating: { type: DataTypes.STRING(24), allowNull: true },
      rated_at: optionalTs,
      unit_speed: { type: DataTypes.INTEGER, allowNull: true },
      unit_quality: { type: DataTypes.INTEGER, allowNull: true },
      overdue_notified_at: optionalTs,
      due_soon_notified_at: optionalTs,
      created_at: ts,
      updated_at: ts,
    });
    await qi.addIndex('resolutions', ['organisation_id', 'state']);
    await qi.addIndex('resolutions', ['deadline']);
    await qi.addIndex('resolutions', ['responsible_organisation_id', 'state']);
    await qi.addIndex('resolutions', ['decision_id'], { unique: true, name: 'resolutions_one_per_decision' });
    await qi.addIndex('resolutions', ['referral_id'], { unique: true, name: 'resolutions_one_per_referral' });
  }
  if (!tables.includes('resolution_topics')) {
    await qi.createTable('resolution_topics', {
      resolution_id: { ...ref('resolutions', false), primaryKey: true },
      topic_id: { ...ref('topics', false), primaryKey: true },
    });
    await qi.addIndex('resolution_topics', ['topic_id']);
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
