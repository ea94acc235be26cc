import type { Database } from '../db/index.js';
import { dialectOf, inIds, num, select } from './stats-sql.js';

/**
 * The grouped SQL behind the dashboard. Each query scans the period's rows once through the
 * covering indexes of 0050-stats, reading the integers that migration derives (response_ms,
 * china_month) instead of parsing dates per row, and returns a few hundred rows at most; rolling up to
 * townships/villages happens in memory over the organisation tree. The predicates mirror
 * shared/rules/stats.ts exactly (the integration tests compare both).
 */
export interface Filter {
  /** Organisations whose rows count; null = every organisation (the root's whole tree). */
  orgIds: number[] | null;
  from: Date;
  to: Date;
  category: string | null;
  /** A grid's own topics (topics name their grid; the organisation is the village). */
  gridId?: number | null;
}

export interface TopicOrgRow {
  org: number;
  grid: number | null;
  topics: number;
  responded: number;
}

/**
 * Milliseconds of the response limit per topic's organisation, as a SQL expression: the most
 * common limit as the default and the exceptions listed, so the usual case costs nothing.
 */
export function limitExpression(limits: Map<number, number>, fallbackSeconds: number): string {
  const counts = new Map<number, number>();
  for (const s of limits.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  let common = fallbackSeconds;
  let best = -1;
  for (const [s, n] of counts) if (n > best) [common, best] = [s, n];
  const exceptions = [...limits].filter(([, s]) => s !== common);
  const ms = (seconds: number) => Math.trunc(seconds * 1000);
  if (!exceptions.length) return String(ms(common));
  const whens = exceptions.map(([id, s]) => `WHEN ${Math.trunc(id)} THEN ${ms(s)}`).join(' ');
  return `(CASE organisation_id ${whens} ELSE ${ms(common)} END)`;
}

export class StatsQueries {
  private readonly d;
  constructor(private readonly db: Database) {
    this.d = dialectOf(db);
  }

  private topicWhere(f: Filter): string {
    return `created_at >= :from AND created_at < :to AND ${inIds('organisation_id', f.orgIds)}${f.category ? ' AND category = :category' : ''}${f.gridId ? ' AND grid_id = :gridId' : ''}`;
  }

  /** respondedWithin of shared/rules/stats.ts: a null response_ms (no action yet) never counts. */
  private responded(limitSql: string): string {
    return `CASE WHEN response_ms <= ${limitSql} THEN 1 ELSE 0 END`;
  }

  async topicsByOrg(f: Filter, limitSql: string): Promise<TopicOrgRow[]> {
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT organisation_id AS org, grid_id AS grid, COUNT(*) AS topics, SUM(${this.responded(limitSql)}) AS responded
       FROM ${this.d.topicsVia('topics_stats_by_org')} WHERE ${this.topicWhere(f)} GROUP BY organisation_id, grid_id`,
      f,
    );
    return rows.map((r) => ({
      org: num(r.org),
      grid: r.grid == null ? null : num(r.grid),
      topics: num(r.topics),
      responded: num(r.responded),
    }));
  }

  /** Topics by (category, month): at most categories × months rows, enough for both charts. */
  async topicsByCategoryMonth(f: Filter, limitSql: string) {
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT category, china_month AS month, COUNT(*) AS topics, SUM(${this.responded(limitSql)}) AS responded
       FROM ${this.d.topicsVia('topics_stats_by_category')} WHERE ${this.topicWhere(f)} GROUP BY category, china_month`,
      f,
    );
    return rows.map((r) => ({
      category: String(r.category),
      month: monthKey(num(r.month)),
      topics: num(r.topics),
      responded: num(r.responded),
    }));
  }

  /** Time to first response as a histogram by whole minute (exact percentiles to the minute). */
  async responseHistogram(f: Filter) {
    // Integer division truncates toward zero on both databases, like the CAST it replaces.
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT response_ms / 60000 AS m, COUNT(*) AS n FROM topics
       WHERE ${this.topicWhere(f)} AND response_ms IS NOT NULL GROUP BY response_ms / 60000 ORDER BY 1`,
      f,
    );
    return rows.map((r) => ({ value: Math.max(0, num(r.m)) * 60, count: num(r.n) }));
  }

  async cosignLeaders(f: Filter, limit: number) {
    const rows = await select<Record<string, unknown>>(
      this.db,
      // The leaders are chosen from the covering index alone; only their few rows are read for titles.
      `SELECT id, title, cosign_count AS cosigns, organisation_id AS org FROM topics WHERE id IN (
         SELECT id FROM ${this.d.topicsVia('topics_stats_by_cosigns')} WHERE ${this.topicWhere(f)} AND cosign_count > 0 AND status <> 'merged'
         ORDER BY cosign_count DESC, id ASC LIMIT ${Math.trunc(limit)})
       ORDER BY cosign_count DESC, id ASC`,
      f,
    );
    return rows.map((r) => ({ id: num(r.id), title: String(r.title), cosigns: num(r.cosigns), org: num(r.org) }));
  }

  async meetingsByKind(f: Filter) {
    const rows = await select<Record<string, unknown>>(
      this.db,
      `SELECT kind, COUNT(*) AS n FROM meetings
       WHERE status IN ('live', 'closed') AND starts_at >= :from AND starts_at < :to AND ${inIds('organisation_id', f.orgIds)}
       GROUP BY kind ORDER BY kind`,
      f,
    );
    return rows.map((r) => ({ kind: String(r.kind), count: num(r.n) }));
  }

  /** Visit records are kept by China-time day ("YYYY-MM-DD"). */
  async visits(f: Filter, fromDay: string, toDay: string): Promise<number> {
    const [row] = await select<Record<string, unknown>>(
      this.db,
      `SELECT COUNT(*) AS n FROM visits v JOIN studios s ON s.id = v.studio_id
       WHERE v.day >= :fromDay AND v.day < :toDay AND ${inIds('s.organisation_id', f.orgIds)}${f.category ? ' AND v.category = :category' : ''}`,
      { ...f, fromDay, toDay },
    );
    return num(row?.n);
  }
}

/** 202603 → "2026-03". */
export const monthKey = (yyyymm: number) => `${Math.floor(yyyymm / 100)}-${String(yyyymm % 100).padStart(2, '0')}`;
