import { DataTypes, type QueryInterface } from 'sequelize';

/** Organisations, accounts, memberships, sessions and the audit trail. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };

  await qi.createTable('organisations', {
    id,
    name: { type: DataTypes.STRING(60), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    parent_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'organisations', key: 'id' } },
    settings: { type: DataTypes.JSON, allowNull: false },
    is_demo: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('organisations', ['parent_id']);

  await qi.createTable('users', {
    id,
    username: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    display_name: { type: DataTypes.STRING(40), allowNull: false },
    password_hash: { type: DataTypes.STRING(200), allowNull: false },
    phone: { type: DataTypes.STRING(20), allowNull: true },
    locale: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'zh-CN' },
    disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    failed_logins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    locked_until: { type: DataTypes.DATE, allowNull: true },
    created_at: ts,
    updated_at: ts,
  });

  await qi.createTable('memberships', {
    id,
    user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    organisation_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'organisations', key: 'id' },
      onDelete: 'CASCADE',
    },
    role: { type: DataTypes.STRING(16), allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('memberships', ['user_id', 'organisation_id', 'role'], { unique: true });
  await qi.addIndex('memberships', ['organisation_id']);

  await qi.createTable('sessions', {
    id,
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    user_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'users', key: 'id' },
      onDelete: 'CASCADE',
    },
    csrf_token: { type: DataTypes.STRING(64), allowNull: false },
    expires_at: { type: DataTypes.DATE, allowNull: false },
    last_seen_at: { type: DataTypes.DATE, allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('sessions', ['user_id']);

  await qi.createTable('audit_events', {
    id,
    actor_id: { type: DataTypes.INTEGER, allowNull: true },
    action: { type: DataTypes.STRING(64), allowNull: false },
    subject_type: { type: DataTypes.STRING(40), allowNull: false },
    subject_id: { type: DataTypes.STRING(64), allowNull: false },
    organisation_id: { type: DataTypes.INTEGER, allowNull: true },
    summary: { type: DataTypes.JSON, allowNull: false },
    at: ts,
  });
  await qi.addIndex('audit_events', ['organisation_id', 'at']);
  await qi.addIndex('audit_events', ['subject_type', 'subject_id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['audit_events', 'sessions', 'memberships', 'users', 'organisations']) {
    await qi.dropTable(table);
  }
}
