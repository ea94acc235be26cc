import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Motions, the "has voted" register, running tallies and decisions.
 *
 * Secret ballots (无记名) leave nothing that joins a choice to a voter, on either database. The
 * voter's row in `votes` records only that they voted (and their receipt); a secret choice is
 * never stored on its own at all: it is added to the motion's counters in `motion_tallies` in the
 * same transaction that inserts the `votes` row. Why counters rather than anonymous ballot rows:
 * the choice has to be written in the voter's transaction (one ballot per voter, nothing
 * acknowledged is lost), and on PostgreSQL every row carries the id of the transaction that wrote
 * it (`xmin`), so an anonymous ballot row would join to its voter with `WHERE b.xmin = v.xmin`,
 * and its ctid (SQLite: rowid) order would follow the casting order too. Counters are one row per
 * motion holding only totals: whatever its xmin or position, it names no voter's choice. Old page
 * versions (SQLite's WAL, PostgreSQL's dead tuples) are cleared after a secret vote closes; see
 * server/services/motion-close.ts. (That alone still let a copy taken during the vote read each
 * ballot's counter step: issue 14 moved the choices into mixes, see 0055-ballot-mixing.ts.)
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
  const ts = { type: DataTypes.DATE, allowNull: false };
  const optionalTs = { type: DataTypes.DATE, allowNull: true };
  const meeting = {
    type: DataTypes.INTEGER,
    allowNull: false,
    references: { model: 'meetings', key: 'id' },
    onDelete: 'CASCADE',
  };
  const agendaItem = {
    type: DataTypes.INTEGER,
    allowNull: true,
    references: { model: 'agenda_items', key: 'id' },
    onDelete: 'SET NULL',
  };
  const motion = {
    type: DataTypes.INTEGER,
    allowNull: false,
    references: { model: 'motions', key: 'id' },
    onDelete: 'CASCADE',
  };

  await qi.createTable('motions', {
    id,
    meeting_id: meeting,
    agenda_item_id: agendaItem,
    question: { type: DataTypes.STRING(200), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    form: { type: DataTypes.STRING(16), allowNull: false },
    options: { type: DataTypes.JSON, allowNull: false },
    max_choices: { type: DataTypes.INTEGER, allowNull: false },
    body: { type: DataTypes.STRING(32), allowNull: false },
    /** The rule set itself, copied at creation: a result never changes because a preset did. */
    rules: { type: DataTypes.JSON, allowNull: false },
    live_tally: { type: DataTypes.BOOLEAN, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    closes_at: optionalTs,
    opened_at: optionalTs,
    closed_at: optionalTs,
    result: { type: DataTypes.JSON, allowNull: true },
    /** Invitee ids entitled to vote and present at close. */
    attendance_snapshot: { type: DataTypes.JSON, allowNull: true },
    annul_reason: { type: DataTypes.STRING(200), allowNull: true },
    annulled_at: optionalTs,
    created_by: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'users', key: 'id' } },
    version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: ts,
    updated_at: ts,
  });
  await qi.addIndex('motions', ['meeting_id']);
  await qi.addIndex('motions', ['status', 'closes_at']);

  await qi.createTable('votes', {
    id,
    motion_id: motion,
    invitee_id: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: 'invitees', key: 'id' },
      onDelete: 'CASCADE',
    },
    receipt: { type: DataTypes.STRING(16), allowNull: false },
    client_ballot_id: { type: DataTypes.STRING(64), allowNull: false },
    /** Open (记名) ballots only; always NULL for secret ones. */
    choices: { type: DataTypes.JSON, allowNull: true },
    /** Open ballots only; NULL for secret ones, whose casting time is nobody's business. */
    cast_at: optionalTs,
  });
  // One ballot per voter and motion: the database refuses a second, whatever the server believes.
  await qi.addIndex('votes', ['motion_id', 'invitee_id'], { unique: true, name: 'votes_one_per_voter' });

  await qi.createTable('motion_tallies', {
    motion_id: { ...motion, primaryKey: true },
    ballots: { type: DataTypes.INTEGER, allowNull: false },
    counts: { type: DataTypes.JSON, allowNull: false },
  });

  await qi.createTable('decisions', {
    id,
    meeting_id: meeting,
    agenda_item_id: agendaItem,
    motion_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'motions', key: 'id' } },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    text: { type: DataTypes.STRING(600), allowNull: false },
    result_statement: { type: DataTypes.JSON, allowNull: false },
    created_at: ts,
    /** Set by the resolutions feature when it drafts a resolution (决议) from this decision. */
    resolution_id: { type: DataTypes.INTEGER, allowNull: true },
    annulled_at: optionalTs,
    annul_reason: { type: DataTypes.STRING(200), allowNull: true },
  });
  await qi.addIndex('decisions', ['meeting_id']);
  await qi.addIndex('decisions', ['motion_id']);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['decisions', 'motion_tallies', 'votes', 'motions']) await qi.dropTable(table);
}
