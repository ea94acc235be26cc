/**
 * Quorum and majority rules of the deliberating bodies (DOMAIN.md, "Rules with numbers").
 * Integers only: "more than half of 45" is 23 and "at least two thirds of 45" is 30, computed
 * without floating point so no threshold is ever off by one.
 */
import { BASE_EN, BASE_ZH, compareEn, compareZh, fractionEn, fractionZh, neededEn, neededZh } from './rule-words.js';

export const BODIES = [
  'villagers_assembly',
  'representatives_meeting',
  'party_assembly',
  'two_committees',
  'party_branch',
  'free_consultation',
  'custom',
] as const;
export type Body = (typeof BODIES)[number];

/** What a fraction is taken of: everyone entitled to attend, those present, or ballots cast. */
export const BASES = ['members', 'present', 'cast'] as const;
export type Base = (typeof BASES)[number];

/** A fraction of a base, compared strictly ("more than") or inclusively ("at least"). */
export interface Threshold {
  numerator: number;
  denominator: number;
  strict: boolean;
  base: Base;
}

/**
 * A quorum: `counted` must reach the fraction of `base`. The statutory rules count people present
 * against all members; a custom rule may instead ask for a turnout, ballots cast against all
 * members or against those present.
 */
export interface QuorumThreshold extends Threshold {
  counted?: 'present' | 'cast';
}

/** The smallest whole number k with k > n·a/b (strict) or k ≥ n·a/b (inclusive). */
export function minimumCount(n: number, numerator: number, denominator: number, strict: boolean): number {
  if (
    !Number.isInteger(n) ||
    n < 0 ||
    !Number.isInteger(numerator) ||
    !Number.isInteger(denominator) ||
    denominator <= 0 ||
    numerator < 0
  ) {
    throw new RangeError('counts must be non-negative integers and the denominator positive');
  }
  const product = n * numerator;
  return strict ? Math.floor(product / denominator) + 1 : Math.floor((product + denominator - 1) / denominator);
}

export const MORE_THAN_HALF = { numerator: 1, denominator: 2, strict: true } as const;
export const AT_LEAST_TWO_THIRDS = { numerator: 2, denominator: 3, strict: false } as const;

export interface RuleSet {
  /** null: no quorum (free consultation). */
  quorum: QuorumThreshold | null;
  pass: Threshold;
  /** Villagers' assembly only: households represented as the alternative quorum (art. 22). */
  householdQuorum?: Threshold;
}

/** The presets, as the law and standing practice state them. */
export const PRESETS: Record<Exclude<Body, 'custom'>, RuleSet> = {
  // Organic Law art. 22: more than half of adult villagers, or representatives of at least two
  // thirds of households; decisions by more than half of those present.
  villagers_assembly: {
    quorum: { ...MORE_THAN_HALF, base: 'members' },
    householdQuorum: { ...AT_LEAST_TWO_THIRDS, base: 'members' },
    pass: { ...MORE_THAN_HALF, base: 'present' },
  },
  // Art. 26: at least two thirds of members present; more than half of those present.
  representatives_meeting: {
    quorum: { ...AT_LEAST_TWO_THIRDS, base: 'members' },
    pass: { ...MORE_THAN_HALF, base: 'present' },
  },
  // 四议两公开: at least two thirds present; more than half of ALL members entitled to attend.
  party_assembly: { quorum: { ...AT_LEAST_TWO_THIRDS, base: 'members' }, pass: { ...MORE_THAN_HALF, base: 'members' } },
  // Two committees' joint meeting: more than half present; more than half of members.
  two_committees: { quorum: { ...MORE_THAN_HALF, base: 'members' }, pass: { ...MORE_THAN_HALF, base: 'members' } },
  // The party branch committee (支部委员会) proposing a major matter (提议, 四议两公开): the party
  // branch work regulations ask at least two thirds of the committee present for important
  // matters and decisions by more than half of all its members — the same numbers as the party
  // members' assembly in this procedure.
  party_branch: { quorum: { ...AT_LEAST_TWO_THIRDS, base: 'members' }, pass: { ...MORE_THAN_HALF, base: 'members' } },
  // No quorum; the majority of ballots cast decides.
  free_consultation: { quorum: null, pass: { ...MORE_THAN_HALF, base: 'cast' } },
};

/** Fractions people may type into a custom rule: whole numbers, at most the whole, no more than 100ths. */
const fractionOk = (t: Threshold) =>
  Number.isInteger(t.numerator) &&
  Number.isInteger(t.denominator) &&
  t.numerator >= 1 &&
  t.denominator >= 1 &&
  t.denominator <= 100 &&
  t.numerator <= t.denominator;

/**
 * What is wrong with a rule set, as field problem codes (`field.<code>` in the catalogue; empty
 * when it is sound). A quorum must count
 * something against a base it can fall short of: people present against all members, or ballots
 * cast against all members or those present ("present against present" is always met).
 */
export function ruleProblems(rules: RuleSet): string[] {
  const problems: string[] = [];
  if (!fractionOk(rules.pass)) problems.push('rule_fraction');
  if (rules.quorum) {
    if (!fractionOk(rules.quorum)) problems.push('rule_fraction');
    const counted = rules.quorum.counted ?? 'present';
    const base = rules.quorum.base;
    if (counted === 'present' ? base !== 'members' : base === 'cast') problems.push('rule_quorum_base');
  }
  return [...new Set(problems)];
}

export interface Attendance {
  /** Entitled to attend: adult villagers, representatives, party members, committee members. */
  members: number;
  present: number;
  /** Villagers' assembly: households in the village and households represented. */
  households?: number;
  householdsRepresented?: number;
}

