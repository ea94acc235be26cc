import { QueryTypes } from 'sequelize';
import type { Database } from '../db/index.js';

/**
 * The few SQL fragments that differ between SQLite and PostgreSQL. Dates are stored by
 * Sequelize as "YYYY-MM-DD HH:MM:SS.SSS +00:00" text on SQLite (julianday() reads that, zone
 * included) and as timestamptz on PostgreSQL.
 */
export interface Dialect {
  /** Seconds from `a` to `b`. */
  secondsBetween(a: string, b: string): string;
  /** "YYYY-MM" of an instant in China time (UTC+8, no daylight saving). */
  chinaMonth(col: string): string;
  /** `topics`, on SQLite read through the named index of 0050-stats (see there why). */
  topicsVia(index: 'topics_stats_by_org' | 'topics_stats_by_category' | 'topics_stats_by_cosigns'): string;
}

export function dialectOf(db: Database): Dialect {
  if (db.dialect === 'postgres') {
    return {
      secondsBetween: (a, b) => `EXTRACT(EPOCH FROM (${b} - ${a}))`,
      chinaMonth: (col) => `to_char((${col} AT TIME ZONE 'UTC') + INTERVAL '8 hours', 'YYYY-MM')`,
      topicsVia: () => 'topics',
    };
  }
  return {
    secondsBetween: (a, b) => `((julianday(${b}) - julianday(${a})) * 86400.0)`,
    chinaMonth: (col) => `strftime('%Y-%m', ${col}, '+8 hours')`,
    topicsVia: (index) => `topics INDEXED BY ${index}`,
  };
}

/** Numbers come back as strings from PostgreSQL's COUNT/SUM (bigint, numeric): read them as numbers. */
export const num = (v: unknown): number => (v == null ? 0 : Number(v));

export async function select<T extends object>(db: Database, sql: string, replacements: object): Promise<T[]> {
  return db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements: { ...replacements } });
}

/**
 * `col IN (:ids)` as inline integers. Ids are integers we produced ourselves (the org tree),
 * never user text; inlining keeps the statement text stable for the planner and avoids
 * Sequelize expanding thousands of bound parameters.
 */
export function inIds(col: string, ids: readonly number[] | null): string {
  if (ids === null) return '1=1';
  if (!ids.length) return '1=0';
  return `${col} IN (${ids.map((id) => Math.trunc(id)).join(',')})`;
}
