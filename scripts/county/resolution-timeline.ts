import { RUNNING_STATES, type Rating, type ResolutionState } from '../../shared/rules/resolution.js';
import { DAY, HOUR, MINUTE, type County } from './context.js';

/** One step of a resolution's life, before it is written (kinds as ResolutionService names them). */
export interface Step {
  kind: string;
  /** The state after the step (overdue/due-soon marks and ratings keep it). */
  to: ResolutionState;
  actor: 'owner' | 'unit' | null;
  at: Date;
  public: boolean;
  rating?: Rating;
}

/** Share of each state by how long ago the resolution was made (days): recent work is still moving. */
const BY_AGE: [number, Partial<Record<ResolutionState, number>>][] = [
  [7, { draft: 30, dispatched: 35, accepted: 15, in_progress: 12, returned: 8 }],
  [30, { draft: 8, dispatched: 14, accepted: 14, in_progress: 34, reported: 16, returned: 4, closed: 10 }],
  [120, { draft: 3, accepted: 4, in_progress: 20, reported: 12, reopened: 5, closed: 52, withdrawn: 4 }],
  [Infinity, { in_progress: 5, reported: 4, reopened: 3, closed: 84, withdrawn: 4 }],
];

/**
 * The state a resolution made at `created` is in now. A referral (即办) was never a draft; only a
 * resident's rating reopens one, so a resolution without a topic is never reopened.
 */
export function stateFor(county: County, created: Date, referral: boolean, rated: boolean): ResolutionState {
  const age = (county.now.getTime() - created.getTime()) / DAY;
  const shares = { ...BY_AGE.find(([days]) => age < days)![1] };
  if (referral) {
    delete shares.draft;
    delete shares.withdrawn;
  }
  if (!rated) delete shares.reopened;
  return county.dice.weighted(shares as Record<ResolutionState, number>);
}

/** The verbs between a start and a state, in order (a few went round a return or a reopening). */
function path(county: County, state: ResolutionState, referral: boolean, rated: boolean): Omit<Step, 'at'>[] {
  const { dice } = county;
  const s = (
    kind: string,
    to: ResolutionState,
    actor: Step['actor'],
    pub = true,
    rating?: Rating,
  ): Omit<Step, 'at'> => ({
    kind,
    to,
    actor,
    public: pub,
    ...(rating ? { rating } : {}),
  });
  const out: Omit<Step, 'at'>[] = [];
  if (state === 'draft') return out;
  if (state === 'withdrawn') return [s('withdrawn', 'withdrawn', 'owner')];
  if (!referral) out.push(s('dispatched', 'dispatched', 'owner'));
  if (state === 'dispatched') return out;
  if (state === 'returned' || dice.chance(0.06)) {
    out.push(s('returned', 'returned', 'unit', false));
    if (state === 'returned') return out;
    out.push(s('redispatched', 'dispatched', 'owner'));
  }
  out.push(s('accepted', 'accepted', 'unit'));
  if (state === 'accepted') return out;
  const progress = () => {
    for (let i = dice.int(state === 'in_progress' ? 1 : 0, 3); i > 0; i--)
      out.push(s('progress', 'in_progress', 'unit'));
  };
  progress();
  if (state === 'in_progress') {
    if (out[out.length - 1]!.kind !== 'progress') out.push(s('progress', 'in_progress', 'unit'));
    return out;
  }
  if (rated && (state === 'reopened' || (state === 'closed' && dice.chance(0.08)))) {
    out.push(s('reported', 'reported', 'unit'));
    out.push(s('reopened', 'reopened', null, true, 'dissatisfied'));
    if (state === 'reopened') return out;
    progress();
  }
  out.push(s('reported', 'reported', 'unit'));
  const rating: Rating = dice.chance(0.7) ? 'satisfied' : 'basically_satisfied';
  if (state === 'reported') {
    if (rated && dice.chance(0.5)) out.push(s(`rated_${rating}`, 'reported', null, true, rating));
    return out;
  }
  // 销号 needs the resident's 满意/基本满意 when a resident's topic is behind it.
  if (rated) out.push(s(`rated_${rating}`, 'reported', null, true, rating));
  out.push(s('closed', 'closed', 'owner'));
  return out;
}

const GAP: Record<string, [number, number]> = {
  dispatched: [1 * DAY, 1],
  redispatched: [2 * DAY, 1],
  returned: [1 * DAY, 1],
  accepted: [10 * HOUR, 1],
  progress: [4 * DAY, 0.8],
  reported: [6 * DAY, 0.9],
  reopened: [2 * DAY, 1],
  withdrawn: [5 * DAY, 1],
  closed: [3 * DAY, 1],
};

/**
 * When each step happened: gaps drawn per verb (a report about a week after the last progress, a
 * rating a few days after the report), squeezed to end before now when the resolution is young.
 */
export function timeline(
  county: County,
  created: Date,
  state: ResolutionState,
  referral: boolean,
  rated: boolean,
): Step[] {
  const steps = path(county, state, referral, rated);
  const gaps = steps.map((s) => {
    const [median, sigma] = GAP[s.kind] ?? [2 * DAY, 1];
    return Math.max(MINUTE, county.dice.lognormal(median, sigma));
  });
  const room = county.now.getTime() - MINUTE - created.getTime();
  const total = gaps.reduce((a, b) => a + b, 0);
  const squeeze = total > room ? room / total : 1;
  let at = created.getTime();
  return steps.map((s, i) => ({ ...s, at: new Date((at += gaps[i]! * squeeze)) }));
}

/** Running while the unit has it: from a dispatch (or reopening) to the next report, return or now. */
export function runningSpans(steps: Step[], from: { at: Date; state: ResolutionState }, now: Date) {
  const spans: { from: number; to: number; state: ResolutionState }[] = [];
  let state = from.state;
  let since = from.at.getTime();
  for (const s of steps) {
    if (RUNNING_STATES.includes(state)) spans.push({ from: since, to: s.at.getTime(), state });
    state = s.to;
    since = s.at.getTime();
  }
  if (RUNNING_STATES.includes(state)) spans.push({ from: since, to: now.getTime(), state });
  return spans;
}
