import * as z from 'zod';
import { MAX_COUNTDOWN_SECONDS, MAX_OPTIONS, MOTION_FORMS, MOTION_KINDS, MOTION_STATUSES } from '../rules/ballot.js';
import { BASES, BODIES, ruleProblems, type RuleSet } from '../rules/quorum.js';
import { Id, Text } from './common.js';
import { DeliberatingBody } from './meeting.js';

export const MotionKind = z.enum(MOTION_KINDS);
export const MotionForm = z.enum(MOTION_FORMS);
export const MotionStatus = z.enum(MOTION_STATUSES);

const Fraction = { numerator: z.number().int().min(1).max(100), denominator: z.number().int().min(1).max(100) };
export const ThresholdSchema = z.object({ ...Fraction, strict: z.boolean(), base: z.enum(BASES) }).strict();
export const QuorumSchema = ThresholdSchema.extend({ counted: z.enum(['present', 'cast']).optional() }).strict();
export const RuleSetSchema = z
  .object({ quorum: QuorumSchema.nullable(), pass: ThresholdSchema, householdQuorum: ThresholdSchema.optional() })
  .strict();

/** A custom rule typed by the convener: checked for sense, not only for shape. */
export const CustomRules = z
  .object({ quorum: QuorumSchema.nullable(), pass: ThresholdSchema })
  .strict()
  .superRefine((rules, ctx) => {
    for (const code of ruleProblems(rules as RuleSet)) ctx.addIssue({ code: 'custom', message: code, path: [] });
  });

/** The rule a motion is decided by: the meeting body's preset (the default), another preset, or a custom rule. */
export const MotionRulesChoice = z.union([
  z.object({ body: DeliberatingBody }).strict(),
  z.object({ custom: CustomRules }).strict(),
]);

export const CreateMotionBody = z
  .object({
    meetingId: Id,
    agendaItemId: Id,
    question: Text(2, 200),
    kind: MotionKind,
    form: MotionForm.default('yes_no'),
    /** Choices or candidates; empty for yes/no (赞成/反对/弃权). */
    options: z.array(Text(1, 40)).max(MAX_OPTIONS).default([]),
    /** How many options a ballot may mark; for an election, the seats. */
    maxChoices: z.number().int().min(1).max(MAX_OPTIONS).default(1),
    rules: MotionRulesChoice.optional(),
    /** Open (记名) ballots only: show the running tally on the projector while voting. */
    liveTally: z.boolean().default(false),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.form === 'yes_no') {
      if (m.options.length) ctx.addIssue({ code: 'custom', message: 'motion_no_options', path: ['options'] });
      if (m.maxChoices !== 1) ctx.addIssue({ code: 'custom', message: 'motion_one_choice', path: ['maxChoices'] });
    } else {
      if (m.options.length < 2) ctx.addIssue({ code: 'custom', message: 'motion_two_options', path: ['options'] });
      if (new Set(m.options).size !== m.options.length)
        ctx.addIssue({ code: 'custom', message: 'motion_duplicate_option', path: ['options'] });
      if (m.maxChoices > m.options.length)
        ctx.addIssue({ code: 'custom', message: 'motion_max_choices', path: ['maxChoices'] });
    }
    if (m.liveTally && m.kind !== 'open')
      ctx.addIssue({ code: 'custom', message: 'motion_live_tally', path: ['liveTally'] });
  });
export type CreateMotionBody = z.infer<typeof CreateMotionBody>;

export const MotionRef = z.object({ motionId: Id }).strict();
export const OpenMotionBody = z
  .object({ motionId: Id, countdownSeconds: z.number().int().min(10).max(MAX_COUNTDOWN_SECONDS).optional() })
  .strict();