export interface QuorumState {
  required: number | null;
  met: boolean;
  /** Which route met it, for the assembly's either/or rule. */
  by: 'members' | 'households' | 'none' | null;
  householdsRequired?: number;
  /** What was counted against `required`: people present, or ballots cast. */
  counted: 'present' | 'cast';
}

function baseOf(base: Base, a: Attendance, cast: number): number {
  return base === 'members' ? a.members : base === 'present' ? a.present : cast;
}

/**
 * Whether the quorum is met. `cast` is needed only by turnout quorums; before any ballot is cast
 * it defaults to those present, i.e. "can still be met if everyone present votes". Nobody present
 * (or no ballot cast, or a base of nobody) never makes a quorum, whatever the fraction.
 */
export function quorum(rules: RuleSet, a: Attendance, cast?: number): QuorumState {
  if (!rules.quorum) return { required: null, met: true, by: 'none', counted: 'present' };
  const counted = rules.quorum.counted ?? 'present';
  const count = counted === 'present' ? a.present : (cast ?? a.present);
  const base = baseOf(rules.quorum.base, a, count);
  const required = minimumCount(base, rules.quorum.numerator, rules.quorum.denominator, rules.quorum.strict);
  const byMembers = base > 0 && count > 0 && count >= required;
  if (rules.householdQuorum && a.households) {
    const householdsRequired = minimumCount(
      a.households,
      rules.householdQuorum.numerator,
      rules.householdQuorum.denominator,
      rules.householdQuorum.strict,
    );
    const byHouseholds = (a.householdsRepresented ?? 0) >= householdsRequired;
    return {
      required,
      met: byMembers || byHouseholds,
      by: byMembers ? 'members' : byHouseholds ? 'households' : null,
      householdsRequired,
      counted,
    };
  }
  return { required, met: byMembers, by: byMembers ? 'members' : null, counted };
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
}

export type Statement = { 'zh-CN': string; en: string };

export interface Outcome {
  quorum: QuorumState;
  /** Votes in favour needed to pass, on the rule's base. */
  needed: number;
  passed: boolean;
  /** The rule applied, stated with its numbers, in Chinese and in English. */
  statement: Statement;
}

/**
 * The first half of every result sentence: attendance and quorum, then the votes needed with the
 * rule behind them ("赞成至少 5 票（超过到会 8 人的半数）"), for `decide` and the choice/election
 * rules to finish with the counts.
 */
export function ruleSentence(
  rules: RuleSet,
  a: Attendance,
  q: QuorumState,
  cast: number,
  subject: Statement,
): Statement {
  const qt = rules.quorum;
  const turnout = q.counted === 'cast';
  const plainQuorum = qt && !turnout && qt.base === 'members' && q.by !== 'households';
  const quorumRuleZh =
    qt && !plainQuorum && q.by !== 'households'
      ? `投票${compareZh(qt.strict)}${BASE_ZH[qt.base]}${fractionZh(qt.numerator, qt.denominator)}，`
      : '';
  const quorumRuleEn =
    qt && !plainQuorum && q.by !== 'households'
      ? `ballots cast ${compareEn(qt.strict)} ${fractionEn(qt.numerator, qt.denominator)} of ${BASE_EN[qt.base]}: `
      : '';
  const requiredZh = q.by === 'households' ? `户代表 ${q.householdsRequired} 户` : `${quorumRuleZh}${q.required}`;
  const requiredEn = q.by === 'households' ? `${q.householdsRequired} households` : `${quorumRuleEn}${q.required}`;
  const quorumZh = q.required === null ? '不设法定人数' : `${q.met ? '已达' : '未达'}法定人数（${requiredZh}）`;
  const quorumEn = q.required === null ? 'no quorum required' : `quorum ${q.met ? 'met' : 'not met'} (${requiredEn})`;
  const { base, needed } = passThreshold(rules, a, cast);
  return {
    'zh-CN': `应到 ${a.members} 人，实到 ${a.present} 人，${turnout ? `投票 ${cast} 人，` : ''}${quorumZh}；${subject['zh-CN']}${neededZh(rules.pass, base, needed)}`,
    en: `${a.members} expected, ${a.present} present, ${turnout ? `${cast} voted, ` : ''}${quorumEn}; ${subject.en}${neededEn(rules.pass, base, needed)}`,
  };
}

/** The number needed on the pass rule's base, and whether a count reaches it (never on an empty base). */
export function passThreshold(rules: RuleSet, a: Attendance, cast: number): { base: number; needed: number } {
  const p = rules.pass;
  const base = baseOf(p.base, a, cast);
  return { base, needed: minimumCount(base, p.numerator, p.denominator, p.strict) };
}

/** Decides a yes/no motion: quorum first, then the pass threshold, both stated in words with numbers. */
export function decide(rules: RuleSet, a: Attendance, tally: Tally): Outcome {
  const cast = tally.yes + tally.no + tally.abstain;
  const q = quorum(rules, a, cast);
  const { base, needed } = passThreshold(rules, a, cast);
  const passed = q.met && base > 0 && tally.yes >= needed;
  const head = ruleSentence(rules, a, q, cast, { 'zh-CN': '赞成', en: 'passes with ' });
  return {
    quorum: q,
    needed,
    passed,
    statement: {
      'zh-CN': `${head['zh-CN']}即通过：赞成 ${tally.yes} — ${passed ? '通过' : '未通过'}`,
      en: `${head.en} in favour: ${tally.yes} in favour — ${passed ? 'passed' : 'not passed'}`,
    },
  };
}

export function rulesFor(body: Body, custom?: RuleSet): RuleSet {
  if (body === 'custom') {
    if (!custom) throw new RangeError('a custom body needs its rules');
    return custom;
  }
  return PRESETS[body];
}
