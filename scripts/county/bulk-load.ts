import { QueryTypes } from 'sequelize';
import type { Database } from '../../server/db/index.js';
import { sqliteMonth, sqliteMs } from '../../server/db/migrations/0050-stats.js';
import { TABLES } from './writer.js';

/**
 * Runs `load` with the secondary indexes (and SQLite's statistics triggers on topics) of the
 * county's tables set aside, then puts them back exactly as the migrations made them (their own
 * CREATE statements, read from the database). Building an index once over millions of rows
 * sorts them; keeping it while inserting rows with random keys (hashes, UUIDs) is a random
 * write per row and per index, most of the load's time. Only for a fresh database: a service
 * reading it meanwhile would find its indexes missing.
 */
export async function withoutIndexes<T>(db: Database, load: () => Promise<T>): Promise<T> {
  const q = (sql: string) => db.sequelize.query(sql);
  const tables = TABLES.map((t) => `'${t}'`).join(',');
  if (db.dialect === 'sqlite') {
    const rows = await db.sequelize.query<{ type: string; name: string; sql: string }>(
      `SELECT type, name, sql FROM sqlite_master
        WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${tables})`,
      { type: QueryTypes.SELECT },
    );
    for (const r of rows) await q(`DROP ${r.type === 'index' ? 'INDEX' : 'TRIGGER'} "${r.name}"`);
    try {
      return await load();
    } finally {
      // What the triggers would have written for each row, in one pass (0050-stats.ts's expressions).
      if (rows.some((r) => r.type === 'trigger'))
        await q(`UPDATE topics SET response_ms = ${sqliteMs()}, china_month = ${sqliteMonth()}`);
      for (const r of rows.filter((x) => x.type === 'index')) await q(r.sql);
      for (const r of rows.filter((x) => x.type === 'trigger')) await q(r.sql);
    }
  }
  const rows = await db.sequelize.query<{ name: string; sql: string }>(
    `SELECT indexname AS name, indexdef AS sql FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename IN (${tables})
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    { type: QueryTypes.SELECT },
  );
  for (const r of rows) await q(`DROP INDEX "${r.name}"`);
  try {
    return await load();
  } finally {
    for (const r of rows) await q(r.sql);
  }
}
