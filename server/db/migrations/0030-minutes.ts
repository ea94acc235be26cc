import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Shared minutes: the Yjs update log every collaborative document is stored in, and the frozen
 * versions of minutes finalised when their meeting closed.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Append-only per document; compaction replaces a run of rows by one snapshot row.
  await qi.createTable('yjs_updates', {
    id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true, allowNull: false },
    doc_name: { type: DataTypes.STRING(100), allowNull: false },
    data: { type: DataTypes.BLOB, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('yjs_updates', ['doc_name', 'id']);

  await qi.createTable('minutes_versions', {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    meeting_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'meetings', key: 'id' },
      onDelete: 'CASCADE',
    },
    version: { type: DataTypes.INTEGER, allowNull: false },
    /** Canonical JSON of the document without its footer: exactly the bytes `sha256` covers. */
    content: { type: DataTypes.TEXT, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false },
    signatories: { type: DataTypes.JSON, allowNull: false },
    finalised_at: { type: DataTypes.DATE, allowNull: false },
    published_at: { type: DataTypes.DATE, allowNull: true },
    published_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' } },
    /** The redacted copy the public board shows (no phone numbers, no private submitters' names). */
    public_content: { type: DataTypes.TEXT, allowNull: true },
    public_sha256: { type: DataTypes.STRING(64), allowNull: true },
  });
  await qi.addIndex('minutes_versions', ['meeting_id', 'version'], { unique: true });
  await qi.addIndex('minutes_versions', ['published_at']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('minutes_versions');
  await qi.dropTable('yjs_updates');
}
