import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * 四议两公开 (issue 14): a major matter carried through four deliberations and two publications.
 *
 * Why these shapes:
 * - A stage may be tried more than once (a failed 商议 returns the matter), so each try is a row of
 *   `procedure_stages` with its meeting, agenda item, motion and the outcome copied from the
 *   closed motion: the archive and the township's flags read them without re-deciding anything.
 * - The proposal is one document with numbered versions; each stage row records the version it
 *   decided on, so "what changed between 商议 and 审议" is a diff of two stored texts.
 * - `flags` holds the flags that depend only on what happened (`,short_notice,no_quorum,`, wrapped
 *   in commas so one LIKE finds one flag); the two flags that time alone raises are stored as
 *   the moment they fall due (`objection_due_at`, `result_due_at`), so the township's filter is
 *   one indexed query however many villages it covers.
 * - Objections come from residents through the village's intake code: the text is shown on the
 *   procedure; a phone, if given, only to staff.
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

  await qi.createTable('procedures', {
    id,
    /** The village (or community) whose matter it is. */
    organisation_id: ref('organisations', false),
    /** A shared/rules/procedure.ts ProcedureKind. */
    kind: { type: DataTypes.STRING(32), allowNull: false },
    title: { type: DataTypes.STRING(80), allowNull: false },
    /** The topic it came from; null when the branch raised the matter itself. */
    topic_id: ref('topics', true, 'SET NULL'),
    /** 'open' | 'completed' | 'ended' */
    state: { type: DataTypes.STRING(16), allowNull: false },
    /** A shared/rules/procedure.ts Step: the stage it waits for, a publication, or over. */
    step: { type: DataTypes.STRING(32), allowNull: false },
    opened_by: ref('users', true, 'SET NULL'),
    /** The resolution (决议) drafted from the 决议 stage's decision; its rating triggers 实施结果公开. */
    resolution_id: ref('resolutions', true, 'SET NULL'),
    result_rated_at: optionalTs,
    flags: { type: DataTypes.STRING(300), allowNull: false, defaultValue: ',' },
    objection_due_at: optionalTs,
    result_due_at: optionalTs,
    end_reason: { type: DataTypes.STRING(500), allowNull: true },
    closed_at: optionalTs,
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('procedures', ['organisation_id', 'state']);
  await qi.addIndex('procedures', ['organisation_id', 'updated_at']);
  await qi.addIndex('procedures', ['resolution_id']);
  // The township's and county's list: newest changes first, 50 at a time.
  await qi.addIndex('procedures', ['updated_at', 'id']);

  await qi.createTable('procedure_versions', {
    id,
    procedure_id: ref('procedures', false),
    version: { type: DataTypes.INTEGER, allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    note: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    author_id: ref('users', true, 'SET NULL'),
    created_at: ts,
  });
  await qi.addIndex('procedure_versions', ['procedure_id', 'version'], {
    unique: true,
    name: 'procedure_versions_once',
  });

  await qi.createTable('procedure_stages', {
    id,
    procedure_id: ref('procedures', false),
    /** 'proposal' | 'consultation' | 'review' | 'resolution' */
    stage: { type: DataTypes.STRING(16), allowNull: false },
    attempt: { type: DataTypes.INTEGER, allowNull: false },
    /** 'scheduled' | 'passed' | 'failed' | 'returned' | 'ended' */
    state: { type: DataTypes.STRING(16), allowNull: false },
    /** The meeting's body kind when it was put on the agenda. */
    body: { type: DataTypes.STRING(32), allowNull: false },
    meeting_id: ref('meetings', false),
    agenda_item_id: ref('agenda_items', true, 'SET NULL'),
    /** The proposal version the stage decided on (the current one when the motion closed). */
    version: { type: DataTypes.INTEGER, allowNull: true },
    motion_id: ref('motions', true, 'SET NULL'),
    decided_at: optionalTs,
    /** The result sentence of the motion, both languages. */
    statement: { type: DataTypes.JSON, allowNull: true },
    quorum_met: { type: DataTypes.BOOLEAN, allowNull: true },
    quorum_required: { type: DataTypes.INTEGER, allowNull: true },
    /** Entitled (the meeting's frozen count when it has one) and present when the motion closed. */
    entitled: { type: DataTypes.INTEGER, allowNull: true },
    present: { type: DataTypes.INTEGER, allowNull: true },
    /** Days from the previous stage's pass (or the opening) to this decision: the township's averages. */
    days: { type: DataTypes.FLOAT, allowNull: true },
    /** Why it failed and what the convener chose (returned to which stage, or ended). */
    reason: { type: DataTypes.STRING(500), allowNull: true },
    returned_to: { type: DataTypes.STRING(16), allowNull: true },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('procedure_stages', ['procedure_id', 'stage']);
  await qi.addIndex('procedure_stages', ['agenda_item_id']);
  await qi.addIndex('procedure_stages', ['meeting_id']);

  await qi.createTable('procedure_publications', {
    id,
    procedure_id: ref('procedures', false),
    /** 'resolution' (决议公开) | 'result' (实施结果公开) */
    kind: { type: DataTypes.STRING(16), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    days: { type: DataTypes.INTEGER, allowNull: false },
    starts_at: ts,
    ends_at: ts,
    withdrawn_at: optionalTs,
    withdraw_reason: { type: DataTypes.STRING(200), allowNull: true },
    published_by: ref('users', true, 'SET NULL'),
    created_at: ts,
  });
  await qi.addIndex('procedure_publications', ['procedure_id', 'kind'], {
    unique: true,
    name: 'procedure_publications_once',
  });
  await qi.addIndex('procedure_publications', ['ends_at']);

  await qi.createTable('procedure_objections', {
    id,
    procedure_id: ref('procedures', false),
    publication_id: ref('procedure_publications', false),
    text: { type: DataTypes.STRING(1000), allowNull: false },
    name: { type: DataTypes.STRING(40), allowNull: true },
    /** Staff only, never shown publicly. */
    phone: { type: DataTypes.STRING(11), allowNull: true },
    answer: { type: DataTypes.STRING(1000), allowNull: true },
    answered_by: ref('users', true, 'SET NULL'),
    answered_at: optionalTs,
    created_at: ts,
  });
  await qi.addIndex('procedure_objections', ['procedure_id']);

  await qi.createTable('procedure_events', {
    id,
    procedure_id: ref('procedures', false),
    /** opened, version, scheduled, passed, failed, returned, ended, published, withdrawn, objection, answered, rated, completed */
    kind: { type: DataTypes.STRING(16), allowNull: false },
    stage: { type: DataTypes.STRING(16), allowNull: true },
    detail: { type: DataTypes.STRING(500), allowNull: true },
    actor_id: ref('users', true, 'SET NULL'),
    at: ts,
  });
  await qi.addIndex('procedure_events', ['procedure_id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const t of [
    'procedure_events',
    'procedure_objections',
    'procedure_publications',
    'procedure_stages',
    'procedure_versions',
    'procedures',
  ])
    await qi.dropTable(t);
}
