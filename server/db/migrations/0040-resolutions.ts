import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Resolutions (决议/事项) followed to a rated result: the resolution, the topics it answers, its
 * timeline and ratings, in-app notifications and per-organisation webhooks with their deliveries.
 * Column names follow the rest of the schema (snake_case); the model attributes are camelCase.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const optionalTs = { type: DataTypes.DATE, allowNull: true };
  const ref = (model: string, allowNull: boolean, onDelete = 'CASCADE') => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: 'id' },
    onDelete,
  });

  await qi.createTable('resolutions', {
    id,
    /** The village (or other organisation) that owns the follow-up. */
    organisation_id: ref('organisations', false),
    source_kind: { type: DataTypes.STRING(16), allowNull: false },
    /** The motion, the consensus decision, the referral or the visit it came from. */
    source_id: { type: DataTypes.INTEGER, allowNull: true },
    meeting_id: ref('meetings', true, 'SET NULL'),
    /** Idempotency: one resolution per decision and per referral, whoever announces it twice. */
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
    rating: { type: DataTypes.STRING(32), allowNull: true },
    rated_at: optionalTs,
    /** 评价权: the village's rating of the unit's speed and quality (1–5) at close-out. */
    unit_speed: { type: DataTypes.INTEGER, allowNull: true },
    unit_quality: { type: DataTypes.INTEGER, allowNull: true },
    /** When the overdue / due-soon job last notified for the current deadline (cleared when it moves). */
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

  // A surrogate id keeps rows in one stable order (backups compare tables row for row by it).
  await qi.createTable('resolution_topics', {
    id,
    resolution_id: ref('resolutions', false),
    topic_id: ref('topics', false),
  });
  await qi.addIndex('resolution_topics', ['resolution_id', 'topic_id'], {
    unique: true,
    name: 'resolution_topics_once',
  });
  await qi.addIndex('resolution_topics', ['topic_id']);

  await qi.createTable('resolution_events', {
    id,
    resolution_id: ref('resolutions', false),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    from_state: { type: DataTypes.STRING(16), allowNull: true },
    to_state: { type: DataTypes.STRING(16), allowNull: true },
    actor_id: ref('users', true, 'SET NULL'),
    note: { type: DataTypes.TEXT, allowNull: true },
    /** Shown on the resident's tracking page and the board (a return's internal reason is not). */
    public: { type: DataTypes.BOOLEAN, allowNull: false },
    at: ts,
  });
  await qi.addIndex('resolution_events', ['resolution_id', 'at']);

  await qi.createTable('resolution_ratings', {
    id,
    resolution_id: ref('resolutions', false),
    topic_id: ref('topics', true, 'SET NULL'),
    by: { type: DataTypes.STRING(12), allowNull: false },
    device_hash: { type: DataTypes.STRING(64), allowNull: false },
    rating: { type: DataTypes.STRING(32), allowNull: false },
    comment: { type: DataTypes.TEXT, allowNull: false },
    at: ts,
  });
  await qi.addIndex('resolution_ratings', ['resolution_id']);

  /** Photos of progress and results (re-encoded, no EXIF), shown with the step and on the board. */
  await qi.createTable('resolution_photos', {
    id,
    resolution_id: ref('resolutions', false),
    event_id: ref('resolution_events', true, 'SET NULL'),
    position: { type: DataTypes.INTEGER, allowNull: false },
    mime: { type: DataTypes.STRING(20), allowNull: false },
    width: { type: DataTypes.INTEGER, allowNull: false },
    height: { type: DataTypes.INTEGER, allowNull: false },
    data: { type: DataTypes.BLOB, allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('resolution_photos', ['resolution_id', 'position'], { unique: true });

  await qi.createTable('notifications', {
    id,
    user_id: ref('users', false),
    resolution_id: ref('resolutions', true),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    params: { type: DataTypes.JSON, allowNull: false },
    at: ts,
    read_at: optionalTs,
  });
  await qi.addIndex('notifications', ['user_id', 'read_at']);

  await qi.createTable('webhooks', {
    id,
    organisation_id: ref('organisations', false),
    url: { type: DataTypes.STRING(500), allowNull: false },
    format: { type: DataTypes.STRING(12), allowNull: false },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('webhooks', ['organisation_id'], { unique: true, name: 'webhooks_one_per_organisation' });

  await qi.createTable('webhook_deliveries', {
    id,
    webhook_id: ref('webhooks', false),
    resolution_id: ref('resolutions', true, 'SET NULL'),
    event: { type: DataTypes.STRING(32), allowNull: false },
    payload: { type: DataTypes.JSON, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false },
    next_attempt_at: optionalTs,
    last_error: { type: DataTypes.STRING(300), allowNull: true },
    delivered_at: optionalTs,
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('webhook_deliveries', ['status', 'next_attempt_at']);
  await qi.addIndex('webhook_deliveries', ['webhook_id', 'id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of [
    'webhook_deliveries',
    'webhooks',
    'notifications',
    'resolution_photos',
    'resolution_ratings',
    'resolution_events',
    'resolution_topics',
    'resolutions',
  ])
    await qi.dropTable(table);
}
