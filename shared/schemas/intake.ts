import * as z from 'zod';
import { TITLE_MAX, TOPIC_STATUSES } from '../rules/intake.js';
import { RESIDENT_PROGRESS } from '../rules/resolution.js';
import { Id, Text } from './common.js';

export const TopicStatus = z.enum(TOPIC_STATUSES);

export const IntakeCodeParams = z.object({ code: z.string().trim().min(4).max(12) }).strict();
export const ReceiptParams = z.object({ receipt: z.string().trim().min(4).max(12) }).strict();

/** GET /api/intake/{code}: what the resident's form needs. */
export const IntakeInfo = z.object({
  code: z.string(),
  organisationName: z.string(),
  open: z.boolean(),
  /** The organisation's public board is at /b/<boardCode>. */
  boardCode: z.string().nullable(),
  categories: z.array(z.string()),
  grids: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type IntakeInfo = z.infer<typeof IntakeInfo>;

export { CosignBody, SubmitTopicBody } from './intake-form.js';

export const SubmitTopicResult = z.object({ receipt: z.string(), trackUrl: z.string() });
export type SubmitTopicResult = z.infer<typeof SubmitTopicResult>;

export const TimelineEntry = z.object({
  kind: z.string(),
  at: z.string(),
  /** A reviewer's reply or note meant for the resident; never personal data of others. */
  note: z.string().nullable(),
  /** e.g. the receipt of the topic this one was merged into, or the unit it was referred to. */
  detail: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** GET /api/track/{receipt}: the resident's own view. No names or phones of anyone. */
export const TrackView = z.object({
  receipt: z.string(),
  title: z.string(),
  details: z.string(),
  category: z.string(),
  organisationName: z.string(),
  status: TopicStatus,
  /** Once resolutions answer the topic, where they stand (the badge shows this over `status`). */
  progress: z.enum(RESIDENT_PROGRESS).nullable(),
  /** The organisation's public board is at /b/<boardCode>. */
  boardCode: z.string().nullable(),
  cosignCount: z.number().int(),
  photoCount: z.number().int(),
  submittedAt: z.string(),
  timeline: z.array(TimelineEntry),
});
export type TrackView = z.infer<typeof TrackView>;

export const SimilarQuery = z.object({ q: z.string().trim().min(2).max(TITLE_MAX) }).strict();

/** A topic as the public sees it: accepted, no submitter. */
export const PublicTopic = z.object({
  id: z.number().int(),
  title: z.string(),
  category: z.string(),
  status: TopicStatus,
  cosignCount: z.number().int(),
  verifiedCosignCount: z.number().int(),
  submittedAt: z.string(),
});
export type PublicTopic = z.infer<typeof PublicTopic>;
export const PublicTopicList = z.object({ items: z.array(PublicTopic) });

export const CosignResult = z.object({ cosignCount: z.number().int(), alreadyCosigned: z.boolean() });
export type CosignResult = z.infer<typeof CosignResult>;

/* ---------- staff: intake codes ---------- */

export const IntakeCodeView = z.object({
  id: z.number().int(),
  code: z.string(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  label: z.string(),
  disabled: z.boolean(),
  url: z.string(),
  createdAt: z.string(),
});
export type IntakeCodeView = z.infer<typeof IntakeCodeView>;
export const IntakeCodeList = z.object({ items: z.array(IntakeCodeView) });
export const CreateIntakeCodeBody = z.object({ label: Text(1, 40) }).strict();
export const UpdateIntakeCodeBody = z
  .object({ label: Text(1, 40).optional(), disabled: z.boolean().optional() })
  .strict();

/* ---------- staff: review ---------- */

export const TopicListQuery = z
  .object({
    organisationId: Id.optional(),
    status: TopicStatus.optional(),
    category: z.string().trim().max(20).optional(),
    gridId: Id.optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    q: z.string().trim().max(60).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type TopicListQuery = z.infer<typeof TopicListQuery>;

export const StaffTopic = z.object({
  id: z.number().int(),
  receipt: z.string(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  title: z.string(),
  details: z.string(),
  category: z.string(),
  location: z.string(),
  gridId: z.number().int().nullable(),
  status: TopicStatus,
  /** Shown to staff unless the resident chose to be anonymous. */
  submitterName: z.string().nullable(),
  submitterPhone: z.string().nullable(),
  anonymous: z.boolean(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  mergedIntoId: z.number().int().nullable(),
  cosignCount: z.number().int(),
  /** Co-signs matched to the register: the only ones counted toward a demand for an assembly. */
  verifiedCosignCount: z.number().int(),
  assemblyDemand: z.boolean(),
  representativesDemand: z.boolean(),
  photoIds: z.array(z.number().int()),
  submittedAt: z.string(),
  firstActionAt: z.string().nullable(),
  timeline: z.array(TimelineEntry.extend({ actorName: z.string().nullable() })),
});
export type StaffTopic = z.infer<typeof StaffTopic>;

export const StaffTopicSummary = StaffTopic.omit({
  details: true,
  timeline: true,
  submitterPhone: true,
  photoIds: true,
});
export type StaffTopicSummary = z.infer<typeof StaffTopicSummary>;
export const StaffTopicList = z.object({
  items: z.array(StaffTopicSummary),
  total: z.number().int(),
  openCount: z.number().int(),
});
export type StaffTopicList = z.infer<typeof StaffTopicList>;

/** The menu's badge: topics waiting for review, in the whole of my part of the tree or below one organisation. */
export const OpenCountQuery = z.object({ organisationId: Id.optional() }).strict();
export const OpenCount = z.object({ openCount: z.number().int() });
export type OpenCount = z.infer<typeof OpenCount>;

export const AcceptBody = z.object({ ownerId: Id }).strict();
export const MergeBody = z.object({ intoTopicId: Id }).strict();
export const DeclineBody = z.object({ reply: Text(4, 500) }).strict();
export const ReferBody = z
  .object({
    organisationId: Id,
    assigneeId: Id.nullable().default(null),
    note: Text(2, 500),
  })
  .strict();
export type ReferBody = z.infer<typeof ReferBody>;

/** Staff who may own a topic (first-contact responsibility): roles at its organisation or above. */
export const OwnerCandidates = z.object({
  items: z.array(z.object({ id: z.number().int(), displayName: z.string(), roles: z.array(z.string()) })),
});
export type OwnerCandidates = z.infer<typeof OwnerCandidates>;
