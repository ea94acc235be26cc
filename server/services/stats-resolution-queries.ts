import { OPEN_RESOLUTION_STATES, UNCOUNTED_RESOLUTION_STATES } from '../../shared/rules/stats.js';
import type { Database } from '../db/index.js';
import { dialectOf, inIds, num, select } from './stats-sql.js';
import type { Filter } from './stats-queries.js';

/**
 * Grouped SQL over the resolutions feature's table (issue 7, migration 0040-resolutions), with its
 * snake_case columns. Mirrors completionRate / resolutionRate / ratingBuckets /
 * isOverdue of shared/rules/stats.ts.
 */
export interface ResolutionOrgRow {
  org: number;
  due: number;
  closedDue: number;
  ratedClosed: number;
  goodClosed: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  overdue: number;
}

const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');

export class ResolutionQueries {
  private readonly d;
  constructor(private readonly db: Database) {
    this.d = dialectOf(db);
  }

  private where(f: Filter, col = 'organisation_id'): string {
    return `${inIds(col, f.orgIds)}${f.category ? ' AND category = :category' : ''}`;
  }

  /** Every figure of every organisation in one pass (20,000 rows is a small table). */
  async byOrg(f: Filter, now: Date): Promise<ResolutionOrgRow[]> {
    const counted = `state NOT IN (${list(UNCOUNTED_RESOLUTION_STATES)})`;
    const due = `deadline >= :from AND deadline < :to AND ${counted}`;
    const closedRated = `state = 'closed' AND closed_at >= :from AND closed_at < :to AND rating IS NOT NULL`;
    const rated = `${counted} AND rated_at >= :from AND rated_at < :to`;
    const sum = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT organisation_id AS org,
         ${sum(due)} AS due,
         ${sum(`${due} AND state = 'closed'`)} AS closed_due,
         ${sum(closedRated)} AS rated_closed,
         ${sum(`${closedRated} AND rating <> 'dissatisfied'`)} AS good_closed,
         ${sum(`${rated} AND rating = 'satisfied'`)} AS s,
         ${sum(`${rated} AND rating = 'basically_satisfied'`)} AS bs,
         ${sum(`${rated} AND rating = 'dissatisfied'`)} AS ds,
         ${sum(`deadline < :now AND state IN (${list(OPEN_RESOLUTION_STATES)})`)} AS overdue
       FROM resolutions WHERE ${this.where(f)} GROUP BY organisation_id`,
      { ...f, now },
    );
    return rows.map((r) => ({
      org: num(r.org),
      due: num(r.due),
      closedDue: num(r.closed_due),
      ratedClosed: num(r.rated_closed),
      goodClosed: num(r.good_closed),
      satisfied: num(r.s),
      basicallySatisfied: num(r.bs),
      dissatisfied: num(r.ds),
      overdue: num(r.overdue),
    }));
  }

  /** Closed out per China-time month in the period. */
  async closedByMonth(f: Filter) {
    const month = this.d.chinaMonth('closed_at');
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT ${month} AS month, COUNT(*) AS n FROM resolutions
       WHERE state = 'closed' AND closed_at >= :from AND closed_at < :to AND ${this.where(f)} GROUP BY ${month}`,
      f,
    );
    return rows.map((r) => ({ month: String(r.month), closed: num(r.n) }));
  }

  /** Time to close (from dispatch, or creation when never dispatched) by whole minute. */
  async closeHistogram(f: Filter) {
    const minutes = `CAST(${this.d.secondsBetween('COALESCE(dispatched_at, created_at)', 'closed_at')} / 60 AS INTEGER)`;
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT ${minutes} AS m, COUNT(*) AS n FROM resolutions
       WHERE state = 'closed' AND closed_at >= :from AND closed_at < :to AND ${this.where(f)} GROUP BY ${minutes} ORDER BY 1`,
      f,
    );
    return rows.map((r) => ({ value: Math.max(0, num(r.m)) * 60, count: num(r.n) }));
  }

  /** The public board's months: completion by deadline month, satisfaction by rating month. */
  async monthly(f: Filter) {
    const counted = `state NOT IN (${list(UNCOUNTED_RESOLUTION_STATES)})`;
    const dueMonth = this.d.chinaMonth('deadline');
    const ratedMonth = this.d.chinaMonth('rated_at');
    const [due, rated] = await Promise.all([
      select<Record<string, unknown>>(
        this.db,
        `SELECT ${dueMonth} AS month, COUNT(*) AS due, SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed
         FROM resolutions WHERE deadline >= :from AND deadline < :to AND ${counted} AND ${this.where(f)} GROUP BY ${dueMonth}`,
        f,
      ),
      select<Record<string, unknown>>(
        this.db,
        `SELECT ${ratedMonth} AS month, COUNT(*) AS rated, SUM(CASE WHEN rating <> 'dissatisfied' THEN 1 ELSE 0 END) AS good
         FROM resolutions WHERE rated_at >= :from AND rated_at < :to AND rating IS NOT NULL AND ${counted} AND ${this.where(f)}
         GROUP BY ${ratedMonth}`,
        f,
      ),
    ]);
    return {
      due: due.map((r) => ({ month: String(r.month), due: num(r.due), closed: num(r.closed) })),
      rated: rated.map((r) => ({ month: String(r.month), rated: num(r.rated), good: num(r.good) })),
    };
  }
}
