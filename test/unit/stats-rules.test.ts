import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  completionRate,
  formatRate,
  formatRatio,
  isOverdue,
  lastMonths,
  monthOf,
  monthsPeriod,
  percentile,
  percentileOfHistogram,
  rateOf,
  ratingBuckets,
  resolutionRate,
  respondedWithin,
  responseLimitHours,
  responseRate,
  satisfactionRate,
  type ResolutionFacts,
} from '../../shared/rules/stats.js';

const at = (s: string) => new Date(s);
const P = monthsPeriod('2026-01', '2026-12');

test('rates with a zero denominator read "—", never NaN, and keep their counts', () => {
  const cases: [number, number, string, number | null][] = [
    [0, 0, '—', null],
    [5, 0, '—', null],
    [0, 3, '0%', 0],
    [3, 3, '100%', 1],
    [7, 8, '87.5%', 0.875],
    [1, 3, '33.3%', 1 / 3],
    [2, 3, '66.7%', 2 / 3],
  ];
  for (const [n, d, text, value] of cases) {
    assert.is(formatRate({ numerator: n, denominator: d }), text, `${n}/${d}`);
    assert.is(rateOf({ numerator: n, denominator: d }), value);
    assert.is(formatRatio({ numerator: n, denominator: d }), `${n}/${d}`);
  }
  assert.is(formatRate(null), '—');
  assert.is(formatRatio(null), '—');
});

test('a topic is responded to when its first action comes no later than the limit', () => {
  const cases: [string, string | null, number, boolean][] = [
    ['2026-03-01T00:00:00Z', null, 24, false],
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', 24, true],
    ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 24, true],
    ['2026-03-01T00:00:00Z', '2026-03-02T00:00:01Z', 24, false],
    ['2026-03-01T00:00:00Z', '2026-03-02T23:00:00Z', 48, true],
  ];
  for (const [received, action, limit, expected] of cases)
    assert.is(respondedWithin(at(received), action ? at(action) : null, limit), expected, `${received} ${action}`);
  assert.equal(responseRate([]), { numerator: 0, denominator: 0 });
  assert.equal(
    responseRate([
      { receivedAt: at('2026-03-01T00:00:00Z'), firstActionAt: at('2026-03-01T02:00:00Z'), limitHours: 24 },
      { receivedAt: at('2026-03-01T00:00:00Z'), firstActionAt: null, limitHours: 24 },
    ]),
    { numerator: 1, denominator: 2 },
  );
});

test('the response limit is the organisation’s own, else the nearest ancestor’s, else 24 hours', () => {
  assert.is(responseLimitHours([]), 24);
  assert.is(responseLimitHours([{}, null, {}]), 24);
  assert.is(responseLimitHours([{}, { responseLimitHours: 48 }]), 48);
  assert.is(responseLimitHours([{ responseLimitHours: 12 }, { responseLimitHours: 48 }]), 12);
});

const r = (over: Partial<ResolutionFacts>): ResolutionFacts => ({
  state: 'dispatched',
  deadline: null,
  closedAt: null,
  rating: null,
  ratedAt: null,
  ...over,
});

test('completion counts resolutions due in the period, never drafts or withdrawn ones', () => {
  const rows = [
    r({ state: 'closed', deadline: at('2026-05-01T00:00:00Z') }),
    r({ state: 'in_progress', deadline: at('2026-05-01T00:00:00Z') }),
    r({ state: 'withdrawn', deadline: at('2026-05-01T00:00:00Z') }),
    r({ state: 'draft', deadline: at('2026-05-01T00:00:00Z') }),
    r({ state: 'closed', deadline: at('2027-05-01T00:00:00Z') }),
    r({ state: 'closed', deadline: null }),
  ];
  assert.equal(completionRate(rows, P), { numerator: 1, denominator: 2 });
  assert.equal(completionRate([], P), { numerator: 0, denominator: 0 });
  assert.is(formatRate(completionRate([], P)), '—');
});

test('resolution rate counts closed-out rated items; satisfaction counts every rating with three buckets', () => {
  const closed = at('2026-06-01T00:00:00Z');
  const rows = [
    r({ state: 'closed', closedAt: closed, rating: 'satisfied', ratedAt: closed }),
    r({ state: 'closed', closedAt: closed, rating: 'basically_satisfied', ratedAt: closed }),
    r({ state: 'closed', closedAt: closed, rating: 'dissatisfied', ratedAt: closed }),
    r({ state: 'closed', closedAt: closed }),
    r({ state: 'reopened', rating: 'dissatisfied', ratedAt: closed }),
    r({
      state: 'closed',
      closedAt: at('2025-06-01T00:00:00Z'),
      rating: 'satisfied',
      ratedAt: at('2025-06-01T00:00:00Z'),
    }),
  ];
  assert.equal(resolutionRate(rows, P), { numerator: 2, denominator: 3 });
  const buckets = ratingBuckets(rows, P);
  assert.equal(buckets, { satisfied: 1, basicallySatisfied: 1, dissatisfied: 2 });
  assert.equal(satisfactionRate(buckets), { numerator: 2, denominator: 4 });
  assert.is(formatRate(satisfactionRate({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 })), '—');
  assert.is(formatRate(resolutionRate([], P)), '—');
});

test('overdue means open work past its deadline', () => {
  const now = at('2026-06-01T00:00:00Z');
  const past = at('2026-05-01T00:00:00Z');
  assert.is(isOverdue(r({ state: 'in_progress', deadline: past }), now), true);
  assert.is(isOverdue(r({ state: 'reopened', deadline: past }), now), true);
  assert.is(isOverdue(r({ state: 'closed', deadline: past }), now), false);
  assert.is(isOverdue(r({ state: 'reported', deadline: past }), now), false);
  assert.is(isOverdue(r({ state: 'withdrawn', deadline: past }), now), false);
  assert.is(isOverdue(r({ state: 'dispatched', deadline: null }), now), false);
  assert.is(isOverdue(r({ state: 'dispatched', deadline: at('2026-07-01T00:00:00Z') }), now), false);
});

test('percentiles are nearest-rank, null when empty, and the histogram form agrees with the plain one', () => {
  assert.is(percentile([], 50), null);
  assert.is(percentileOfHistogram([], 90), null);
  assert.is(percentile([5], 90), 5);
  assert.is(percentile([1, 2, 3, 4], 50), 2);
  assert.is(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  for (let trial = 0; trial < 50; trial++) {
    const values = Array.from({ length: 1 + ((trial * 7) % 40) }, (_, i) => ((i * 37 + trial) % 11) * 60).sort(
      (a, b) => a - b,
    );
    const hist = [...new Set(values)].map((v) => ({ value: v, count: values.filter((x) => x === v).length }));
    for (const p of [50, 90]) assert.is(percentileOfHistogram(hist, p), percentile(values, p));
  }
});

test('months are counted in China time', () => {
  assert.is(monthOf(at('2026-10-31T16:00:00Z')), '2026-11');
  assert.is(monthOf(at('2026-10-31T15:59:59Z')), '2026-10');
  assert.equal(lastMonths(at('2026-02-10T00:00:00Z'), 3), ['2025-12', '2026-01', '2026-02']);
  const p = monthsPeriod('2026-12', '2026-12');
  assert.is(p.from.toISOString(), '2026-11-30T16:00:00.000Z');
  assert.is(p.to.toISOString(), '2026-12-31T16:00:00.000Z');
});

test.run();
