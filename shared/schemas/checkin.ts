import * as z from 'zod';
import { Id } from './common.js';

/** What the desk (签到台) sees of a request: who claims to be whom, and who decided it. */
export const CheckinRequestView = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  inviteeId: z.number().int(),
  name: z.string(),
  affiliation: z.string(),
  kind: z.enum(['claim', 'takeover']),
  state: z.enum(['pending', 'confirmed', 'rejected', 'withdrawn']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** The staff member who confirmed or rejected it. */
  decidedBy: z.string().nullable(),
});
export type CheckinRequestView = z.infer<typeof CheckinRequestView>;
export const CheckinRequestList = z.object({ items: z.array(CheckinRequestView) });
export type CheckinRequestList = z.infer<typeof CheckinRequestList>;

export const CheckinDecisionBody = z.object({ confirm: z.boolean() }).strict();
export const CheckinRequestParams = z.object({ id: Id, requestId: Id }).strict();

/** The phone asks, with the secret only it holds, whether the desk has decided. */
export const CheckinStatusBody = z.object({ requestToken: z.string().trim().min(16).max(100) }).strict();
export const CheckinStatus = z.object({
  state: z.enum(['pending', 'confirmed', 'rejected', 'withdrawn']),
  name: z.string(),
});
export type CheckinStatus = z.infer<typeof CheckinStatus>;

/** The desk scans a pass card (a USB scanner types the link) or types its code. */
export const DeskPassBody = z.object({ pass: z.string().trim().min(16).max(300) }).strict();
export const DeskCheckedIn = z.object({ inviteeId: z.number().int(), name: z.string() });
export type DeskCheckedIn = z.infer<typeof DeskCheckedIn>;

/** A proxy (委托) recorded at the desk: `holder` attends for `represented`. */
export const ProxyBody = z.object({ holderInviteeId: Id, representedInviteeId: Id }).strict();

/** What a personal link shows on the phone: whose pass it is, never anyone else's data. */
export const PassView = z.object({
  name: z.string(),
  bodyName: z.string(),
  organisationName: z.string(),
});
export type PassView = z.infer<typeof PassView>;
export const PassParams = z
  .object({
    token: z
      .string()
      .trim()
      .min(16)
      .max(64)
      .regex(/^[\w-]+$/),
  })
  .strict();