export const AnnulMotionBody = z.object({ motionId: Id, reason: Text(2, 200) }).strict();
/** Show of hands: counts per option as the secretary counted them, and (multi-choice) how many voted. */
export const HandsBody = z
  .object({
    motionId: Id,
    counts: z.array(z.number().int().min(0).max(10_000_000)).min(1).max(MAX_OPTIONS),
    cast: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
export const CastVoteBody = z
  .object({
    motionId: Id,
    choices: z.array(z.number().int().min(0).max(MAX_OPTIONS)).max(MAX_OPTIONS),
    /** Made by the phone once per motion and kept across retries: a retry returns the first receipt. */
    clientBallotId: z.string().regex(/^[\w-]{8,64}$/),
    /** The participant's token from check-in; staff invitees vote by their session instead. */
    inviteToken: z.string().min(16).max(100).optional(),
  })
  .strict();
export type CastVoteBody = z.infer<typeof CastVoteBody>;
export const ListMotionsBody = z
  .object({
    meetingId: Id,
    screenToken: z.string().min(16).max(100).optional(),
    inviteToken: z.string().min(16).max(100).optional(),
  })
  .strict();
export const ConsensusBody = z.object({ meetingId: Id, agendaItemId: Id, text: Text(2, 500) }).strict();
export type ConsensusBody = z.infer<typeof ConsensusBody>;

export const Statement = z.object({ 'zh-CN': z.string(), en: z.string() });

export const MotionResult = z.object({
  members: z.number().int(),
  present: z.number().int(),
  cast: z.number().int(),
  counts: z.array(z.number().int()),
  quorumRequired: z.number().int().nullable(),
  quorumMet: z.boolean(),
  needed: z.number().int(),
  passed: z.boolean(),
  winners: z.array(z.number().int()),
  tied: z.array(z.number().int()),
  statement: Statement,
});
export type MotionResult = z.infer<typeof MotionResult>;

export const MotionView = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  agendaItemId: z.number().int().nullable(),
  question: z.string(),
  kind: MotionKind,
  form: MotionForm,
  /** Choice or candidate labels; empty for yes/no, whose labels are 赞成/反对/弃权. */
  options: z.array(z.string()),
  maxChoices: z.number().int(),
  body: z.enum(BODIES),
  rules: RuleSetSchema,
  liveTally: z.boolean(),
  status: MotionStatus,
  closesAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Ballots cast so far (show of hands: as entered). */
  cast: z.number().int(),
  /** Members present who may vote now; at close, as locked in the snapshot. */
  present: z.number().int(),
  /** Counts per option: after close; while open only for open ballots with a live tally, or show of hands. */
  counts: z.array(z.number().int()).nullable(),
  result: MotionResult.nullable(),
  annulReason: z.string().nullable(),
  version: z.number().int(),
});
export type MotionView = z.infer<typeof MotionView>;

/** Live progress of a vote, for the projector and the console ("已投 31 / 32"). */
export const TallyView = z.object({
  motionId: z.number().int(),
  meetingId: z.number().int(),
  cast: z.number().int(),
  present: z.number().int(),
  counts: z.array(z.number().int()).nullable(),
});
export type TallyView = z.infer<typeof TallyView>;

export const VOTER_REFUSALS = ['not_member', 'not_checked_in', 'remote_not_allowed'] as const;
/** The phone's own standing: may it vote, and the receipts it already holds. */
export const VoterView = z.object({
  inviteeId: z.number().int(),
  name: z.string(),
  eligible: z.boolean(),
  reason: z.enum(VOTER_REFUSALS).nullable(),
  /** `recorded` false: received, its choice not yet in a recorded mix (the phone resends it if it still holds it). */
  receipts: z.array(z.object({ motionId: z.number().int(), receipt: z.string(), recorded: z.boolean() })),
});
export type VoterView = z.infer<typeof VoterView>;

export const MotionList = z.object({ motions: z.array(MotionView), voter: VoterView.nullable() });
export type MotionList = z.infer<typeof MotionList>;

/**
 * The answer to a ballot. `recorded` true: the choice is durably in the counters. False: the
 * ballot is received (the voter is marked as having voted) and its secret choice waits in memory
 * to be recorded in a mix of at least five, or at the close; `vote:recorded` follows, and until
 * then the phone keeps the ballot and resends it after a reconnect.
 */
export const VoteReceipt = z.object({
  motionId: z.number().int(),
  receipt: z.string(),
  replayed: z.boolean(),
  recorded: z.boolean(),
});
export type VoteReceipt = z.infer<typeof VoteReceipt>;

/** Staff view of one motion: for open (记名) ballots who voted what; for secret ones only who voted. */
export const MotionDetail = MotionView.extend({
  voters: z.array(
    z.object({ inviteeId: z.number().int(), name: z.string(), choices: z.array(z.number().int()).nullable() }),
  ),
});
export type MotionDetail = z.infer<typeof MotionDetail>;

export const DecisionView = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  agendaItemId: z.number().int().nullable(),
  motionId: z.number().int().nullable(),
  kind: z.enum(['motion', 'consensus']),
  text: z.string(),
  statement: Statement,
  createdAt: z.string(),
  resolutionId: z.number().int().nullable(),
  annulledAt: z.string().nullable(),
  annulReason: z.string().nullable(),
});
export type DecisionView = z.infer<typeof DecisionView>;
