import * as z from 'zod';
import { DETAILS_MAX, MOBILE_PATTERN, NAME_MAX } from '../rules/intake.js';
import { validTime } from '../rules/reception.js';
import { Id, Text } from './common.js';

export const ReceptionSchedule = z
  .object({
    dayOfMonth: z.number().int().min(1).max(28),
    start: z.string().refine(validTime, { message: 'invalid_time' }),
    end: z.string().refine(validTime, { message: 'invalid_time' }),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'ends_before_start', path: ['end'] });

export const CreateStudioBody = z
  .object({
    organisationId: Id,
    name: Text(2, 60),
    location: Text(1, 100),
    schedule: ReceptionSchedule,
    roster: z.array(Id).min(1).max(50),
  })
  .strict();
export type CreateStudioBody = z.infer<typeof CreateStudioBody>;

export const UpdateStudioBody = z
  .object({
    name: Text(2, 60).optional(),
    location: Text(1, 100).optional(),
    schedule: ReceptionSchedule.optional(),
    roster: z.array(Id).min(1).max(50).optional(),
  })
  .strict();

export const StudioCodeParams = z.object({ code: z.string().trim().min(4).max(12) }).strict();

/** What the public sees: the next day and who is on duty, never anyone's phone. */
export const StudioPublicView = z.object({
  code: z.string(),
  name: z.string(),
  location: z.string(),
  organisationName: z.string(),
  next: z.object({ date: z.string(), startsAt: z.string(), endsAt: z.string() }),
  onDuty: z.string().nullable(),
  open: z.boolean(),
});
export type StudioPublicView = z.infer<typeof StudioPublicView>;

export const StudioView = StudioPublicView.extend({
  id: z.number().int(),
  organisationId: z.number().int(),
  schedule: z.object({ dayOfMonth: z.number().int(), start: z.string(), end: z.string() }),
  roster: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
  rosterAnchor: z.string(),
  /** PUBLIC_URL/s/<code>: what the studio's printed QR opens. */
  url: z.string(),
});
export type StudioView = z.infer<typeof StudioView>;
export const StudioList = z.object({ items: z.array(StudioView) });

export const TakeTicketBody = z.object({ deviceId: z.string().trim().min(8).max(64) }).strict();
export const Ticket = z.object({ number: z.number().int(), waitingAhead: z.number().int(), day: z.string() });
export const QueueView = z.object({ day: z.string(), calling: z.number().int().nullable(), waiting: z.number().int() });
export type QueueView = z.infer<typeof QueueView>;

export const VisitBody = z
  .object({
    ticketNumber: z.number().int().min(1).nullable().default(null),
    visitorName: z.string().trim().max(NAME_MAX).default(''),
    visitorPhone: z
      .string()
      .trim()
      .regex(new RegExp(MOBILE_PATTERN), { message: 'invalid_mobile' })
      .or(z.literal(''))
      .default(''),
    matter: Text(2, DETAILS_MAX),
    category: z.string().trim().min(1).max(20),
    answer: z.string().trim().max(DETAILS_MAX).default(''),
    followUp: z.boolean().default(false),
  })
  .strict();
export type VisitBody = z.infer<typeof VisitBody>;

export const VisitView = z.object({
  id: z.number().int(),
  studioId: z.number().int(),
  representativeId: z.number().int(),
  representativeName: z.string(),
  day: z.string(),
  ticketNumber: z.number().int().nullable(),
  visitorName: z.string().nullable(),
  visitorPhone: z.string().nullable(),
  matter: z.string(),
  category: z.string(),
  answer: z.string(),
  followUp: z.boolean(),
  topicId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type VisitView = z.infer<typeof VisitView>;
export const VisitList = z.object({ items: z.array(VisitView) });
export const VisitQuery = z.object({ day: z.iso.date().optional() }).strict();
export const VisitTopicResult = z.object({ topicId: z.number().int(), receipt: z.string() });

/* ---------- the representative's desk ---------- */

/** Representatives who may be put on a studio's duty roster. */
export const RosterCandidates = z.object({
  items: z.array(z.object({ id: z.number().int(), displayName: z.string() })),
});
export type RosterCandidates = z.infer<typeof RosterCandidates>;

/** A visit referred straight to a department or person (即办), like a reviewer's referral. */
export const VisitReferralBody = z
  .object({
    organisationId: Id,
    assigneeId: Id.nullable().default(null),
    note: Text(2, 500),
  })
  .strict();
export type VisitReferralBody = z.infer<typeof VisitReferralBody>;
export type Ticket = z.infer<typeof Ticket>;
export type VisitTopicResult = z.infer<typeof VisitTopicResult>;
