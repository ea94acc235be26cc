import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../server/db/index.js';

export type Tables = Record<string, Record<string, unknown>[]>;

/** Every row of every table, ordered by its first column, in a form deepEqual can compare. */
export async function readTables(url: string): Promise<Tables> {
  const db = await openDatabase(url);
  try {
    const qi = db.sequelize.getQueryInterface();
    const names = ((await qi.showAllTables()) as (string | { tableName: string })[])
      .map((t) => (typeof t === 'string' ? t : t.tableName))
      .filter((t) => !t.startsWith('sqlite_'))
      .sort();
    const out: Tables = {};
    for (const name of names) {
      const rows = await db.sequelize.query<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY 1`, {
        type: QueryTypes.SELECT,
      });
      out[name] = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? `bytes:${v.toString('base64')}` : v,
          ]),
        ),
      );
    }
    return out;
  } finally {
    await db.close();
  }
}

export const rowTotal = (t: Tables) => Object.values(t).reduce((n, rows) => n + rows.length, 0);
