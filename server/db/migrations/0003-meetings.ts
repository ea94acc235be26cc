import { DataTypes, type QueryInterface } from 'sequelize';

/** Meetings (consultation, round-table, reception day), their agenda, invitees and attendance. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const user = { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' } };
  const meeting = {
    type: DataTypes.INTEGER,
    allowNull: false,
    references: { model: 'meetings', key: 'id' },
    onDelete: 'CASCADE',
  };

  await qi.createTable('meetings', {
    id,
    organisation_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organisations', key: 'id' } },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    title: { type: DataTypes.STRING(80), allowNull: false },
    venue: { type: DataTypes.STRING(80), allowNull: false },
    starts_at: ts,
    ends_at: ts,
    body: { type: DataTypes.STRING(32), allowNull: false },
    members_from: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    convener_id: user,
    secretary_ids: { type: DataTypes.JSON, allowNull: false },
    current_item_id: { type: DataTypes.INTEGER, allowNull: true },
    screen_mode: { type: DataTypes.STRING(16), allowNull: false },
    screen_message: { type: DataTypes.STRING(200), allowNull: true },
    timer_ends_at: { type: DataTypes.DATE, allowNull: true },
    screen_token_hash: { type: DataTypes.STRING(64), allowNull: true },
    checkin_secret: { type: DataTypes.STRING(64), allowNull: false },
    published_at: { type: DataTypes.DATE, allowNull: true },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('meetings', ['organisation_id', 'starts_at']);

  await qi.createTable('agenda_items', {
    id,
    meeting_id: meeting,
    position: { type: DataTypes.INTEGER, allowNull: false },
    topic_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'topics', key: 'id' } },
    title: { type: DataTypes.STRING(80), allowNull: false },
    notes: { type: DataTypes.TEXT, allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('agenda_items', ['meeting_id', 'position']);

  await qi.createTable('invitees', {
    id,
    meeting_id: meeting,
    user_id: user,
    name: { type: DataTypes.STRING(40), allowNull: false },
    affiliation: { type: DataTypes.STRING(60), allowNull: false },
    category: { type: DataTypes.STRING(20), allowNull: false },
    /** Counts toward the deliberating body (quorum, votes); guests do not. */
    member: { type: DataTypes.BOOLEAN, allowNull: false },
    invite_token_hash: { type: DataTypes.STRING(64), allowNull: true, unique: true },
    created_at: ts,
  });
  await qi.addIndex('invitees', ['meeting_id']);

  await qi.createTable('attendance', {
    id,
    meeting_id: meeting,
    invitee_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'invitees', key: 'id' },
      onDelete: 'CASCADE',
    },
    present: { type: DataTypes.BOOLEAN, allowNull: false },
    method: { type: DataTypes.STRING(16), allowNull: false },
    recorded_by: user,
    at: ts,
  });
  await qi.addIndex('attendance', ['meeting_id', 'invitee_id'], { unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['attendance', 'invitees', 'agenda_items', 'meetings']) await qi.dropTable(table);
}
