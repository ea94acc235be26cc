/**
 * 四议两公开 (DOMAIN.md, "Rules with numbers"): a major village matter passes four deliberations
 * in order — the party branch proposes (提议), the two committees deliberate (商议), the party
 * members' assembly reviews (审议), the villagers' (representatives') meeting resolves (决议) —
 * then two publications: the resolution (决议公开) and its result (实施结果公开).
 *
 * The flags below are what a township looks for ("程序空转": steps skipped or rushed while the
 * records look complete). They are pure functions of the facts, so the server stores them, the
 * township filters on them and the tests read them as tables.
 */
import { ASSEMBLY_NOTICE_DAYS } from './meeting.js';
import type { Body } from './quorum.js';

/** The law's categories of major matters, and "other major matter". */
export const PROCEDURE_KINDS = [
  'development_plan',
  'land',
  'collective_assets',
  'project',
  'public_works_funding',
  'village_rules',
  'subsidies',
  'other',
] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

export const STAGES = ['proposal', 'consultation', 'review', 'resolution'] as const;
export type Stage = (typeof STAGES)[number];

/** Which bodies decide each stage: 决议 by the representatives' meeting or the villagers' assembly. */
export const STAGE_BODIES: Record<Stage, readonly Body[]> = {
  proposal: ['party_branch'],
  consultation: ['two_committees'],
  review: ['party_assembly'],
  resolution: ['representatives_meeting', 'villagers_assembly'],
};

/** Where a matter stands: one of the stages, waiting for a publication, being carried out, or over. */
export const STEPS = [
  ...STAGES,
  'resolution_publication',
  'implementation',
  'result_publication',
  'done',
  'ended',
] as const;
export type Step = (typeof STEPS)[number];

export const PROCEDURE_STATES = ['open', 'completed', 'ended'] as const;
export type ProcedureState = (typeof PROCEDURE_STATES)[number];

/**
 * A stage attempt: on an agenda, then passed or failed; a failed one is then returned or ended.
 * `annulled`: the motion that decided it was annulled, or it stood on a stage whose motion was
 * (shared/rules/procedure-annulment.ts) — its outcome no longer counts.
 */
