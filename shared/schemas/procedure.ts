import * as z from 'zod';
import {
  ATTEMPT_STATES,
  FLAGS,
  MAX_DISPLAY_DAYS,
  OBJECTION_NAME_MAX,
  OBJECTION_STATUSES,
  OBJECTION_TEXT_MAX,
  OBJECTION_TEXT_MIN,
  PROCEDURE_KINDS,
  PROCEDURE_STATES,
  PUBLICATION_KINDS,
  PUBLICATION_STATUSES,
  STAGES,
  STEPS,
} from '../rules/procedure.js';
import { BODIES } from '../rules/quorum.js';
import { Id, MobilePhone, Text } from './common.js';

export const ProcedureKind = z.enum(PROCEDURE_KINDS);
export const StageName = z.enum(STAGES);
export const FlagName = z.enum(FLAGS);
const Statement = z.object({ 'zh-CN': z.string(), en: z.string() });
/** The proposal's text: one document, up to about ten pages. */
const ProposalText = Text(1, 20_000);

/* ---------- requests ---------- */

export const OpenProcedureBody = z
  .object({
    organisationId: Id,
    kind: ProcedureKind,
    title: Text(2, 80),
    text: ProposalText,
    /** The accepted topic it comes from; omitted when the branch raises the matter itself. */
    topicId: Id.nullable().default(null),
  })
  .strict();
export type OpenProcedureBody = z.infer<typeof OpenProcedureBody>;

export const ReviseBody = z.object({ text: ProposalText, note: z.string().trim().max(200).default('') }).strict();
export const ScheduleBody = z.object({ stage: StageName, meetingId: Id }).strict();
/** After a failed stage: back to a stage no later than the failed one, or end the matter. */
export const ReturnBody = z.object({ to: StageName, reason: Text(2, 500) }).strict();
export const EndBody = z.object({ reason: Text(2, 500) }).strict();
export const PublishBody = z
  .object({
    kind: z.enum(PUBLICATION_KINDS),
    days: z.number().int().min(1).max(MAX_DISPLAY_DAYS).optional(),
    text: Text(2, 5000).optional(),
  })
  .strict();
export const WithdrawBody = z.object({ reason: Text(2, 200) }).strict();
export const AnswerBody = z.object({ answer: Text(2, 1000) }).strict();
export const PublicationParams = z.object({ id: Id, kind: z.enum(PUBLICATION_KINDS) }).strict();
export const ObjectionParams = z.object({ id: Id, objectionId: Id }).strict();
export const DiffQuery = z
  .object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
  .strict();

