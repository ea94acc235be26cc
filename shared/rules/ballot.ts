/**
 * Motions and ballots (表决事项, 投票): their kinds, forms and life, what a valid ballot is, and how
 * a choice or an election is decided under the same quorum and threshold rules as a yes/no vote.
 */
import {
  passThreshold,
  quorum,
  ruleSentence,
  type Attendance,
  type QuorumState,
  type RuleSet,
  type Statement,
} from './quorum.js';

/** 记名 (who voted what is recorded), 无记名 (secret), 举手 (counts entered by the secretary). */
export const MOTION_KINDS = ['open', 'secret', 'show_of_hands'] as const;
export type MotionKind = (typeof MOTION_KINDS)[number];

/** 赞成/反对/弃权; custom choices (one, or up to N); an election of up to N candidates. */
export const MOTION_FORMS = ['yes_no', 'choice', 'election'] as const;
export type MotionForm = (typeof MOTION_FORMS)[number];

/**
 * draft → open (optionally with a countdown) → closed. Closing locks the result: the tally is
 * recomputed from the database and stored with the attendance snapshot in the same transaction,
 * so "closed" and "locked" are one step and nothing can fall between them. A motion never
 * reopens; annulling (with a reason) is the only way out of a result, and it is audited.
 */
export const MOTION_STATUSES = ['draft', 'open', 'closed', 'annulled'] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

export const MOTION_TRANSITIONS: Record<MotionStatus, MotionStatus[]> = {
  draft: ['open', 'annulled'],
  open: ['closed', 'annulled'],
  closed: ['annulled'],
  annulled: [],
};

export const canMoveMotion = (from: MotionStatus, to: MotionStatus) => MOTION_TRANSITIONS[from].includes(to);

/** Option indices of a yes/no motion; labels come from the i18n catalogue (vote.option.*). */
export const YES_NO = { yes: 0, no: 1, abstain: 2 } as const;
export const YES_NO_KEYS = ['yes', 'no', 'abstain'] as const;

export const MAX_OPTIONS = 30;
export const MAX_COUNTDOWN_SECONDS = 3600;

/** How many options a motion has: three for yes/no, else its own list. */
export const optionCount = (form: MotionForm, options: readonly string[]) =>
  form === 'yes_no' ? YES_NO_KEYS.length : options.length;

/**
 * What is wrong with a ballot's choices (an i18n key), or null. A yes/no ballot marks exactly one
 * of 赞成/反对/弃权. A choice or election ballot marks up to `maxChoices` different options; marking
 * none is a blank ballot (弃权), which counts as cast.
 */
export function ballotProblem(
  form: MotionForm,
  options: number,
  maxChoices: number,
  choices: readonly number[],
): string | null {
  if (!choices.every((c) => Number.isInteger(c) && c >= 0 && c < options)) return 'vote.error.choice';
  if (new Set(choices).size !== choices.length) return 'vote.error.choice';
  if (form === 'yes_no') return choices.length === 1 ? null : 'vote.error.choice';
  return choices.length <= maxChoices ? null : 'vote.error.too_many_choices';
}

/**
 * What is wrong with show-of-hands counts (an i18n key), or null. Nobody raises a hand twice for
 * one option, and the hands counted can never exceed the people present.
 */
export function handsProblem(
  form: MotionForm,
  maxChoices: number,
  counts: readonly number[],
  cast: number,
  present: number,
): string | null {
  if (!counts.every((c) => Number.isInteger(c) && c >= 0)) return 'vote.error.hands';
  if (cast > present) return 'vote.error.hands_exceed_present';
  const marks = counts.reduce((a, b) => a + b, 0);
  const perVoter = form === 'yes_no' ? 1 : maxChoices;
  if (counts.some((c) => c > cast) || marks > cast * perVoter) return 'vote.error.hands_exceed_cast';
  if (form === 'yes_no' && marks !== cast) return 'vote.error.hands_exceed_cast';
  return null;
}

export interface ChoiceOutcome {
  quorum: QuorumState;
  /** Votes an option needs on the rule's base. */
  needed: number;
  /** Options chosen (elected / adopted), most votes first. */
  winners: number[];
  /** Options tied at the last place within reach: a further vote is needed between them. */
  tied: number[];
  passed: boolean;
  statement: Statement;
}

/**
 * Decides a choice or an election: options reaching the threshold, most votes first, fill up to
 * `seats` places; options tied for the last place that would overfill them are all left for a
 * further vote rather than picked arbitrarily.
 */
export function decideChoices(
  rules: RuleSet,
  a: Attendance,
  counts: readonly number[],
  cast: number,
  seats: number,
  labels: readonly string[],
  form: 'choice' | 'election',
): ChoiceOutcome {
  const q = quorum(rules, a, cast);
  const { base, needed } = passThreshold(rules, a, cast);
  const qualified =
    q.met && base > 0
      ? counts
          .map((count, index) => ({ count, index }))
          .filter((o) => o.count >= needed)
          .sort((x, y) => y.count - x.count || x.index - y.index)
      : [];
  let winners = qualified;
  let tied: typeof qualified = [];
  if (qualified.length > seats) {
    const cutoff = qualified[seats - 1]!.count;
    const above = qualified.filter((o) => o.count > cutoff);
    const at = qualified.filter((o) => o.count === cutoff);
    if (above.length + at.length <= seats) winners = [...above, ...at];
    else {
      winners = above;
      tied = at;
    }
  }
  const name = (i: number) => labels[i] ?? `#${i + 1}`;
  const election = form === 'election';
  const head = ruleSentence(rules, a, q, cast, {
    'zh-CN': '得票',
    en: election ? 'elected with ' : 'adopted with ',
  });
  const reachZh = seats === 1 ? '且得票最多者' : `且居前 ${seats} 名者`;
  const reachEn = seats === 1 ? 'the most votes' : `among the top ${seats}`;
  const listZh = counts.map((c, i) => `${name(i)} ${c} 票`).join('、');
  const listEn = counts.map((c, i) => `${name(i)} ${c}`).join(', ');
  const verbZh = election ? '当选' : '获选';
  const resultZh = winners.length
    ? `${verbZh}：${winners.map((o) => name(o.index)).join('、')}`
    : election
      ? '无人当选'
      : '无选项获选';
  const resultEn = winners.length
    ? `${election ? 'elected' : 'adopted'}: ${winners.map((o) => name(o.index)).join(', ')}`
    : election
      ? 'none elected'
      : 'none adopted';
  const tieZh = tied.length
    ? `；${tied.map((o) => name(o.index)).join('、')}得票相同（${tied[0]!.count} 票），需另行表决`
    : '';
  const tieEn = tied.length
    ? `; ${tied.map((o) => name(o.index)).join(' and ')} tied at ${tied[0]!.count}, a further vote is needed`
    : '';
  return {
    quorum: q,
    needed,
    winners: winners.map((o) => o.index),
    tied: tied.map((o) => o.index),
    passed: winners.length > 0,
    statement: {
      'zh-CN': `${head['zh-CN']}${reachZh}${verbZh}：${listZh} — ${resultZh}${tieZh}`,
      en: `${head.en} and ${reachEn}: ${listEn} — ${resultEn}${tieEn}`,
    },
  };
}
