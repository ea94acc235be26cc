// The resolutions' own vocabulary (shared/rules/resolution.ts), re-exported for statistics' callers.
import { RATINGS, RESOLUTION_STATES, type Rating, type ResolutionState } from './resolution.js';
export { RATINGS, RESOLUTION_STATES, type Rating, type ResolutionState };

/**
 * The measures people already use (三率, DOMAIN.md "Measures people already use"), as pure
 * functions. The server computes the same predicates in grouped SQL for speed
 * (server/services/stats-queries.ts); the tests recompute them from raw rows with these.
 * A rate is always carried as numerator/denominator: the page shows both on hover/tap and a
 * zero denominator is shown as "—", never NaN.
 */

/** A rate as its two counts. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

export const DEFAULT_RESPONSE_LIMIT_HOURS = 24;
export const RESPONSE_LIMIT_MAX_HOURS = 24 * 30;
/** Shown for a rate with nothing to divide by, and for a measure that cannot be computed. */
export const NO_VALUE = '—';

/** States in which a resolution is someone's open work: past its deadline it is overdue. */
export const OPEN_RESOLUTION_STATES: readonly ResolutionState[] = [
  'dispatched',
  'accepted',
  'returned',
  'in_progress',
  'reopened',
];
/** Drafts were never dispatched and withdrawn ones were cancelled: neither is ever "due". */
export const UNCOUNTED_RESOLUTION_STATES: readonly ResolutionState[] = ['draft', 'withdrawn'];

export const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator });

/** The rate as a fraction 0..1, or null when there is nothing to divide by. */
export function rateOf(r: Ratio | null | undefined): number | null {
  if (!r || r.denominator <= 0 || !Number.isFinite(r.numerator) || !Number.isFinite(r.denominator)) return null;
  return r.numerator / r.denominator;
}

/** "87.5%" (one decimal, trailing ".0" dropped), or "—" when the denominator is zero. */
export function formatRate(r: Ratio | null | undefined): string {
  const value = rateOf(r);
  if (value === null) return NO_VALUE;
  const tenths = Math.round(value * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** "7/8", or "0/0" — the hover text under every rate. */
export const formatRatio = (r: Ratio | null | undefined) => (r ? `${r.numerator}/${r.denominator}` : NO_VALUE);

/** The organisation's response limit in hours: its own setting, else the nearest ancestor's, else 24 h. */
export function responseLimitHours(lineageSettings: readonly ({ responseLimitHours?: number } | null)[]): number {
  for (const s of lineageSettings) {
    const h = s?.responseLimitHours;
    if (typeof h === 'number' && Number.isFinite(h) && h > 0) return h;
  }
  return DEFAULT_RESPONSE_LIMIT_HOURS;
}

/**
 * 响应率's numerator: a first action (review, accept, decline, refer, merge — topics.first_action_at,
 * set by every staff action on the timeline) no later than the limit after receipt.
 */
export function respondedWithin(receivedAt: Date, firstActionAt: Date | null, limitHours: number): boolean {
  if (!firstActionAt) return false;
  return firstActionAt.getTime() - receivedAt.getTime() <= limitHours * 3_600_000;
}

/** 响应率 over topics received in the period. */
export function responseRate(
  topics: readonly { receivedAt: Date; firstActionAt: Date | null; limitHours: number }[],
): Ratio {
  return ratio(
    topics.filter((t) => respondedWithin(t.receivedAt, t.firstActionAt, t.limitHours)).length,
    topics.length,
  );
}

export interface ResolutionFacts {
  state: ResolutionState;
  deadline: Date | null;
  closedAt: Date | null;
  rating: Rating | null;
  ratedAt: Date | null;
}

/** Half-open period [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

const within = (d: Date | null, p: Period) => d !== null && d >= p.from && d < p.to;

/** Due in the period: a deadline inside it, and neither a draft nor withdrawn. */
export const isDue = (r: ResolutionFacts, p: Period) =>
  within(r.deadline, p) && !UNCOUNTED_RESOLUTION_STATES.includes(r.state);

/** 办结率: resolutions closed out (销号) ÷ resolutions due in the period. */
export function completionRate(rows: readonly ResolutionFacts[], p: Period): Ratio {
  const due = rows.filter((r) => isDue(r, p));
  return ratio(due.filter((r) => r.state === 'closed').length, due.length);
}

export interface RatingBuckets {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

/** The three buckets of the decisive ratings given in the period (whatever happened next). */
export function ratingBuckets(rows: readonly ResolutionFacts[], p: Period): RatingBuckets {
  const out: RatingBuckets = { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 };
  for (const r of rows) {
    if (UNCOUNTED_RESOLUTION_STATES.includes(r.state) || !within(r.ratedAt, p)) continue;
    if (r.rating === 'satisfied') out.satisfied++;
    else if (r.rating === 'basically_satisfied') out.basicallySatisfied++;
    else if (r.rating === 'dissatisfied') out.dissatisfied++;
  }
  return out;
}

/** 解决率: items closed out (销号) in the period and rated 满意 or 基本满意 ÷ those closed out and rated. */
export function resolutionRate(rows: readonly ResolutionFacts[], p: Period): Ratio {
  const rated = rows.filter((r) => r.state === 'closed' && within(r.closedAt, p) && r.rating !== null);
  return ratio(rated.filter((r) => r.rating !== 'dissatisfied').length, rated.length);
}

/** 满意率: 满意 + 基本满意 ÷ all ratings. */
export const satisfactionRate = (b: RatingBuckets): Ratio =>
  ratio(b.satisfied + b.basicallySatisfied, b.satisfied + b.basicallySatisfied + b.dissatisfied);

/** Overdue now: open work whose deadline has passed. */
export const isOverdue = (r: ResolutionFacts, now: Date) =>
  r.deadline !== null && r.deadline < now && OPEN_RESOLUTION_STATES.includes(r.state);

/**
 * Nearest-rank percentile (p in 0..100) of values sorted ascending; null when there are none.
 * Nearest-rank keeps the answer one of the observed durations, which people can check.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * The same percentile from a histogram of (value, count) pairs sorted by value: what SQL can
 * return cheaply (grouped by minute) instead of every row.
 */
export function percentileOfHistogram(buckets: readonly { value: number; count: number }[], p: number): number | null {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of buckets) {
    seen += b.count;
    if (seen >= rank) return b.value;
  }
  return buckets[buckets.length - 1]!.value;
}

/** China keeps one time zone (UTC+8, no daylight saving): months and days are counted in it. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** "2026-11" for an instant, in China time. */
export const monthOf = (d: Date) => new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);

/** The instant a China-time calendar day ("2026-11-01") begins. */
export const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);

/** The last `n` months up to and including the month of `now`, oldest first ("2025-12" … "2026-11"). */
export function lastMonths(now: Date, n: number): string[] {
  const [y, m] = monthOf(now).split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const total = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The period covering whole months [first, last] in China time. */
export function monthsPeriod(first: string, last: string): Period {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: dayStart(`${first}-01`), to: dayStart(`${next}-01`) };
}

/** Default period: the last 12 months, this one included. */
export function defaultPeriod(now: Date): Period {
  const months = lastMonths(now, 12);
  return monthsPeriod(months[0]!, months[months.length - 1]!);
}
