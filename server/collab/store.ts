import { Op, QueryTypes } from 'sequelize';
import * as Y from 'yjs';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';

/** Where in a document's log a reader has got to: the id of the last row it has seen (0 = none). */
export type Cursor = number;

/**
 * Collaborative documents stored as an update log in the database (table `yjs_updates`), the one
 * place documents live between processes. The API is deliberately this small, so that several
 * instances can later share a document through the database and a Redis relay:
 *
 * - `load(doc)`: every stored row merged, and the cursor after them. An instance opening a
 *   document loads it once, before any client syncs;
 * - `append(doc, update)`: adds a row and returns its cursor. Appends by several instances never
 *   conflict and never need a lock;
 * - `since(doc, cursor)`: the rows after a cursor, merged — what an instance missed, e.g. while
 *   its relay connection was down;
 * - `compact(doc)`: replaces the rows it reads by one snapshot row in one transaction. Rows
 *   appended meanwhile by another instance are newer than what it read and stay. Two
 *   compactions at once are safe: each deletes only rows its own snapshot contains.
 * - `count(doc)`: rows stored, for tests and the benchmark.
 *
 * Updates commute (Yjs), so rows never need ordering to be correct; reading in id order only
 * keeps the work of applying them small.
 */
export class DocumentStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async load(docName: string): Promise<{ update: Uint8Array | null; cursor: Cursor }> {
    return this.read(docName, 0);
  }

  async since(docName: string, cursor: Cursor): Promise<{ update: Uint8Array | null; cursor: Cursor }> {
    return this.read(docName, cursor);
  }

  private async read(docName: string, after: Cursor): Promise<{ update: Uint8Array | null; cursor: Cursor }> {
    const rows = await this.db.models.YjsUpdate.findAll({
      where: { docName, id: { [Op.gt]: after } },
      order: [['id', 'ASC']],
      attributes: ['id', 'data'],
    });
    if (!rows.length) return { update: null, cursor: after };
    const updates = rows.map((r) => new Uint8Array(r.data));
    return {
      update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates),
      cursor: Number(rows[rows.length - 1]!.id),
    };
  }

  /**
   * A plain INSERT rather than Model.create: this runs several times a second per document being
   * typed in, and the model layer costs twice the CPU on the event loop that relays the edits.
   */
  async append(docName: string, update: Uint8Array): Promise<Cursor> {
    const sql = 'INSERT INTO yjs_updates (doc_name, data, created_at) VALUES ($1, $2, $3)';
    const bind = [docName, Buffer.from(update), this.clock.now().toISOString()];
    return this.db.tx(async (transaction) => {
      if (this.db.dialect === 'postgres') {
        const [row] = await this.db.sequelize.query<{ id: string }>(`${sql} RETURNING id`, {
          bind,
          type: QueryTypes.SELECT,
          transaction,
        });
        return Number(row!.id);
      }
      // SQLite runs an INSERT as a statement whose lastID is the new row's id.
      const [, statement] = await this.db.sequelize.query(sql, { bind, type: QueryTypes.RAW, transaction });
      return Number((statement as { lastID: number }).lastID);
    });
  }

  /**
   * One snapshot row instead of many. The snapshot is re-encoded from a document (not merely
   * concatenated), so deleted text is garbage-collected and the row stays near the visible size.
   * Returns the number of rows left for the document.
   */
  async compact(docName: string): Promise<number> {
    return this.db.tx(async (transaction) => {
      const rows = await this.db.models.YjsUpdate.findAll({
        where: { docName },
        order: [['id', 'ASC']],
        attributes: ['id', 'data'],
        transaction,
      });
      if (rows.length <= 1) return rows.length;
      const doc = new Y.Doc({ gc: true });
      for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.data));
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const upTo = Number(rows[rows.length - 1]!.id);
      await this.db.models.YjsUpdate.create(
        { docName, data: Buffer.from(snapshot), createdAt: this.clock.now() },
        { transaction },
      );
      await this.db.models.YjsUpdate.destroy({ where: { docName, id: { [Op.lte]: upTo } }, transaction });
      return this.db.models.YjsUpdate.count({ where: { docName }, transaction });
    });
  }

  count(docName: string): Promise<number> {
    return this.db.models.YjsUpdate.count({ where: { docName } });
  }
}
