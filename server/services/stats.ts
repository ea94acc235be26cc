import type { Role } from '../../shared/roles.js';
import {
  defaultPeriod,
  lastMonths,
  monthOf,
  monthsPeriod,
  percentileOfHistogram,
  ratio,
  type Period,
} from '../../shared/rules/stats.js';
import type { BoardRates, Measures, StatsDashboard, StatsQuery } from '../../shared/schemas/stats.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { errors } from '../errors.js';
import { scopeOf, type Principal } from './access.js';
import type { OrgTree } from './org-tree.js';
import { childOf, StatsOrgs, type StatsOrg } from './stats-orgs.js';
import { limitExpression, StatsQueries, type Filter, type TopicOrgRow } from './stats-queries.js';
import { ResolutionQueries, type ResolutionOrgRow } from './stats-resolution-queries.js';
import { TtlCache } from './ttl-cache.js';

/** Who sees /stats: the village's and township's working roles. Departments see their own work in resolutions. */
export const STATS_ROLES: readonly Role[] = ['admin', 'reviewer', 'convener', 'secretary', 'representative'];
/** Roles whose exports may carry residents' phone numbers (they already see them in the review queue). */
export const PHONE_ROLES: readonly Role[] = ['admin', 'reviewer'];

const EMPTY_RES: Omit<ResolutionOrgRow, 'org'> = {
  due: 0,
  closedDue: 0,
  ratedClosed: 0,
  goodClosed: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
  overdue: 0,
};

function addRes(a: Omit<ResolutionOrgRow, 'org'>, b: Omit<ResolutionOrgRow, 'org'>) {
  const out = { ...a };
  for (const k of Object.keys(EMPTY_RES) as (keyof typeof EMPTY_RES)[]) out[k] += b[k];
  return out;
}

function measures(topics: number, responded: number, res: Omit<ResolutionOrgRow, 'org'> | null): Measures {
  const ratings = res && {
    satisfied: res.satisfied,
    basicallySatisfied: res.basicallySatisfied,
    dissatisfied: res.dissatisfied,
  };
  return {
    topics,
    response: ratio(responded, topics),
    completion: res && ratio(res.closedDue, res.due),
    resolution: res && ratio(res.goodClosed, res.ratedClosed),
    satisfaction:
      ratings &&
      ratio(
        ratings.satisfied + ratings.basicallySatisfied,
        ratings.satisfied + ratings.basicallySatisfied + ratings.dissatisfied,
      ),
    ratings,
    overdue: res && res.overdue,
  };
}

/** What one dashboard's queries return, in the order they are asked. */
type Figures = [
  TopicOrgRow[],
  Awaited<ReturnType<StatsQueries['topicsByCategoryMonth']>>,
  Awaited<ReturnType<StatsQueries['responseHistogram']>>,
  Awaited<ReturnType<StatsQueries['cosignLeaders']>>,
  Awaited<ReturnType<StatsQueries['meetingsByKind']>>,
  number,
  ResolutionOrgRow[] | null,
  Awaited<ReturnType<ResolutionQueries['closedByMonth']>>,
  Awaited<ReturnType<ResolutionQueries['closeHistogram']>> | null,
];

