import type { Locale } from '../../shared/roles.js';
import { translate as t } from '../../shared/i18n/index.js';
import type { ExportKind, StatsQuery } from '../../shared/schemas/stats.js';
import { hasRoleAt, type Principal } from './access.js';
import type { Services } from './index.js';
import { PHONE_ROLES } from './stats.js';
import { inIds, num, select } from './stats-sql.js';
import type { Filter } from './stats-queries.js';

/** One export: its columns (translated headers), its row count (for progress) and its rows, streamed in pages. */
export interface ExportSource {
  filename: string;
  headers: string[];
  count: number;
  rows: AsyncIterable<unknown[]>;
}

const PAGE = 2_000;

/** China-time "YYYY-MM-DD HH:MM" (what people read in a spreadsheet), '' when absent. */
function chinaTime(v: unknown): string {
  if (v == null || v === '') return '';
  const d = v instanceof Date ? v : new Date(String(v).replace(' +00:00', 'Z').replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return String(v);
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

interface Spec {
  table: string;
  /** Columns selected (aliases are the keys read back). */
  select: string;
  where: (f: Filter) => string;
  /** Column keys and their i18n header keys, in order; `phone` columns only for roles that may see them. */
  columns: { key: string; header: string; phone?: boolean; time?: boolean }[];
}

function specOf(kind: ExportKind, f: Filter): Spec {
  const period = (col: string) => `${col} >= :from AND ${col} < :to`;
  const cat = (col: string) => (f.category ? ` AND ${col} = :category` : '');
  switch (kind) {
    case 'topics':
      return {
        table: 'topics x',
        select: `x.id, x.receipt, x.created_at, x.organisation_id AS org, x.grid_id AS grid, x.category, x.title, x.status,
          x.first_action_at, x.cosign_count, CASE WHEN x.anonymous THEN NULL ELSE x.submitter_name END AS submitter_name,
          CASE WHEN x.anonymous THEN NULL ELSE x.submitter_phone END AS submitter_phone`,
        where: () =>
          `${period('x.created_at')} AND ${inIds('x.organisation_id', f.orgIds)}${cat('x.category')}${f.gridId ? ' AND x.grid_id = :gridId' : ''}`,
        columns: [
          { key: 'id', header: 'stats.col.id' },
          { key: 'receipt', header: 'stats.col.receipt' },
          { key: 'created_at', header: 'stats.col.received_at', time: true },
          { key: 'org_name', header: 'stats.col.organisation' },
          { key: 'grid_name', header: 'stats.col.grid' },
          { key: 'category', header: 'stats.col.category' },
          { key: 'title', header: 'stats.col.title' },
          { key: 'status', header: 'stats.col.status' },
          { key: 'first_action_at', header: 'stats.col.first_action_at', time: true },
          { key: 'cosign_count', header: 'stats.col.cosigns' },
          { key: 'submitter_name', header: 'stats.col.submitter', phone: true },
          { key: 'submitter_phone', header: 'stats.col.phone', phone: true },
        ],
      };
    case 'resolutions':
      return {
        table: 'resolutions x',
        select: `x.id, x.organisation_id AS org, x.source_kind, x.text, x.category, x.state, x.deadline,
          x.created_at, x.dispatched_at, x.reported_at, x.closed_at, x.rating, x.rated_at`,
        where: () => `${period('x.created_at')} AND ${inIds('x.organisation_id', f.orgIds)}${cat('x.category')}`,
        columns: [
          { key: 'id', header: 'stats.col.id' },
          { key: 'org_name', header: 'stats.col.organisation' },
          { key: 'source_kind', header: 'stats.col.source' },
          { key: 'text', header: 'stats.col.text' },
          { key: 'category', header: 'stats.col.category' },
          { key: 'state', header: 'stats.col.state' },
          { key: 'deadline', header: 'stats.col.deadline', time: true },
          { key: 'created_at', header: 'stats.col.created_at', time: true },
          { key: 'dispatched_at', header: 'stats.col.dispatched_at', time: true },
          { key: 'reported_at', header: 'stats.col.reported_at', time: true },
          { key: 'closed_at', header: 'stats.col.closed_at', time: true },
          { key: 'rating', header: 'stats.col.rating' },
          { key: 'rated_at', header: 'stats.col.rated_at', time: true },
        ],
      };
    case 'meetings':
      return {
        table: 'meetings x',
        select: `x.id, x.organisation_id AS org, x.kind, x.title, x.starts_at, x.ends_at, x.status`,
        where: () => `${period('x.starts_at')} AND ${inIds('x.organisation_id', f.orgIds)}`,
        columns: [
          { key: 'id', header: 'stats.col.id' },
          { key: 'org_name', header: 'stats.col.organisation' },
          { key: 'kind', header: 'stats.col.kind' },
          { key: 'title', header: 'stats.col.title' },
          { key: 'starts_at', header: 'stats.col.starts_at', time: true },
          { key: 'ends_at', header: 'stats.col.ends_at', time: true },
          { key: 'status', header: 'stats.col.status' },
        ],
      };
    case 'visits':
      return {
        table: 'visits x JOIN studios s ON s.id = x.studio_id',
        select: `x.id, s.organisation_id AS org, s.name AS studio, x.day, x.category, x.matter, x.answer, x.follow_up,
          x.topic_id, x.visitor_name, x.visitor_phone`,
        where: () =>
          `x.day >= :fromDay AND x.day < :toDay AND ${inIds('s.organisation_id', f.orgIds)}${cat('x.category')}`,
        columns: [
          { key: 'id', header: 'stats.col.id' },
          { key: 'org_name', header: 'stats.col.organisation' },
          { key: 'studio', header: 'stats.col.studio' },
          { key: 'day', header: 'stats.col.day' },
          { key: 'category', header: 'stats.col.category' },
          { key: 'matter', header: 'stats.col.matter' },
          { key: 'answer', header: 'stats.col.answer' },
          { key: 'follow_up', header: 'stats.col.follow_up' },
          { key: 'topic_id', header: 'stats.col.topic' },
          { key: 'visitor_name', header: 'stats.col.visitor', phone: true },
          { key: 'visitor_phone', header: 'stats.col.phone', phone: true },
        ],
      };
    case 'ballots':
      // Results only: the votes table (who voted, and for secret ballots nothing else) is never read.
      return {
        table: 'motions x JOIN meetings m ON m.id = x.meeting_id',
        select: `x.id, m.organisation_id AS org, m.title AS meeting, x.question, x.kind, x.form, x.status, x.closed_at, x.result`,
        where: () => `x.status = 'closed' AND ${period('x.closed_at')} AND ${inIds('m.organisation_id', f.orgIds)}`,
        columns: [
          { key: 'id', header: 'stats.col.id' },
          { key: 'org_name', header: 'stats.col.organisation' },
          { key: 'meeting', header: 'stats.col.meeting' },
          { key: 'question', header: 'stats.col.question' },
          { key: 'kind', header: 'stats.col.ballot_kind' },
          { key: 'closed_at', header: 'stats.col.closed_at', time: true },
          { key: 'present', header: 'stats.col.present' },
          { key: 'cast', header: 'stats.col.cast' },
          { key: 'counts', header: 'stats.col.counts' },
          { key: 'passed', header: 'stats.col.passed' },
          { key: 'statement', header: 'stats.col.statement' },
        ],
      };
  }
}

/**
 * Rows of an export, filtered like the screen, read a page at a time by id (keyset paging) so a
 * 100,000-row export never holds more than one page in memory.
 */
export async function exportSource(
  s: Services,
  principal: Principal,
  kind: ExportKind,
  query: StatsQuery,
  locale: Locale,
): Promise<ExportSource> {
  const { node: nodeId } = await s.stats.resolveNode(principal, query.organisationId);
  const orgs = await s.stats.orgs.all();
  const node = orgs.get(nodeId)!;
  const { period, from, to } = s.stats.periodOf(query);
  const filter = await s.stats.filterFor(node, period, query.category ?? null);
  if (filter.gridId) filter.orgIds = [node.parentId ?? node.id];
  const showPhones = await hasRoleAt(s.tree, principal, PHONE_ROLES, nodeId);
  const spec = specOf(kind, filter);
  const columns = spec.columns.filter((c) => showPhones || !c.phone);
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const params = { ...filter, fromDay: day(period.from), toDay: day(period.to) };
  const [countRow] = await select<{ n: unknown }>(
    s.db,
    `SELECT COUNT(*) AS n FROM ${spec.table} WHERE ${spec.where(filter)}`,
    params,
  );
  const yes = t(locale, 'stats.export.yes');
  const no = t(locale, 'stats.export.no');
  async function* rows(): AsyncIterable<unknown[]> {
    let after = 0;
    for (;;) {
      const page = await select<Record<string, unknown>>(
        s.db,
        `SELECT ${spec.select} FROM ${spec.table} WHERE ${spec.where(filter)} AND x.id > :after ORDER BY x.id LIMIT ${PAGE}`,
        { ...params, after },
      );
      for (const r of page) {
        r.org_name = orgs.get(num(r.org))?.name ?? '';
        if (r.grid != null) r.grid_name = orgs.get(num(r.grid))?.name ?? '';
        if (typeof r.follow_up === 'boolean' || typeof r.follow_up === 'number') r.follow_up = r.follow_up ? yes : no;
        if (r.result != null) {
          const result = (typeof r.result === 'string' ? JSON.parse(r.result) : r.result) as {
            present: number;
            cast: number;
            counts: number[];
            passed: boolean;
            statement: Record<string, string>;
          };
          Object.assign(r, {
            present: result.present,
            cast: result.cast,
            counts: result.counts.join(' / '),
            passed: result.passed ? yes : no,
            statement: result.statement[locale] ?? result.statement['zh-CN'] ?? '',
          });
        }
        yield columns.map((c) => (c.time ? chinaTime(r[c.key]) : (r[c.key] ?? '')));
      }
      if (page.length < PAGE) return;
      after = num(page[page.length - 1]!.id);
    }
  }
  return {
    filename: `yishi-${kind}-${node.id}-${from}-${to}`,
    headers: columns.map((c) => t(locale, c.header)),
    count: num(countRow?.n),
    rows: rows(),
  };
}
