import * as z from 'zod';
import { RATINGS, RESOLUTION_STATES, SOURCE_KINDS } from '../rules/resolution.js';
import { Id, PageQuery, Text } from './common.js';

export const ResolutionState = z.enum(RESOLUTION_STATES);
export const SourceKind = z.enum(SOURCE_KINDS);
export const Rating = z.enum(RATINGS);
export const DeadlineStatus = z.enum(['overdue', 'due_soon', 'on_time', 'none']);

/** A calendar day (China time) or a full ISO instant; stored as an instant. */
const Deadline = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/* ---------- staff ---------- */

/**
 * `text` of every view below is what was decided as people read it: the decision's wording (a
 * statement) where there is one, else the resolution's own text (a referred topic's title).
 */
export const ResolutionSummary = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  sourceKind: SourceKind,
  meetingId: z.number().int().nullable(),
  text: z.string(),
  category: z.string().nullable(),
  responsibleOrganisationId: z.number().int().nullable(),
  responsibleOrganisationName: z.string().nullable(),
  responsibleUserId: z.number().int().nullable(),
  responsibleUserName: z.string().nullable(),
  state: ResolutionState,
  deadline: z.string().nullable(),
  deadlineStatus: DeadlineStatus,
  rating: Rating.nullable(),
  updatedAt: z.string(),
});
export type ResolutionSummary = z.infer<typeof ResolutionSummary>;

export const ResolutionEventView = z.object({
  id: z.number().int(),
  kind: z.string(),
  fromState: ResolutionState.nullable(),
  toState: ResolutionState.nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
});
export type ResolutionEventView = z.infer<typeof ResolutionEventView>;

export const ResolutionDetail = ResolutionSummary.extend({
  sourceId: z.number().int().nullable(),
  /** What was put to the meeting (a motion's question), when `text` shows the decision's wording. */
  question: z.string().nullable(),
  /** 交办说明: what the village told the unit at dispatch (staff only). */
  dispatchNote: z.string().nullable(),
  /** Photos of progress and result: /api/board/resolutions/:id/photos/:position, 0-based. */
  photoCount: z.number().int(),
  collaborators: z.array(z.string()),
  result: z.string().nullable(),
  unitSpeed: z.number().int().nullable(),
  unitQuality: z.number().int().nullable(),
  topics: z.array(z.object({ id: z.number().int(), receipt: z.string(), title: z.string() })),
  ratings: z.array(
    z.object({ rating: Rating, by: z.enum(['submitter', 'cosigner']), comment: z.string(), at: z.string() }),
  ),
  timeline: z.array(ResolutionEventView),
  /** What the signed-in user may do now (the server checks again). */
  actions: z.array(z.string()),
});
export type ResolutionDetail = z.infer<typeof ResolutionDetail>;

export const ResolutionListQuery = PageQuery.extend({
  /** follow: the representative's dashboard (owned villages); inbox: the unit's work. */
  view: z.enum(['follow', 'inbox']).default('follow'),
  organisationId: Id.optional(),
  state: ResolutionState.optional(),
}).strict();
export type ResolutionListQuery = z.infer<typeof ResolutionListQuery>;

export const ResolutionList = z.object({
  items: z.array(ResolutionSummary),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
});
export type ResolutionList = z.infer<typeof ResolutionList>;

export const DispatchBody = z
  .object({
    responsibleOrganisationId: Id,
    responsibleUserId: Id.nullable().default(null),
    collaborators: z.array(Text(1, 40)).max(10).default([]),
    deadline: Deadline.optional(),
    note: z.string().trim().max(500).default(''),
    /** The decision's wording as the public reads it (a decided resolution only); unchanged when absent. */
    wording: Text(2, 600).optional(),
  })
  .strict();
export type DispatchBody = z.infer<typeof DispatchBody>;
export type DispatchInput = z.input<typeof DispatchBody>;

export const ReasonBody = z.object({ reason: Text(2, 500) }).strict();
export const NoteBody = z.object({ note: Text(1, 1000) }).strict();
export const ReportBody = z.object({ result: Text(2, 2000) }).strict();
export const DeadlineBody = z.object({ deadline: Deadline, reason: Text(2, 200) }).strict();
/** 评价权: the village rates the unit's speed and quality when closing out. */
export const CloseBody = z
  .object({
    speed: z.number().int().min(1).max(5).nullable().default(null),
    quality: z.number().int().min(1).max(5).nullable().default(null),
    note: z.string().trim().max(500).default(''),
  })
  .strict();