export const ProcedureListQuery = z
  .object({
    organisationId: Id,
    village: Id.optional(),
    kind: ProcedureKind.optional(),
    flag: FlagName.optional(),
    state: z.enum(PROCEDURE_STATES).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ProcedureListQuery = z.infer<typeof ProcedureListQuery>;

/**
 * A resident's objection during a display period, through the village's intake code. `website`
 * is a honeypot as on the intake form; `deviceId` counts toward the per-device limit.
 */
export const ObjectionBody = z
  .object({
    procedureId: Id,
    text: Text(OBJECTION_TEXT_MIN, OBJECTION_TEXT_MAX),
    name: Text(1, OBJECTION_NAME_MAX).optional(),
    phone: MobilePhone.optional(),
    website: z.string().max(200).default(''),
    deviceId: z.string().trim().min(8).max(64).optional(),
  })
  .strict();
export type ObjectionBody = z.infer<typeof ObjectionBody>;

/* ---------- views ---------- */

export const StageAttemptView = z.object({
  id: z.number().int(),
  stage: StageName,
  attempt: z.number().int(),
  state: z.enum(ATTEMPT_STATES),
  body: z.enum(BODIES),
  meetingId: z.number().int(),
  meetingTitle: z.string(),
  meetingStartsAt: z.string(),
  meetingPublishedAt: z.string().nullable(),
  agendaItemId: z.number().int().nullable(),
  version: z.number().int().nullable(),
  motionId: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
  statement: Statement.nullable(),
  quorumMet: z.boolean().nullable(),
  entitled: z.number().int().nullable(),
  present: z.number().int().nullable(),
  reason: z.string().nullable(),
  returnedTo: StageName.nullable(),
  /** Days from the previous stage's pass (or the opening) to this decision. */
  days: z.number().nullable(),
});
export type StageAttemptView = z.infer<typeof StageAttemptView>;

export const PublicationView = z.object({
  kind: z.enum(PUBLICATION_KINDS),
  text: z.string(),
  days: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
  withdrawnAt: z.string().nullable(),
  status: z.enum(PUBLICATION_STATUSES),
});
export type PublicationView = z.infer<typeof PublicationView>;

export const ObjectionView = z.object({
  id: z.number().int(),
  receipt: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  publicationKind: z.enum(PUBLICATION_KINDS),
  text: z.string(),
  name: z.string().nullable(),
  /** Only for those who carry the matter (its village's reviewers, conveners, admins); never public. */
  phone: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ObjectionView = z.infer<typeof ObjectionView>;

export const VersionView = z.object({
  version: z.number().int(),
  note: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});

export const ProcedureSummary = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  kind: ProcedureKind,
  title: z.string(),
  state: z.enum(PROCEDURE_STATES),
  step: z.enum(STEPS),
  flags: z.array(FlagName),
  /** When each stage last passed (or null), in stage order. */
  stagePassedAt: z.array(z.string().nullable()),
  openedAt: z.string(),
  updatedAt: z.string(),
});
export type ProcedureSummary = z.infer<typeof ProcedureSummary>;

export const ProcedureDetail = ProcedureSummary.extend({
  topicId: z.number().int().nullable(),
  resolutionId: z.number().int().nullable(),
  text: z.string(),
  currentVersion: z.number().int(),
  versions: z.array(VersionView),
  attempts: z.array(StageAttemptView),
  publications: z.array(PublicationView),
  objections: z.array(ObjectionView),
  events: z.array(
    z.object({
      kind: z.string(),
      stage: StageName.nullable(),
      detail: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
  displayDays: z.number().int(),
  minDisplayDays: z.number().int(),
  endReason: z.string().nullable(),
  /** What the caller may do now. */
  actions: z.array(z.enum(['revise', 'schedule', 'return', 'end', 'publish', 'withdraw', 'answer'])),
});
export type ProcedureDetail = z.infer<typeof ProcedureDetail>;

export const ProcedureList = z.object({
  items: z.array(ProcedureSummary),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type ProcedureList = z.infer<typeof ProcedureList>;

/** The township's / county's summary over everything a node covers. */
export const ProcedureStats = z.object({
  organisationId: z.number().int(),
  opened: z.number().int(),
  open: z.number().int(),
  completed: z.number().int(),
  ended: z.number().int(),
  returned: z.number().int(),
  flagged: z.number().int(),
  /** Average days per stage (null where no stage of that kind has passed yet), in stage order. */
  averageDays: z.array(z.number().nullable()),
  byFlag: z.record(z.string(), z.number().int()),
  villages: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type ProcedureStats = z.infer<typeof ProcedureStats>;

export const DiffView = z.object({
  from: z.number().int(),
  to: z.number().int(),
  parts: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })),
});
export type DiffView = z.infer<typeof DiffView>;

/* ---------- public ---------- */

/** A major matter's timeline on the public board and the resident's page (no names, no phones). */
export const PublicTimeline = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: ProcedureKind,
  state: z.enum(PROCEDURE_STATES),
  stages: z.array(
    z.object({
      stage: StageName,
      decidedAt: z.string().nullable(),
      outcome: z.enum(['passed', 'failed', 'pending']),
    }),
  ),
  publications: z.array(PublicationView),
  /** Objections raised and answered (texts are not public: they may name neighbours). */
  objections: z.object({ raised: z.number().int(), answered: z.number().int() }),
});
export type PublicTimeline = z.infer<typeof PublicTimeline>;
export const PublicTimelines = z.object({
  items: z.array(PublicTimeline),
  /** The village's intake code, through which residents object while a matter is on display; null when it has none. */
  intakeCode: z.string().nullable(),
});
export type PublicTimelines = z.infer<typeof PublicTimelines>;
/** What the resident keeps: the receipt to follow the objection by, and where (/o/<receipt>). */
export const ObjectionReceipt = z.object({ receipt: z.string(), trackUrl: z.string(), createdAt: z.string() });
export type ObjectionReceipt = z.infer<typeof ObjectionReceipt>;

/** GET /api/objections/{receipt}: the resident's own objection and the reply. No names, no phones. */
export const ObjectionTrack = z.object({
  receipt: z.string(),
  procedureTitle: z.string(),
  kind: ProcedureKind,
  organisationName: z.string(),
  /** The village's public board is at /b/<boardCode>. */
  boardCode: z.string().nullable(),
  publicationKind: z.enum(PUBLICATION_KINDS),
  text: z.string(),
  createdAt: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type ObjectionTrack = z.infer<typeof ObjectionTrack>;
