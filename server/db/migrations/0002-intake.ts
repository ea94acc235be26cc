import { DataTypes, type QueryInterface } from 'sequelize';

/** Residents' topics (码上议): intake codes, topics with photos and timeline, co-signs, direct referrals. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const org = { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organisations', key: 'id' } };
  const user = { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' } };

  await qi.createTable('intake_codes', {
    id,
    code: { type: DataTypes.STRING(12), allowNull: false, unique: true },
    organisation_id: org,
    label: { type: DataTypes.STRING(40), allowNull: false },
    disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_by: user,
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('intake_codes', ['organisation_id']);

  await qi.createTable('topics', {
    id,
    receipt: { type: DataTypes.STRING(12), allowNull: false, unique: true },
    organisation_id: org,
    intake_code_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'intake_codes', key: 'id' } },
    idempotency_key: { type: DataTypes.STRING(80), allowNull: true },
    title: { type: DataTypes.STRING(60), allowNull: false },
    details: { type: DataTypes.TEXT, allowNull: false },
    category: { type: DataTypes.STRING(20), allowNull: false },
    location: { type: DataTypes.STRING(100), allowNull: false },
    grid_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'organisations', key: 'id' } },
    submitter_name: { type: DataTypes.STRING(20), allowNull: true },
    submitter_phone: { type: DataTypes.STRING(20), allowNull: true },
    anonymous: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    owner_id: user,
    merged_into_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'topics', key: 'id' } },
    cosign_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    assembly_demand: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    first_action_at: { type: DataTypes.DATE, allowNull: true },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('topics', ['intake_code_id', 'idempotency_key'], { unique: true });
  await qi.addIndex('topics', ['organisation_id', 'status', 'created_at']);

  await qi.createTable('topic_events', {
    id,
    topic_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'topics', key: 'id' },
      onDelete: 'CASCADE',
    },
    kind: { type: DataTypes.STRING(32), allowNull: false },
    actor_id: user,
    note: { type: DataTypes.TEXT, allowNull: true },
    detail: { type: DataTypes.STRING(200), allowNull: true },
    at: ts,
  });
  await qi.addIndex('topic_events', ['topic_id', 'at']);

  await qi.createTable('topic_photos', {
    id,
    topic_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'topics', key: 'id' },
      onDelete: 'CASCADE',
    },
    position: { type: DataTypes.INTEGER, allowNull: false },
    mime: { type: DataTypes.STRING(20), allowNull: false },
    width: { type: DataTypes.INTEGER, allowNull: false },
    height: { type: DataTypes.INTEGER, allowNull: false },
    data: { type: DataTypes.BLOB, allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('topic_photos', ['topic_id', 'position'], { unique: true });

  await qi.createTable('cosigns', {
    id,
    topic_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'topics', key: 'id' },
      onDelete: 'CASCADE',
    },
    device_hash: { type: DataTypes.STRING(64), allowNull: false },
    phone_hash: { type: DataTypes.STRING(64), allowNull: true },
    created_at: ts,
  });
  await qi.addIndex('cosigns', ['topic_id', 'device_hash'], { unique: true });
  await qi.addIndex('cosigns', ['topic_id', 'phone_hash'], { unique: true });

  // Per-installation secrets (the key that hashes co-signers' devices and phones).
  await qi.createTable('system_settings', {
    key: { type: DataTypes.STRING(40), primaryKey: true, allowNull: false },
    value: { type: DataTypes.TEXT, allowNull: false },
  });

  // 即办: a topic referred straight to a department; the resolutions issue follows it up.
  await qi.createTable('referrals', {
    id,
    topic_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'topics', key: 'id' } },
    organisation_id: org,
    assignee_id: user,
    note: { type: DataTypes.TEXT, allowNull: false },
    created_by: user,
    created_at: ts,
  });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of [
    'system_settings',
    'referrals',
    'cosigns',
    'topic_photos',
    'topic_events',
    'topics',
    'intake_codes',
  ])
    await qi.dropTable(table);
}
