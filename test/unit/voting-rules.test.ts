import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  PRESETS,
  quorum,
  ruleProblems,
  type Attendance,
  type Body,
  type RuleSet,
  type Threshold,
} from '../../shared/rules/quorum.js';
import { ballotProblem, canMoveMotion, decideChoices, handsProblem } from '../../shared/rules/ballot.js';

/**
 * An independent formulation of every rule, written from the law's words rather than from the
 * code: "x is more than a/b of n" is the rational comparison x/1 > n·a/b, done in BigInt by
 * cross-multiplication (x·b > n·a), with no division, no rounding and no smallest-k search.
 */
const reaches = (x: number, n: number, t: { numerator: number; denominator: number; strict: boolean }) => {
  const lhs = BigInt(x) * BigInt(t.denominator);
  const rhs = BigInt(n) * BigInt(t.numerator);
  return t.strict ? lhs > rhs : lhs >= rhs;
};
const baseIn = (base: Threshold['base'], a: Attendance, cast: number) =>
  base === 'members' ? a.members : base === 'present' ? a.present : cast;

/** The law read directly: quorum by people (or ballots), then "yes" against the pass base. */
function expected(rules: RuleSet, a: Attendance, yes: number, cast: number): { quorate: boolean; passes: boolean } {
  let quorate = true;
  if (rules.quorum) {
    const counted = (rules.quorum.counted ?? 'present') === 'present' ? a.present : cast;
    const base = baseIn(rules.quorum.base, a, counted);
    quorate = counted > 0 && base > 0 && reaches(counted, base, rules.quorum);
  }
  const base = baseIn(rules.pass.base, a, cast);
  return { quorate, passes: quorate && base > 0 && reaches(yes, base, rules.pass) };
}

const NAMED: Exclude<Body, 'custom'>[] = [
  'villagers_assembly',
  'representatives_meeting',
  'party_assembly',
  'two_committees',
  'free_consultation',
];

test('every preset, at every membership 1–200 and every attendance, agrees with the BigInt reading of the law', () => {
  let cases = 0;
  for (const body of NAMED) {
    const rules = PRESETS[body];
    for (let members = 1; members <= 200; members++) {
      for (let present = 0; present <= members; present++) {
        const a = { members, present };
        // The yes counts where the answer can change: around half and two thirds of each base.
        const around = [0, present, Math.floor(present / 2), Math.floor(members / 2), Math.floor((2 * members) / 3)];
        const yeses = new Set(around.flatMap((y) => [y - 1, y, y + 1]).filter((y) => y >= 0 && y <= present));
        for (const yes of yeses) {
          for (const abstain of [0, present - yes]) {
            const tally = { yes, no: present - yes - abstain, abstain };
            const outcome = decide(rules, a, tally);
            const want = expected(rules, a, yes, present);
            assert.is(outcome.quorum.met, want.quorate, `${body} quorum ${members}/${present}`);
            assert.is(outcome.passed, want.passes, `${body} ${members}/${present} yes ${yes}`);
            // `needed` is the least count that reaches the threshold: it does, one fewer does not.
            const base = baseIn(rules.pass.base, a, present);
            assert.ok(reaches(outcome.needed, base, rules.pass), `${body} needed reaches`);
            assert.not.ok(outcome.needed > 0 && reaches(outcome.needed - 1, base, rules.pass), `${body} needed least`);
            cases++;
          }
        }
      }
    }
  }
  assert.ok(cases > 500_000, `${cases} cases`);
});

