import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { RECEIPT_LENGTH } from '../../../shared/rules/intake.js';
import { randomCode } from '../../services/random-codes.js';

/**
 * Objections a resident can follow, staff notified of them, and votes that no longer stand (issue 15):
 *   procedure_objections.receipt          the code the resident follows the objection by (/o/<receipt>);
 *                                         existing objections get one here
 *   procedure_objections.idempotency_key  a retried submission (weak signal) returns the first receipt
 *   notifications.procedure_id            a notification about a major matter links to it
 *   procedure_publications.voided         the 决议 it published was annulled: it no longer counts for
 *                                         the flags and the matter may be published again, so the
 *                                         one-per-kind index gives way to a plain one (the service
 *                                         keeps one standing publication per kind under its lock)
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('procedure_objections', 'receipt', { type: DataTypes.STRING(12), allowNull: true });
  await qi.addColumn('procedure_objections', 'idempotency_key', { type: DataTypes.STRING(80), allowNull: true });
  const rows = await qi.sequelize.query<{ id: number }>('SELECT id FROM procedure_objections', {
    type: QueryTypes.SELECT,
  });
  const taken = new Set<string>();
  for (const { id } of rows) {
    let code = randomCode(RECEIPT_LENGTH);
    while (taken.has(code)) code = randomCode(RECEIPT_LENGTH);
    taken.add(code);
    await qi.sequelize.query('UPDATE procedure_objections SET receipt = :code WHERE id = :id', {
      replacements: { code, id },
    });
  }
  await qi.addIndex('procedure_objections', ['receipt'], { name: 'procedure_objections_receipt', unique: true });
  await qi.addIndex('procedure_objections', ['procedure_id', 'idempotency_key'], {
    name: 'procedure_objections_idempotency',
    unique: true,
  });

  await qi.addColumn('notifications', 'procedure_id', {
    type: DataTypes.INTEGER,
    allowNull: true,
    references: { model: 'procedures', key: 'id' },
    onDelete: 'CASCADE',
  });

  await qi.addColumn('procedure_publications', 'voided', {
    type: DataTypes.BOOLEAN,
    allowNull: false,
    defaultValue: false,
  });
  await qi.removeIndex('procedure_publications', 'procedure_publications_once');
  await qi.addIndex('procedure_publications', ['procedure_id', 'kind'], { name: 'procedure_publications_kind' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('procedure_publications', 'procedure_publications_kind');
  await qi.addIndex('procedure_publications', ['procedure_id', 'kind'], {
    unique: true,
    name: 'procedure_publications_once',
  });
  await qi.removeIndex('procedure_objections', 'procedure_objections_idempotency');
  await qi.removeIndex('procedure_objections', 'procedure_objections_receipt');
  // SQLite cannot DROP a column under a foreign key: Sequelize rebuilds that table instead.
  await qi.removeColumn('notifications', 'procedure_id');
  // Plain DROP COLUMN (SQLite ≥ 3.35) for the rest: no rebuild.
  for (const [table, column] of [
    ['procedure_publications', 'voided'],
    ['procedure_objections', 'idempotency_key'],
    ['procedure_objections', 'receipt'],
  ])
    await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
