import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allowsClose,
  canTake,
  deadlineStatus,
  decisiveRating,
  defaultDeadline,
  stateAfter,
  type ResolutionAction,
  type ResolutionState,
} from '../../shared/rules/resolution.js';

const now = new Date('2026-11-25T02:00:00Z');
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);

test('deadline status: only running resolutions are late; three days or less is due soon', () => {
  const cases: [ResolutionState, Date | null, string][] = [
    ['in_progress', inDays(-0.01), 'overdue'],
    ['dispatched', inDays(0), 'due_soon'],
    ['accepted', inDays(3), 'due_soon'],
    ['reopened', inDays(3.01), 'on_time'],
    ['reported', inDays(-5), 'none'],
    ['closed', inDays(-5), 'none'],
    ['draft', null, 'none'],
    ['in_progress', null, 'none'],
  ];
  for (const [state, deadline, want] of cases)
    assert.is(deadlineStatus(state, deadline, now), want, `${state} ${deadline}`);
});

test('transitions: each verb from its states only', () => {
  const cases: [ResolutionAction, ResolutionState, boolean][] = [
    ['dispatch', 'draft', true],
    ['dispatch', 'returned', true],
    ['dispatch', 'accepted', false],
    ['accept', 'dispatched', true],
    ['accept', 'returned', false],
    ['return', 'accepted', false],
    ['report', 'reopened', true],
    ['report', 'dispatched', false],
    ['close', 'reported', true],
    ['close', 'reopened', false],
    ['reopen', 'reported', true],
    ['withdraw', 'dispatched', false],
  ];
  for (const [a, s, ok] of cases) assert.is(canTake(a, s), ok, `${a} from ${s}`);
  assert.is(stateAfter('reopen'), 'reopened');
});

test('the submitter’s latest rating decides, else the latest co-signer’s', () => {
  const at = (m: number) => new Date(now.getTime() + m * 60_000);
  const r = (id: number, by: 'submitter' | 'cosigner', rating: 'satisfied' | 'dissatisfied', m: number) => ({
    id,
    by,
    rating,
    at: at(m),
  });
  assert.is(decisiveRating([]), null);
  assert.is(decisiveRating([r(1, 'cosigner', 'dissatisfied', 0), r(2, 'cosigner', 'satisfied', 1)])!.id, 2);
  assert.is(decisiveRating([r(1, 'submitter', 'satisfied', 0), r(2, 'cosigner', 'dissatisfied', 5)])!.id, 1);
  assert.is(decisiveRating([r(1, 'submitter', 'satisfied', 0), r(2, 'submitter', 'dissatisfied', 1)])!.id, 2);
  assert.ok(allowsClose('basically_satisfied'));
  assert.not.ok(allowsClose('dissatisfied'));
  assert.not.ok(allowsClose(null));
});

test('default deadlines count China days by category, ending at 23:59:59 +08:00', () => {
  // 2026-11-25 10:00 in China; 环境卫生 is 7 days.
  assert.is(defaultDeadline('环境卫生', now).toISOString(), '2026-12-02T15:59:59.000Z');
  assert.is(defaultDeadline('未知类别', now).toISOString(), '2026-12-10T15:59:59.000Z');
  assert.is(defaultDeadline(null, now).toISOString(), '2026-12-10T15:59:59.000Z');
});

test.run();