/** 三率 dashboards rolled up county → township → village → grid (issue 8). */
export class StatsService {
  readonly orgs: StatsOrgs;
  private readonly topics: StatsQueries;
  private readonly resolutions: ResolutionQueries;
  private readonly boardCache = new TtlCache<BoardRates>(60_000);
  /**
   * The grouped figures of a dashboard by organisation, period and category: at county level they
   * scan a year of a county's topics and resolutions (a quarter of a second of SQLite's time over
   * 200,000 topics), and everyone at the county asks for the same ones. Dropped with the board's
   * rates whenever a topic or resolution changes anywhere (invalidate, on every instance), so
   * only time alone (deadlines passing) can age them, for at most half a minute.
   */
  private readonly figures = new TtlCache<Figures>(30_000);

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
  ) {
    this.orgs = new StatsOrgs(db);
    this.topics = new StatsQueries(db);
    this.resolutions = new ResolutionQueries(db);
  }

  forget(): void {
    this.orgs.forget();
    this.invalidate();
  }

  /** A topic arrived or changed: no cached figure may outlive it (see realtime/stats.ts). */
  invalidate(): void {
    this.boardCache.clear();
    this.figures.clear();
  }

  /**
   * The organisation a request is about: the one asked for when the user's roles cover it, else
   * the highest one they cover. Throws forbidden when they cover none or not that one.
   */
  async resolveNode(principal: Principal, organisationId?: number): Promise<{ node: number; scope: Set<number> }> {
    const scope = await scopeOf(this.tree, principal, STATS_ROLES);
    if (!scope.size) throw errors.forbidden();
    if (organisationId !== undefined) {
      if (!scope.has(organisationId)) throw errors.forbidden();
      return { node: organisationId, scope };
    }
    let best: number | null = null;
    let depth = Infinity;
    for (const m of principal.memberships) {
      if (!STATS_ROLES.includes(m.role)) continue;
      const d = (await this.tree.lineage(m.organisationId)).length;
      if (d < depth || (d === depth && best !== null && m.organisationId < best)) [best, depth] = [m.organisationId, d];
    }
    return { node: best!, scope };
  }

  /** The rows a screen or an export about `node` counts: its whole subtree (or a grid's own topics). */
  async filterFor(
    node: StatsOrg,
    period: Period,
    category: string | null,
  ): Promise<Filter & { gridId: number | null }> {
    const root = node.parentId === null;
    return {
      orgIds: root ? null : await this.tree.subtree(node.id),
      gridId: node.kind === 'grid' ? node.id : null,
      from: period.from,
      to: period.to,
      category,
    };
  }

  periodOf(query: Pick<StatsQuery, 'from' | 'to'>): { period: Period; from: string; to: string } {
    const now = this.clock.now();
    if (!query.from && !query.to) {
      const months = lastMonths(now, 12);
      return { period: defaultPeriod(now), from: months[0]!, to: months[11]! };
    }
    const to = query.to ?? monthOf(now);
    const from = query.from ?? to;
    return { period: monthsPeriod(from, to), from, to };
  }

  async dashboard(principal: Principal, query: StatsQuery): Promise<StatsDashboard> {
    const { node: nodeId, scope } = await this.resolveNode(principal, query.organisationId);
    const orgs = await this.orgs.all();
    const node = orgs.get(nodeId);
    if (!node) throw errors.notFound();
    const { period, from, to } = this.periodOf(query);
    const category = query.category ?? null;
    const filter = await this.filterFor(node, period, category);
    // A grid's topics are those filed on it; everything else counts by organisation.
    const topicFilter: Filter = filter.gridId
      ? { ...filter, orgIds: [node.parentId ?? node.id] }
      : { ...filter, orgIds: filter.orgIds };
    const limits = new Map<number, number>();
    for (const id of filter.orgIds ?? orgs.keys()) limits.set(id, orgs.get(id)?.limitSeconds ?? 86_400);
    const limitSql = limitExpression(limits, node.limitSeconds);
    const now = this.clock.now();
    const gridWhere = filter.gridId;

    const key = [node.id, from, to, category ?? '', limitSql].join('|');
    const [byOrg, byCatMonth, responseHist, leaders, meetings, visits, resByOrg, closedByMonth, closeHist] =
      await this.figures.get(key, () =>
        Promise.all([
          this.topics.topicsByOrg(topicFilter, limitSql),
          this.topics.topicsByCategoryMonth(topicFilter, limitSql),
          this.topics.responseHistogram(topicFilter),
          this.topics.cosignLeaders(topicFilter, 5),
          this.topics.meetingsByKind(filter),
          this.topics.visits(filter, chinaDay(period.from), chinaDay(period.to)),
          !gridWhere ? this.resolutions.byOrg(filter, now) : Promise.resolve(null),
          !gridWhere ? this.resolutions.closedByMonth(filter) : Promise.resolve([]),
          !gridWhere ? this.resolutions.closeHistogram(filter) : Promise.resolve(null),
        ]),
      );

    const topicRows = byOrg;
    // Children: townships under a county, villages under a township, grids under a village.
    const childKey = (r: { org: number; grid: number | null }): number | null | undefined => {
      if (node.kind === 'village') return r.org === node.id ? r.grid : childOf(orgs, node.id, r.org);
      return childOf(orgs, node.id, r.org) ?? undefined;
    };
    const kids = new Map<number | null, { topics: number; responded: number; res: Omit<ResolutionOrgRow, 'org'> }>();
    for (const o of orgs.values())
      if (o.parentId === node.id) kids.set(o.id, { topics: 0, responded: 0, res: EMPTY_RES });
    let topics = 0;
    let responded = 0;
    for (const r of topicRows) {
      topics += r.topics;
      responded += r.responded;
      if (node.kind === 'grid') continue;
      const key = childKey(r);
      if (key === undefined) continue;
      const k = kids.get(key) ?? { topics: 0, responded: 0, res: EMPTY_RES };
      kids.set(key, { ...k, topics: k.topics + r.topics, responded: k.responded + r.responded });
    }
    let resTotal = EMPTY_RES;
    for (const r of resByOrg ?? []) {
      resTotal = addRes(resTotal, r);
      const key = childOf(orgs, node.id, r.org);
      // Resolutions belong to villages, not grids: a village's grid rows show "—" for them.
      if (key === null || node.kind === 'village') continue;
      const k = kids.get(key);
      if (k) kids.set(key, { ...k, res: addRes(k.res, r) });
    }
    const hasRes = resByOrg !== null;
    const children = [...kids]
      .map(([id, k]) => {
        const o = id === null ? null : orgs.get(id);
        return {
          id,
          name: o?.name ?? '',
          kind: o?.kind ?? null,
          measures: measures(k.topics, k.responded, hasRes && node.kind !== 'village' ? k.res : null),
        };
      })
      .sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity));

    const months = monthsBetween(from, to);
    const monthRows = new Map(months.map((m) => [m, { month: m, topics: 0, responded: 0, closed: 0 }]));
    const cats = new Map<string, number>();
    for (const r of byCatMonth) {
      cats.set(r.category, (cats.get(r.category) ?? 0) + r.topics);
      const m = monthRows.get(r.month);
      if (m) {
        m.topics += r.topics;
        m.responded += r.responded;
      }
    }
    for (const r of closedByMonth) {
      const m = monthRows.get(r.month);
      if (m) m.closed += r.closed;
    }
    const lineage = (await this.tree.lineage(node.id)).reverse();
    const top = lineage.findIndex((id) => scope.has(id));
    const ref = (o: StatsOrg) => ({ id: o.id, name: o.name, kind: o.kind });
    return {
      organisation: ref(node),
      breadcrumb: lineage
        .slice(top)
        .map((id) => orgs.get(id))
        .filter((o): o is StatsOrg => !!o)
        .map(ref),
      period: { from, to },
      category,
      responseLimitHours: node.limitSeconds / 3600,
      totals: measures(topics, responded, hasRes ? resTotal : null),
      responseTime: durations(responseHist),
      closeTime: closeHist ? durations(closeHist) : null,
      children,
      byCategory: [...cats]
        .map(([c, n]) => ({ category: c, topics: n }))
        .sort((a, b) => b.topics - a.topics || a.category.localeCompare(b.category)),
      byMonth: [...monthRows.values()],
      meetingsByKind: meetings,
      visits,
      cosignLeaders: leaders.map((l) => ({
        id: l.id,
        title: l.title,
        cosigns: l.cosigns,
        organisation: orgs.get(l.org)?.name ?? '',
      })),
      resolutionsAvailable: !gridWhere,
      generatedAt: now.toISOString(),
    };
  }

  /**
   * The public board's own three rates for the last 12 months (公开栏). Public: only counts, of
   * one organisation and what lies below it. Kept a minute (the board is read by many phones).
   */
  boardRates(organisationId: number): Promise<BoardRates> {
    return this.boardCache.get(String(organisationId), async () => {
      const orgs = await this.orgs.all();
      const node = orgs.get(organisationId);
      if (!node) throw errors.notFound();
      const now = this.clock.now();
      const months = lastMonths(now, 12);
      const period = defaultPeriod(now);
      const filter = await this.filterFor(node, period, null);
      const topicFilter: Filter = filter.gridId ? { ...filter, orgIds: [node.parentId ?? node.id] } : filter;
      const limits = new Map<number, number>();
      for (const id of filter.orgIds ?? orgs.keys()) limits.set(id, orgs.get(id)?.limitSeconds ?? 86_400);
      // Resolutions belong to villages, not grids: a grid has no resolution figures.
      const available = !filter.gridId;
      const [topicRows, res] = await Promise.all([
        this.topics.topicsByCategoryMonth(topicFilter, limitExpression(limits, node.limitSeconds)),
        available ? this.resolutions.monthly(filter) : Promise.resolve(null),
      ]);
      const rows = new Map(months.map((m) => [m, { topics: 0, responded: 0, due: 0, closed: 0, rated: 0, good: 0 }]));
      for (const r of topicRows) {
        const m = rows.get(r.month);
        if (m) [m.topics, m.responded] = [m.topics + r.topics, m.responded + r.responded];
      }
      for (const r of res?.due ?? []) {
        const m = rows.get(r.month);
        if (m) [m.due, m.closed] = [m.due + r.due, m.closed + r.closed];
      }
      for (const r of res?.rated ?? []) {
        const m = rows.get(r.month);
        if (m) [m.rated, m.good] = [m.rated + r.rated, m.good + r.good];
      }
      const sum = (k: 'topics' | 'responded' | 'due' | 'closed' | 'rated' | 'good') =>
        [...rows.values()].reduce((n, m) => n + m[k], 0);
      return {
        organisation: { id: node.id, name: node.name },
        months: [...rows].map(([month, m]) => ({
          month,
          response: ratio(m.responded, m.topics),
          completion: res && ratio(m.closed, m.due),
          satisfaction: res && ratio(m.good, m.rated),
        })),
        totals: {
          response: ratio(sum('responded'), sum('topics')),
          completion: res && ratio(sum('closed'), sum('due')),
          satisfaction: res && ratio(sum('good'), sum('rated')),
        },
      };
    });
  }
}

function durations(hist: { value: number; count: number }[]) {
  return {
    median: percentileOfHistogram(hist, 50),
    p90: percentileOfHistogram(hist, 90),
    count: hist.reduce((n, b) => n + b.count, 0),
  };
}

/** "2026-11-01" for an instant, in China time. */
export const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Every month from `from` to `to` inclusive ("2026-01" … "2026-12"). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  while (out.length < 240) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= to) break;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
