import { DataTypes, type QueryInterface } from 'sequelize';

/** Reception days: studios with a schedule and rotating roster, queue tickets, visit records. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const studio = {
    type: DataTypes.INTEGER,
    allowNull: false,
    references: { model: 'studios', key: 'id' },
    onDelete: 'CASCADE',
  };

  await qi.createTable('studios', {
    id,
    organisation_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organisations', key: 'id' } },
    code: { type: DataTypes.STRING(12), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(60), allowNull: false },
    location: { type: DataTypes.STRING(100), allowNull: false },
    schedule: { type: DataTypes.JSON, allowNull: false },
    roster: { type: DataTypes.JSON, allowNull: false },
    roster_anchor: { type: DataTypes.STRING(7), allowNull: false },
    created_at: ts,
    updated_at: ts,
  });

  await qi.createTable('queue_tickets', {
    id,
    studio_id: studio,
    day: { type: DataTypes.STRING(10), allowNull: false },
    number: { type: DataTypes.INTEGER, allowNull: false },
    device_hash: { type: DataTypes.STRING(64), allowNull: false },
    status: { type: DataTypes.STRING(10), allowNull: false },
    created_at: ts,
  });
  await qi.addIndex('queue_tickets', ['studio_id', 'day', 'number'], { unique: true });
  await qi.addIndex('queue_tickets', ['studio_id', 'day', 'device_hash'], { unique: true });

  await qi.createTable('visits', {
    id,
    studio_id: studio,
    representative_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'users', key: 'id' } },
    day: { type: DataTypes.STRING(10), allowNull: false },
    ticket_number: { type: DataTypes.INTEGER, allowNull: true },
    visitor_name: { type: DataTypes.STRING(20), allowNull: true },
    visitor_phone: { type: DataTypes.STRING(20), allowNull: true },
    matter: { type: DataTypes.TEXT, allowNull: false },
    category: { type: DataTypes.STRING(20), allowNull: false },
    answer: { type: DataTypes.TEXT, allowNull: false },
    follow_up: { type: DataTypes.BOOLEAN, allowNull: false },
    topic_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'topics', key: 'id' } },
    created_at: ts,
  });
  await qi.addIndex('visits', ['studio_id', 'day']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['visits', 'queue_tickets', 'studios']) await qi.dropTable(table);
}
