import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { randomBoardCode } from '../../services/random-codes.js';

/**
 * The follow-up as people use it (issue 17):
 *   resolutions.wording        the decision as a statement ("同意修建村道"), drafted from the
 *                              motion's question and editable at dispatch; null for referrals,
 *                              whose text (the topic's title) is shown as it is;
 *   resolutions.dispatch_note  the 交办说明 written for the unit at dispatch (not public);
 *   organisations.board_code   the public board's short address (/b/<code>): a random code, so
 *                              finding a board needs no organisation id and ids cannot be walked.
 * Existing organisations get a code here; new ones get one from the model's default.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('resolutions', 'wording', { type: DataTypes.TEXT, allowNull: true });
  await qi.addColumn('resolutions', 'dispatch_note', { type: DataTypes.TEXT, allowNull: true });
  await qi.addColumn('organisations', 'board_code', { type: DataTypes.STRING(16), allowNull: true });
  const orgs = await qi.sequelize.query<{ id: number }>('SELECT id FROM organisations', { type: QueryTypes.SELECT });
  const taken = new Set<string>();
  for (const { id } of orgs) {
    let code = randomBoardCode();
    while (taken.has(code)) code = randomBoardCode();
    taken.add(code);
    await qi.sequelize.query('UPDATE organisations SET board_code = :code WHERE id = :id', {
      replacements: { code, id },
    });
  }
  await qi.addIndex('organisations', ['board_code'], { name: 'organisations_board_code', unique: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('organisations', 'organisations_board_code');
  // Plain DROP COLUMN (SQLite ≥ 3.35): Sequelize's removeColumn rebuilds SQLite tables.
  for (const [table, column] of [
    ['organisations', 'board_code'],
    ['resolutions', 'dispatch_note'],
    ['resolutions', 'wording'],
  ])
    await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