test('the issue’s example reads exactly as written, in both languages', () => {
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

test('the party assembly counts all members for passing: 30 present of 45 need 23 in favour, not 16', () => {
  const outcome = decide(PRESETS.party_assembly, { members: 45, present: 30 }, { yes: 22, no: 8, abstain: 0 });
  assert.is(outcome.needed, 23);
  assert.is(outcome.passed, false);
  assert.is(
    outcome.statement['zh-CN'],
    '应到 45 人，实到 30 人，已达法定人数（30）；赞成至少 23 票（超过应到 45 人的半数）即通过：赞成 22 — 未通过',
  );
});

test('exact thresholds: at two thirds the quorum is met, one fewer it is not, and the sentence says so', () => {
  assert.is(quorum(PRESETS.representatives_meeting, { members: 45, present: 30 }).met, true);
  const short = decide(PRESETS.representatives_meeting, { members: 45, present: 29 }, { yes: 29, no: 0, abstain: 0 });
  assert.is(short.passed, false);
  assert.match(short.statement['zh-CN'], /未达法定人数（30）/);
  assert.match(short.statement.en, /quorum not met \(30\)/);
  // Exactly half is not more than half.
  assert.is(
    decide(PRESETS.free_consultation, { members: 0, present: 10 }, { yes: 5, no: 5, abstain: 0 }).passed,
    false,
  );
  assert.is(decide(PRESETS.free_consultation, { members: 0, present: 10 }, { yes: 6, no: 4, abstain: 0 }).passed, true);
});

test('zero present: no preset is quorate or passes, and no sentence shows NaN', () => {
  for (const body of NAMED) {
    const outcome = decide(PRESETS[body], { members: 10, present: 0 }, { yes: 0, no: 0, abstain: 0 });
    assert.is(outcome.passed, false, body);
    assert.not.match(outcome.statement['zh-CN'] + outcome.statement.en, /NaN|undefined/);
  }
});

test('abstentions are ballots cast but never in favour: on a ballots-cast base they weigh like a no', () => {
  const a = { members: 20, present: 9 };
  assert.is(decide(PRESETS.free_consultation, a, { yes: 5, no: 0, abstain: 4 }).passed, true);
  assert.is(decide(PRESETS.free_consultation, a, { yes: 4, no: 0, abstain: 5 }).passed, false);
  assert.is(decide(PRESETS.free_consultation, a, { yes: 4, no: 3, abstain: 0 }).passed, true);
});

test('custom rules: fraction, base and strictness of both quorum and pass are honoured and stated', () => {
  const threeFifths: RuleSet = {
    quorum: { numerator: 3, denominator: 5, strict: false, base: 'members' },
    pass: { numerator: 2, denominator: 3, strict: true, base: 'cast' },
  };
  const outcome = decide(threeFifths, { members: 50, present: 30 }, { yes: 14, no: 6, abstain: 1 });
  assert.is(outcome.quorum.required, 30);
  assert.is(outcome.needed, 15);
  assert.is(outcome.passed, false);
  assert.is(
    outcome.statement['zh-CN'],
    '应到 50 人，实到 30 人，已达法定人数（30）；赞成至少 15 票（超过投票 21 人的三分之二）即通过：赞成 14 — 未通过',
  );
  // A turnout quorum: ballots cast must be at least half of all members.
  const turnout: RuleSet = {
    quorum: { numerator: 1, denominator: 2, strict: false, base: 'members', counted: 'cast' },
    pass: { numerator: 1, denominator: 2, strict: true, base: 'cast' },
  };
  const low = decide(turnout, { members: 40, present: 30 }, { yes: 15, no: 4, abstain: 0 });
  assert.is(low.quorum.met, false);
  assert.is(
    low.statement['zh-CN'],
    '应到 40 人，实到 30 人，投票 19 人，未达法定人数（投票达到应到人数半数，20）；赞成至少 10 票（超过投票 19 人的半数）即通过：赞成 15 — 未通过',
  );
  assert.is(
    low.statement.en,
    '40 expected, 30 present, 19 voted, quorum not met (ballots cast at least half of all members: 20); passes with at least 10 (more than half of the 19 ballots cast) in favour: 15 in favour — not passed',
  );
  assert.is(decide(turnout, { members: 40, present: 30 }, { yes: 15, no: 5, abstain: 0 }).passed, true);
  // Random custom rules against the independent reading.
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const bases = ['members', 'present', 'cast'] as const;
  for (let i = 0; i < 20_000; i++) {
    const d = 1 + rand(12);
    const rules: RuleSet = {
      quorum:
        rand(4) === 0
          ? null
          : rand(2)
            ? { numerator: 1 + rand(d), denominator: d, strict: rand(2) === 1, base: 'members' }
            : {
                numerator: 1 + rand(d),
                denominator: d,
                strict: rand(2) === 1,
                base: rand(2) ? 'members' : 'present',
                counted: 'cast',
              },
      pass: { numerator: 1 + rand(d), denominator: d, strict: rand(2) === 1, base: bases[rand(3)]! },
    };
    assert.equal(ruleProblems(rules), []);
    const members = 1 + rand(200);
    const present = rand(members + 1);
    const cast = rand(present + 1);
    const yes = rand(cast + 1);
    const outcome = decide(rules, { members, present }, { yes, no: cast - yes, abstain: 0 });
    assert.is(
      outcome.passed,
      expected(rules, { members, present }, yes, cast).passes,
      JSON.stringify({ rules, members, present, cast, yes }),
    );
  }
});

test('custom rules that cannot mean anything are refused with a reason', () => {
  const pass = { numerator: 1, denominator: 2, strict: true, base: 'present' } as const;
  assert.equal(ruleProblems({ quorum: { ...pass, base: 'present' }, pass }), ['rule_quorum_base']);
  assert.equal(ruleProblems({ quorum: { ...pass, base: 'cast', counted: 'cast' }, pass }), ['rule_quorum_base']);
  assert.equal(ruleProblems({ quorum: null, pass: { ...pass, numerator: 3 } }), ['rule_fraction']);
  assert.equal(ruleProblems({ quorum: null, pass: { ...pass, numerator: 0 } }), ['rule_fraction']);
  for (const body of NAMED) assert.equal(ruleProblems(PRESETS[body]), [], body);
});

test('an election of two seats: the top two past the threshold are elected, in words with every count', () => {
  const labels = ['张三', '李四', '王五'];
  const outcome = decideChoices(
    PRESETS.representatives_meeting,
    { members: 45, present: 32 },
    [25, 20, 9],
    32,
    2,
    labels,
    'election',
  );
  assert.equal(outcome.winners, [0, 1]);
  assert.is(
    outcome.statement['zh-CN'],
    '应到 45 人，实到 32 人，已达法定人数（30）；得票至少 17 票（超过到会 32 人的半数）且居前 2 名者当选：张三 25 票、李四 20 票、王五 9 票 — 当选：张三、李四',
  );
  assert.is(
    outcome.statement.en,
    '45 expected, 32 present, quorum met (30); elected with at least 17 (more than half of the 32 present) and among the top 2: 张三 25, 李四 20, 王五 9 — elected: 张三, 李四',
  );
});

test('elections: below the threshold nobody is elected, and a tie for the last seat goes to a further vote', () => {
  const a = { members: 30, present: 30 };
  const labels = ['甲', '乙', '丙', '丁'];
  const few = decideChoices(PRESETS.representatives_meeting, a, [15, 14, 1, 0], 30, 2, labels, 'election');
  assert.equal(few.winners, []);
  assert.is(few.passed, false);
  assert.match(few.statement['zh-CN'], /无人当选$/);
  const tie = decideChoices(PRESETS.representatives_meeting, a, [28, 20, 20, 2], 30, 2, labels, 'election');
  assert.equal(tie.winners, [0]);
  assert.equal(tie.tied, [1, 2]);
  assert.match(tie.statement['zh-CN'], /当选：甲；乙、丙得票相同（20 票），需另行表决$/);
  assert.match(tie.statement.en, /elected: 甲; 乙 and 丙 tied at 20, a further vote is needed$/);
  // Everyone tied within the seats is elected: nothing to break.
  assert.equal(
    decideChoices(PRESETS.representatives_meeting, a, [20, 20, 2, 0], 30, 2, labels, 'election').winners,
    [0, 1],
  );
  // No quorum, no winner however many votes.
  assert.equal(
    decideChoices(
      PRESETS.representatives_meeting,
      { members: 30, present: 19 },
      [19, 0, 0, 0],
      19,
      1,
      labels,
      'election',
    ).winners,
    [],
  );
});

test('a single choice between plans picks the one past the threshold, else none', () => {
  const a = { members: 0, present: 21 };
  const labels = ['方案一', '方案二', '方案三'];
  const adopted = decideChoices(PRESETS.free_consultation, a, [11, 6, 4], 21, 1, labels, 'choice');
  assert.equal(adopted.winners, [0]);
  assert.match(
    adopted.statement['zh-CN'],
    /不设法定人数；得票至少 11 票（超过投票 21 人的半数）且得票最多者获选：方案一 11 票、方案二 6 票、方案三 4 票 — 获选：方案一$/,
  );
  const split = decideChoices(PRESETS.free_consultation, a, [10, 7, 4], 21, 1, labels, 'choice');
  assert.equal(split.winners, []);
  assert.match(split.statement.en, /none adopted$/);
});

test('a ballot marks exactly one of yes/no/abstain, or up to N different options', () => {
  assert.is(ballotProblem('yes_no', 3, 1, [0]), null);
  assert.is(ballotProblem('yes_no', 3, 1, [2]), null);
  assert.is(ballotProblem('yes_no', 3, 1, []), 'vote.error.choice');
  assert.is(ballotProblem('yes_no', 3, 1, [0, 1]), 'vote.error.choice');
  assert.is(ballotProblem('yes_no', 3, 1, [3]), 'vote.error.choice');
  assert.is(ballotProblem('election', 5, 2, [0, 4]), null);
  assert.is(ballotProblem('election', 5, 2, []), null, 'a blank ballot is a valid abstention');
  assert.is(ballotProblem('election', 5, 2, [0, 1, 2]), 'vote.error.too_many_choices');
  assert.is(ballotProblem('election', 5, 2, [1, 1]), 'vote.error.choice');
  assert.is(ballotProblem('choice', 3, 1, [-1]), 'vote.error.choice');
  assert.is(ballotProblem('choice', 3, 1, [0.5]), 'vote.error.choice');
});

test('show-of-hands counts can never exceed those present', () => {
  assert.is(handsProblem('yes_no', 1, [20, 8, 4], 32, 32), null);
  assert.is(handsProblem('yes_no', 1, [25, 8, 0], 33, 32), 'vote.error.hands_exceed_present');
  assert.is(handsProblem('yes_no', 1, [20, 8, 4], 30, 32), 'vote.error.hands_exceed_cast');
  assert.is(handsProblem('election', 2, [30, 25, 9], 32, 32), null);
  assert.is(handsProblem('election', 2, [33, 25, 9], 32, 32), 'vote.error.hands_exceed_cast');
  assert.is(handsProblem('election', 2, [32, 32, 1], 32, 32), 'vote.error.hands_exceed_cast');
  assert.is(handsProblem('choice', 1, [-1, 2], 1, 32), 'vote.error.hands');
});

test('a motion never reopens: closed and annulled are final', () => {
  assert.ok(canMoveMotion('draft', 'open'));
  assert.ok(canMoveMotion('open', 'closed'));
  assert.ok(canMoveMotion('closed', 'annulled'));
  assert.not.ok(canMoveMotion('closed', 'open'));
  assert.not.ok(canMoveMotion('annulled', 'open'));
  assert.not.ok(canMoveMotion('annulled', 'closed'));
  assert.not.ok(canMoveMotion('draft', 'closed'));
});

test.run();