export type CloseBody = z.infer<typeof CloseBody>;

/* ---------- residents ---------- */

const DeviceId = z.string().trim().min(8).max(64);
export const RateBody = z
  .object({
    resolutionId: Id,
    rating: Rating,
    comment: z.string().trim().max(500).default(''),
    deviceId: DeviceId,
  })
  .strict();
export type RateBody = z.infer<typeof RateBody>;
export type RateInput = z.input<typeof RateBody>;

/** What the public may see of a step: kind, time, state and the text meant for residents; never a person. */
export const PublicStep = z.object({
  kind: z.string(),
  toState: ResolutionState.nullable(),
  note: z.string().nullable(),
  at: z.string(),
});
export type PublicStep = z.infer<typeof PublicStep>;

export const TrackedResolution = z.object({
  id: z.number().int(),
  text: z.string(),
  state: ResolutionState,
  responsibleOrganisationName: z.string().nullable(),
  deadline: z.string().nullable(),
  deadlineStatus: DeadlineStatus,
  result: z.string().nullable(),
  rating: Rating.nullable(),
  /** Whether the page may offer the rating form now: reported, and not yet rated from this receipt. */
  canRate: z.boolean(),
  /** Photos of progress and result: /api/board/resolutions/:id/photos/:position, 0-based. */
  photoCount: z.number().int(),
  timeline: z.array(PublicStep),
});
export type TrackedResolution = z.infer<typeof TrackedResolution>;
export const TrackedResolutions = z.object({ items: z.array(TrackedResolution) });

/** A public board's short code (/b/<code>), as typed: any case, dashes allowed. */
export const BoardCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,16}$/);

export const BoardResolution = z.object({
  id: z.number().int(),
  text: z.string(),
  category: z.string().nullable(),
  state: ResolutionState,
  responsibleOrganisationName: z.string().nullable(),
  deadline: z.string().nullable(),
  deadlineStatus: DeadlineStatus,
  result: z.string().nullable(),
  rating: Rating.nullable(),
  closedAt: z.string().nullable(),
  photoCount: z.number().int(),
});
export type BoardResolution = z.infer<typeof BoardResolution>;

export const BoardView = z.object({
  organisation: z.object({ id: z.number().int(), name: z.string(), boardCode: z.string().nullable() }),
  resolutions: z.array(BoardResolution),
  results: z.array(BoardResolution),
  meetings: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.string(),
      venue: z.string(),
      startsAt: z.string(),
      agenda: z.array(z.string()),
    }),
  ),
  /** Reception days (接待日): the next one of each studio. Published minutes come from /api/board/:id/minutes. */
  reception: z.array(z.object({ name: z.string(), location: z.string(), startsAt: z.string(), endsAt: z.string() })),
});
export type BoardView = z.infer<typeof BoardView>;

/* ---------- notifications and webhooks ---------- */

export const NotificationView = z.object({
  id: z.number().int(),
  kind: z.string(),
  resolutionId: z.number().int().nullable(),
  /** A major matter (四议两公开) it is about, e.g. an objection arrived; null otherwise. */
  procedureId: z.number().int().nullable(),
  text: z.string(),
  at: z.string(),
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationList = z.object({ items: z.array(NotificationView), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;

export const WEBHOOK_FORMATS = ['wecom', 'dingtalk', 'json'] as const;
export const WebhookBody = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(500),
    format: z.enum(WEBHOOK_FORMATS),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookBody = z.infer<typeof WebhookBody>;
export const WebhookView = z.object({
  organisationId: z.number().int(),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
});
export type WebhookView = z.infer<typeof WebhookView>;
export const DeliveryView = z.object({
  id: z.number().int(),
  event: z.string(),
  resolutionId: z.number().int().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;
export const DeliveryList = z.object({ webhook: WebhookView.nullable(), items: z.array(DeliveryView) });
export type DeliveryList = z.infer<typeof DeliveryList>;

/** `resolutions:watch`: the follow-up list of staff who follow, or the inbox of units doing the work. */
export const WatchResolutions = z.object({ view: z.enum(['follow', 'inbox']) }).strict();
