import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chinaClock,
  chinaDateTimeInput,
  chinaDay,
  chinaParts,
  fromChinaDateTimeInput,
} from '../../shared/rules/china-time.js';
import { residentProgress, shownState, type Rating, type ResolutionState } from '../../shared/rules/resolution.js';
import { neededEn, neededZh, type PassRule } from '../../shared/rules/rule-words.js';
import { decisionWording } from '../../shared/rules/wording.js';

/**
 * The pure rules behind the follow-up as people read it (issue 17): decisions worded as
 * statements, China-time dates whatever the machine's zone, the resident's badge, and the number
 * of votes a rule needs stated as that number.
 */

test('a motion’s question drafts a statement of what was decided', () => {
  const cases: [string, string][] = [
    ['是否同意：村口路灯不亮，晚上出行不便？', '同意村口路灯不亮，晚上出行不便'],
    ['是否同意修建村东头的水渠？', '同意修建村东头的水渠'],
    ['是否同意修建村东头的水渠?', '同意修建村东头的水渠'],
    ['是否赞成将村委会旧址改为老年活动室？', '同意将村委会旧址改为老年活动室'],
    ['是否批准 2027 年村级预算？', '批准 2027 年村级预算'],
    ['是否通过村规民约修订稿？', '通过村规民约修订稿'],
    ['能否在村口增设公交站？', '同意在村口增设公交站'],
    ['要不要给一组修机耕路？', '同意给一组修机耕路'],
    ['是否修建村道', '同意修建村道'],
    ['同意修建村道吗？', '同意修建村道'],
    // A choice's decision text is "question：winners".
    ['选举村民小组长（两名）？：张三、李四', '选举村民小组长（两名）：张三、李四'],
    // Already a statement (a consensus item): unchanged, trimmed.
    ['  经协商一致，同意由村集体出资修缮祠堂  ', '经协商一致，同意由村集体出资修缮祠堂'],
    ['是否同意？', '是否同意'],
    ['Do we agree to repair the bridge?', 'Agreed to repair the bridge'],
    ['Shall we plant trees along the road?', 'Agreed to plant trees along the road'],
    ['Repair the bridge', 'Repair the bridge'],
  ];
  for (const [question, wording] of cases) assert.is(decisionWording(question), wording, question);
});

test('China time is UTC+8 whatever the machine’s zone, across midnight and year ends', () => {
  const cases: [string, string, string][] = [
    ['2026-12-01T01:00:00Z', '2026-12-01', '09:00'],
    ['2026-11-30T16:00:00Z', '2026-12-01', '00:00'],
    ['2026-11-30T15:59:59Z', '2026-11-30', '23:59'],
    ['2026-12-31T17:30:00Z', '2027-01-01', '01:30'],
    ['2028-02-28T20:00:00Z', '2028-02-29', '04:00'],
  ];
  for (const [iso, day, clock] of cases) {
    const at = new Date(iso);
    assert.is(chinaDay(at), day, iso);
    assert.is(chinaClock(at), clock, iso);
    assert.is(chinaDateTimeInput(at), `${day}T${clock}`, iso);
  }
  assert.equal(chinaParts(new Date('2026-12-31T17:30:00Z')), { year: 2027, month: 1, day: 1, hour: 1, minute: 30 });
});

test('a datetime-local value is read as China time; anything else is refused', () => {
  const cases: [string, string | null][] = [
    ['2026-12-01T09:00', '2026-12-01T01:00:00.000Z'],
    ['2026-12-01T00:30', '2026-11-30T16:30:00.000Z'],
    ['2026-12-01T09:00:30', '2026-12-01T01:00:30.000Z'],
    ['2026-02-30T09:00', null],
    ['2026-12-01T24:00', null],
    ['2026-12-01 09:00', null],
    ['2026-12-01T09:00Z', null],
    ['', null],
  ];
  for (const [value, iso] of cases) assert.is(fromChinaDateTimeInput(value)?.toISOString() ?? null, iso, value);
  // Round trip: what the field shows is what it saves.
  const at = new Date('2026-11-25T06:45:00Z');
  assert.is(fromChinaDateTimeInput(chinaDateTimeInput(at))!.getTime(), at.getTime());
});

test('a reported result the resident accepted reads as rated, awaiting close-out', () => {
  const cases: [ResolutionState, Rating | null, string][] = [
    ['reported', null, 'reported'],
    ['reported', 'dissatisfied', 'reported'],
    ['reported', 'satisfied', 'rated'],
    ['reported', 'basically_satisfied', 'rated'],
    ['closed', 'satisfied', 'closed'],
    ['in_progress', 'satisfied', 'in_progress'],
  ];
  for (const [state, rating, shown] of cases) assert.is(shownState(state, rating), shown, `${state}/${rating}`);
});

test('the tracking badge follows the resolutions answering the topic', () => {
  const r = (state: ResolutionState, rating: Rating | null = null) => ({ state, rating });
  const cases: [ReturnType<typeof r>[], string | null][] = [
    [[], null],
    [[r('draft')], null],
    [[r('withdrawn')], null],
    [[r('dispatched')], 'in_hand'],
    [[r('returned')], 'in_hand'],
    [[r('reopened', 'dissatisfied')], 'in_hand'],
    [[r('reported')], 'done'],
    [[r('reported', 'dissatisfied')], 'done'],
    [[r('reported', 'satisfied')], 'rated'],
    [[r('closed', 'satisfied')], 'closed'],
    [[r('closed', 'satisfied'), r('withdrawn')], 'closed'],
    [[r('closed', 'satisfied'), r('in_progress')], 'in_hand'],
    [[r('closed', 'satisfied'), r('reported')], 'done'],
    [[r('reported', 'basically_satisfied'), r('closed')], 'rated'],
  ];
  for (const [list, badge] of cases) assert.is(residentProgress(list), badge, JSON.stringify(list));
});

test('the votes a rule needs are stated as that number, with the rule after it', () => {
  const half = (base: PassRule['base']): PassRule => ({ numerator: 1, denominator: 2, strict: true, base });
  const cases: [PassRule, number, number, string, string][] = [
    [half('present'), 8, 5, '至少 5 票（超过到会 8 人的半数）', 'at least 5 (more than half of the 8 present)'],
    [half('present'), 9, 5, '至少 5 票（超过到会 9 人的半数）', 'at least 5 (more than half of the 9 present)'],
    [half('members'), 45, 23, '至少 23 票（超过应到 45 人的半数）', 'at least 23 (more than half of all 45 members)'],
    [half('cast'), 19, 10, '至少 10 票（超过投票 19 人的半数）', 'at least 10 (more than half of the 19 ballots cast)'],
    [
      { numerator: 2, denominator: 3, strict: false, base: 'present' },
      30,
      20,
      '至少 20 票（达到到会 30 人的三分之二）',
      'at least 20 (at least two thirds of the 30 present)',
    ],
  ];
  for (const [rule, base, needed, zh, en] of cases) {
    assert.is(neededZh(rule, base, needed), zh);
    assert.is(neededEn(rule, base, needed), en);
  }
});

test.run();
