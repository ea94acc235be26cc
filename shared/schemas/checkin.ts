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

/**
 * A live meeting of the pass's body that its holder is entitled to attend, as the pass page lists
 * it: whether remote ballots count there, and how the holder attends it so far ('hall': checked
 * in in the hall or by proxy, so following remotely is refused).
 */
export const PassMeeting = z.object({
  id: z.number().int(),
  title: z.string(),
  startsAt: z.string(),
  remoteVoting: z.boolean(),
  attending: z.enum(['none', 'remote', 'hall']),
});
export type PassMeeting = z.infer<typeof PassMeeting>;

/** What a personal link shows on the phone: whose pass it is, never anyone else's data. */
export const PassView = z.object({
  name: z.string(),
  bodyName: z.string(),
  organisationName: z.string(),
  /** The body's meetings live now that the holder may follow remotely (usually none or one). */
  meetings: z.array(PassMeeting),
});
export type PassView = z.infer<typeof PassView>;

/** Following a live meeting of the pass's body from elsewhere (issue 13: remote members keep their links). */
export const PassRemoteBody = z.object({ meetingId: Id }).strict();
export const PassRemote = z.object({
  meetingId: z.number().int(),
  /** The phone follows (and, where allowed, votes) with this, as with an invite link. */
  participantToken: z.string(),
  name: z.string(),
  /** Whether the organisation counts remote ballots (and remote members toward the quorum). */
  remoteVoting: z.boolean(),
});
export type PassRemote = z.infer<typeof PassRemote>;
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
