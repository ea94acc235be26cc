import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decide, minimumCount, PRESETS, quorum, rulesFor, type Body } from '../../shared/rules/quorum.js';

/**
 * An independent formulation: the smallest k by counting up, comparing with cross-multiplication
 * ("k > n/2" is "2k > n"), never dividing.
 */
const moreThanHalf = (n: number) => {
  let k = 0;
  while (!(2 * k > n)) k++;
  return k;
};
const atLeastTwoThirds = (n: number) => {
  let k = 0;
  while (!(3 * k >= 2 * n)) k++;
  return k;
};

test('the worked examples of the law read as the brief states them', () => {
  assert.is(minimumCount(45, 1, 2, true), 23);
  assert.is(minimumCount(45, 2, 3, false), 30);
  const outcome = decide(PRESETS.representatives_meeting, { members: 45, present: 32 }, { yes: 25, no: 5, abstain: 2 });
  assert.is(
    outcome.statement['zh-CN'],
    '应到 45 人，实到 32 人，已达法定人数（30）；赞成至少 17 票（超过到会 32 人的半数）即通过：赞成 25 — 通过',
  );
  assert.is(
    outcome.statement.en,
    '45 expected, 32 present, quorum met (30); passes with at least 17 (more than half of the 32 present) in favour: 25 in favour — passed',
  );
});

test('every preset at every size 1–200 matches the independent formulation', () => {
  for (let members = 1; members <= 200; members++) {
    for (const present of [
      0,
      Math.floor(members / 2),
      moreThanHalf(members),
      atLeastTwoThirds(members) - 1,
      atLeastTwoThirds(members),
      members,
    ]) {
      const a = { members, present };
      // Villagers' representatives and party members: at least two thirds present.
      for (const body of ['representatives_meeting', 'party_assembly'] as Body[]) {
        const q = quorum(rulesFor(body), a);
        assert.is(q.required, atLeastTwoThirds(members), `${body} quorum of ${members}`);
        assert.is(q.met, present >= atLeastTwoThirds(members) && members > 0);
      }
      // Villagers' assembly and two committees: more than half present.
      for (const body of ['villagers_assembly', 'two_committees'] as Body[]) {
        assert.is(quorum(rulesFor(body), a).met, present >= moreThanHalf(members), `${body} ${members}/${present}`);
      }
      for (const yes of [
        0,
        moreThanHalf(present) - 1,
        moreThanHalf(present),
        moreThanHalf(members) - 1,
        moreThanHalf(members),
        present,
      ]) {
        if (yes < 0 || yes > present) continue;
        const tally = { yes, no: present - yes, abstain: 0 };
        const rep = decide(PRESETS.representatives_meeting, a, tally);
        assert.is(
          rep.passed,
          present >= atLeastTwoThirds(members) && present > 0 && yes >= moreThanHalf(present),
          `rep ${members}/${present}/${yes}`,
        );
        const party = decide(PRESETS.party_assembly, a, tally);
        assert.is(
          party.passed,
          present >= atLeastTwoThirds(members) && yes >= moreThanHalf(members),
          `party ${members}/${present}/${yes}`,
        );
        const committees = decide(PRESETS.two_committees, a, tally);
        assert.is(
          committees.passed,
          present >= moreThanHalf(members) && yes >= moreThanHalf(members),
          `committees ${members}/${present}/${yes}`,
        );
      }
    }
  }
});

test('exact thresholds: one short fails, the threshold passes', () => {
  const a = { members: 30, present: 20 };
  assert.is(decide(PRESETS.representatives_meeting, a, { yes: 10, no: 10, abstain: 0 }).passed, false);
  assert.is(decide(PRESETS.representatives_meeting, a, { yes: 11, no: 9, abstain: 0 }).passed, true);
  assert.is(quorum(PRESETS.representatives_meeting, { members: 30, present: 19 }).met, false);
});

test('abstentions count as present but not in favour', () => {
  const outcome = decide(PRESETS.representatives_meeting, { members: 9, present: 9 }, { yes: 4, no: 1, abstain: 4 });
  assert.is(outcome.needed, 5);
  assert.is(outcome.passed, false);
});

test('zero present never passes and never divides by zero', () => {
  for (const body of [
    'villagers_assembly',
    'representatives_meeting',
    'party_assembly',
    'two_committees',
    'free_consultation',
  ] as Body[]) {
    const outcome = decide(rulesFor(body), { members: 10, present: 0 }, { yes: 0, no: 0, abstain: 0 });
    assert.is(outcome.passed, false, body);
    assert.not.match(outcome.statement['zh-CN'], /NaN/);
  }
});

test('a villagers’ assembly may reach quorum through two thirds of households instead', () => {
  const rules = PRESETS.villagers_assembly;
  const thin = { members: 860, present: 250, households: 312, householdsRepresented: 208 };
  const q = quorum(rules, thin);
  assert.is(q.householdsRequired, 208);
  assert.is(q.met, true);
  assert.is(q.by, 'households');
  assert.is(quorum(rules, { ...thin, householdsRepresented: 207 }).met, false);
  assert.is(quorum(rules, { members: 860, present: 431 }).met, true);
  assert.is(quorum(rules, { members: 860, present: 430 }).met, false);
});

test('a free consultation has no quorum and passes with more than half of ballots cast', () => {
  const outcome = decide(PRESETS.free_consultation, { members: 0, present: 7 }, { yes: 4, no: 2, abstain: 1 });
  assert.is(outcome.quorum.met, true);
  assert.is(outcome.needed, 4);
  assert.is(outcome.passed, true);
  assert.match(outcome.statement['zh-CN'], /不设法定人数/);
});

test('custom rules: fraction, base and strictness are all honoured', () => {
  const rules = rulesFor('custom', {
    quorum: { numerator: 3, denominator: 5, strict: false, base: 'members' },
    pass: { numerator: 2, denominator: 3, strict: true, base: 'cast' },
  });
  const outcome = decide(rules, { members: 50, present: 30 }, { yes: 14, no: 6, abstain: 1 });
  assert.is(outcome.quorum.required, 30);
  assert.is(outcome.needed, 15);
  assert.is(outcome.passed, false);
  assert.throws(() => rulesFor('custom'), /custom body/);
  assert.throws(() => minimumCount(-1, 1, 2, true), RangeError);
});

test.run();