export const ATTEMPT_STATES = ['scheduled', 'passed', 'failed', 'returned', 'ended', 'annulled'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const PUBLICATION_KINDS = ['resolution', 'result'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

/** Display period (公示期) defaults: local rules commonly set 5–7 days or more. */
export const DEFAULT_DISPLAY_DAYS = 7;
export const DEFAULT_MIN_DISPLAY_DAYS = 5;
/** Days after the result is rated within which it must be published, unless the organisation says otherwise. */
export const DEFAULT_RESULT_PUBLISH_LIMIT_DAYS = 7;
export const MAX_DISPLAY_DAYS = 90;

/** A resident's objection (异议): its text and optional name, shared by the schema and the form. */
export const OBJECTION_TEXT_MIN = 4;
export const OBJECTION_TEXT_MAX = 1000;
export const OBJECTION_NAME_MAX = 40;
/** An objection waits for the village's answer until it gets one; unanswered at the period's end, it flags the matter. */
export const OBJECTION_STATUSES = ['awaiting', 'answered'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

const DAY = 86_400_000;

export const stageIndex = (s: Stage): number => STAGES.indexOf(s);
export const previousStage = (s: Stage): Stage | null => (stageIndex(s) > 0 ? STAGES[stageIndex(s) - 1]! : null);
export const bodyFits = (stage: Stage, body: Body): boolean => STAGE_BODIES[stage].includes(body);

/**
 * Why a stage cannot be put on an agenda now (an i18n key), or null. The next stage waits for the
 * previous one to pass; a stage already on an agenda waits for its result; the body must be right.
 */
export function scheduleProblem(
  p: { state: ProcedureState; step: Step },
  attempts: readonly { stage: Stage; state: AttemptState }[],
  stage: Stage,
  body: Body,
): string | null {
  if (p.state !== 'open') return 'procedure.error.not_open';
  const prev = previousStage(stage);
  if (prev && !attempts.some((a) => a.stage === prev && a.state === 'passed')) return 'procedure.error.order';
  if (p.step !== stage) return 'procedure.error.order';
  if (attempts.some((a) => a.stage === stage && a.state === 'scheduled')) return 'procedure.error.already_scheduled';
  // A failed stage waits for the convener to return the matter (or end it) before anything else.
  if (attempts.some((a) => a.state === 'failed')) return 'procedure.error.awaiting_return';
  if (!bodyFits(stage, body)) return 'procedure.error.body';
  return null;
}

/** The display period asked for, within the organisation's minimum and the upper bound. */
export function displayDaysProblem(days: number, minDays: number): string | null {
  if (!Number.isInteger(days) || days < Math.max(1, minDays) || days > MAX_DISPLAY_DAYS)
    return 'procedure.error.display_days';
  return null;
}

export const FLAGS = [
  'stage_skipped',
  'stage_reordered',
  'wrong_body',
  'short_notice',
  'no_quorum',
  'publication_short',
  'objection_unanswered',
  'result_late',
] as const;
export type Flag = (typeof FLAGS)[number];

export interface StageFacts {
  stage: Stage;
  state: AttemptState;
  body: Body;
  meetingStartsAt: Date;
  /** When the meeting's notice went out (published); null: never published. */
  meetingPublishedAt: Date | null;
  decidedAt: Date | null;
  /** From the closing motion: whether the quorum was met; `quorumRequired` null means the rule had none. */
  quorumMet: boolean | null;
  quorumRequired: number | null;
}

export interface PublicationFacts {
  kind: PublicationKind;
  startsAt: Date;
  endsAt: Date;
  days: number;
  /** The minimum display period in force when it was published; null (older rows) reads today's. */
  minDays?: number | null;
  withdrawnAt: Date | null;
  /** The 决议 it published was annulled: taken down for that reason, it no longer counts either way. */
  voided?: boolean;
}

export interface ObjectionFacts {
  publicationEndsAt: Date;
  answeredAt: Date | null;
}

export interface ProcedureFacts {
  stages: readonly StageFacts[];
  publications: readonly PublicationFacts[];
  objections: readonly ObjectionFacts[];
  /** When the resolution's result was rated (the resolutions feature); null until then. */
  resultRatedAt: Date | null;
  /** Today's minimum display period: judges only publications that did not keep their own. */
  minDisplayDays: number;
  resultPublishLimitDays: number;
}

/** When the attempt was decided, if its outcome stands (an annulled vote decided nothing). */
const decided = (s: StageFacts) =>
  s.state !== 'scheduled' && s.state !== 'annulled' && s.decidedAt ? s.decidedAt : null;

/** Flags that depend only on what happened, not on today's date: stored with the procedure. */
export function staticFlags(f: ProcedureFacts): Flag[] {
  const out = new Set<Flag>();
  for (const s of f.stages) {
    if (!bodyFits(s.stage, s.body)) out.add('wrong_body');
    if (s.body === 'villagers_assembly') {
      const notice = s.meetingPublishedAt ? s.meetingStartsAt.getTime() - s.meetingPublishedAt.getTime() : -1;
      if (notice < ASSEMBLY_NOTICE_DAYS * DAY) out.add('short_notice');
    }
    const at = decided(s);
    if (at && (s.quorumRequired === null || s.quorumMet === false)) out.add('no_quorum');
    if (!at || s.state === 'failed' || s.state === 'returned' || s.state === 'ended') continue;
    // A passed stage: every earlier stage must have passed before it.
    for (const earlier of STAGES.slice(0, stageIndex(s.stage))) {
      const passes = f.stages.filter((e) => e.stage === earlier && e.state === 'passed' && decided(e));
      if (!passes.length) out.add('stage_skipped');
      else if (!passes.some((e) => decided(e)!.getTime() <= at.getTime())) out.add('stage_reordered');
    }
  }
  for (const p of f.publications) {
    // Taken down because its 决议 no longer stands: a new resolution gets a full period of its own.
    if (p.voided) continue;
    if (p.days < (p.minDays ?? f.minDisplayDays)) out.add('publication_short');
    if (p.withdrawnAt && p.withdrawnAt.getTime() < p.endsAt.getTime()) out.add('publication_short');
  }
  const result = f.publications.find((p) => p.kind === 'result' && !p.voided);
  if (f.resultRatedAt && result && result.startsAt.getTime() > resultDue(f)!.getTime()) out.add('result_late');
  return FLAGS.filter((x) => out.has(x));
}

const resultDue = (f: ProcedureFacts): Date | null =>
  f.resultRatedAt ? new Date(f.resultRatedAt.getTime() + f.resultPublishLimitDays * DAY) : null;

/**
 * The moments after which time alone raises a flag: an objection still unanswered when its
 * publication's period ends, a rated result still unpublished after the organisation's limit.
 */
export function flagDeadlines(f: ProcedureFacts): { objectionDueAt: Date | null; resultDueAt: Date | null } {
  const open = f.objections.filter((o) => !o.answeredAt).map((o) => o.publicationEndsAt.getTime());
  const published = f.publications.some((p) => p.kind === 'result' && !p.voided);
  return {
    objectionDueAt: open.length ? new Date(Math.min(...open)) : null,
    resultDueAt: published ? null : resultDue(f),
  };
}

/** Every flag as of `now`. */
export function procedureFlags(f: ProcedureFacts, now: Date): Flag[] {
  return withDeadlines(staticFlags(f), flagDeadlines(f), now);
}

/** Adds the time-driven flags whose deadline has passed to the stored ones. */
export function withDeadlines(
  stored: readonly Flag[],
  d: { objectionDueAt: Date | null; resultDueAt: Date | null },
  now: Date,
): Flag[] {
  const out = new Set<Flag>(stored);
  if (d.objectionDueAt && d.objectionDueAt.getTime() <= now.getTime()) out.add('objection_unanswered');
  if (d.resultDueAt && d.resultDueAt.getTime() <= now.getTime()) out.add('result_late');
  return FLAGS.filter((x) => out.has(x));
}

/** The moment a flag that depends only on what happened applies from: always. */
export const ALWAYS = new Date(0);

/**
 * When each flag applies, one entry per flag: those that depend only on what happened from
 * {@link ALWAYS}, the two that time alone raises from their deadline. The server stores these so
 * the township's filter is an index range (`flag = ? AND applies_from <= now`); for every `now`
 * the flags applying are exactly `withDeadlines(stored, deadlines, now)`.
 */
export function flagSchedule(
  stored: readonly Flag[],
  d: { objectionDueAt: Date | null; resultDueAt: Date | null },
): { flag: Flag; from: Date }[] {
  const from = new Map<Flag, Date>(stored.map((f) => [f, ALWAYS]));
  const timed: [Flag, Date | null][] = [
    ['objection_unanswered', d.objectionDueAt],
    ['result_late', d.resultDueAt],
  ];
  for (const [flag, due] of timed) {
    const known = from.get(flag);
    if (due && (!known || due.getTime() < known.getTime())) from.set(flag, due);
  }
  return FLAGS.filter((f) => from.has(f)).map((flag) => ({ flag, from: from.get(flag)! }));
}

/** Whole days between two instants, rounded to one decimal (the township's "days per stage"). */
export const daysBetween = (from: Date, to: Date): number =>
  Math.round(((to.getTime() - from.getTime()) / DAY) * 10) / 10;

export const PUBLICATION_STATUSES = ['on_display', 'ended', 'withdrawn', 'annulled'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** Where a publication stands at `now`. */
export function publicationStatus(p: PublicationFacts, now: Date): PublicationStatus {
  if (p.voided) return 'annulled';
  if (p.withdrawnAt) return 'withdrawn';
  return now.getTime() < p.endsAt.getTime() ? 'on_display' : 'ended';
}

export interface DisplaySettings {
  displayDays: number;
  minDisplayDays: number;
  resultPublishLimitDays: number;
}

/**
 * The organisation's display settings, each from the nearest organisation in the lineage (the
 * village first, then its township, then the county) that sets it. The default period never
 * falls below the minimum.
 */
export function displaySettings(
  lineage: readonly ({ displayDays?: number; minDisplayDays?: number; resultPublishLimitDays?: number } | null)[],
): DisplaySettings {
  const pick = (key: 'displayDays' | 'minDisplayDays' | 'resultPublishLimitDays', fallback: number) => {
    for (const s of lineage) {
      const v = s?.[key];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    }
    return fallback;
  };
  const minDisplayDays = pick('minDisplayDays', DEFAULT_MIN_DISPLAY_DAYS);
  return {
    displayDays: Math.max(pick('displayDays', DEFAULT_DISPLAY_DAYS), minDisplayDays),
    minDisplayDays,
    resultPublishLimitDays: pick('resultPublishLimitDays', DEFAULT_RESULT_PUBLISH_LIMIT_DAYS),
  };
}
