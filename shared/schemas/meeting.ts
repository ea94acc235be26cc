import * as z from 'zod';
import { INVITEE_CATEGORIES, MEETING_KINDS, MEETING_STATUSES, SCREEN_MODES } from '../rules/meeting.js';
import { BODIES } from '../rules/quorum.js';
import { STAGES } from '../rules/procedure.js';
import { Id, PageQuery, Text } from './common.js';

export const MeetingKind = z.enum(MEETING_KINDS);
export const MeetingStatus = z.enum(MEETING_STATUSES);
export const DeliberatingBody = z.enum(BODIES.filter((b) => b !== 'custom') as [string, ...string[]]);
export const ScreenMode = z.enum(SCREEN_MODES);

export const CreateMeetingBody = z
  .object({
    organisationId: Id,
    kind: MeetingKind,
    title: Text(2, 80),
    venue: Text(1, 80),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    body: DeliberatingBody.default('free_consultation'),
    membersFrom: z.enum(['roster', 'organisation']).default('roster'),
    /** The deliberating body (议事主体) whose members are entitled to attend; its kind must match `body`. */
    bodyId: Id.nullable().default(null),
    convenerId: Id.nullable().default(null),
    secretaryIds: z.array(Id).max(2).default([]),
  })
  .strict()
  .refine((m) => new Date(m.endsAt) > new Date(m.startsAt), { message: 'ends_before_start', path: ['endsAt'] });
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;

export const UpdateMeetingBody = z
  .object({
    title: Text(2, 80).optional(),
    venue: Text(1, 80).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    body: DeliberatingBody.optional(),
    membersFrom: z.enum(['roster', 'organisation']).optional(),
    bodyId: Id.nullable().optional(),
    convenerId: Id.nullable().optional(),
    secretaryIds: z.array(Id).max(2).optional(),
  })
  .strict();
export type UpdateMeetingBody = z.infer<typeof UpdateMeetingBody>;

export const TransitionBody = z.object({ to: MeetingStatus }).strict();

export const AgendaItemBody = z.union([
  z.object({ topicId: Id }).strict(),
  z.object({ title: Text(2, 80), notes: z.string().trim().max(2000).default('') }).strict(),
  // 四议两公开: a procedure's stage; refused unless the previous stage passed and the body is right.
  z.object({ procedureId: Id, stage: z.enum(STAGES) }).strict(),
]);
export const ReorderAgendaBody = z.object({ itemIds: z.array(Id).min(1).max(200) }).strict();

export { INVITEE_CATEGORIES };
export const InviteeBody = z.union([
  z.object({ userId: Id, member: z.boolean().default(true) }).strict(),
  z
    .object({
      name: Text(1, 40),
      affiliation: z.string().trim().max(60).default(''),
      category: z.enum(INVITEE_CATEGORIES),
      member: z.boolean().default(true),
    })
    .strict(),
]);

export const AttendanceBody = z.object({ inviteeId: Id, present: z.boolean() }).strict();
/**
 * Check-in with the projector's code (proves presence in the hall) and either a personal pass
 * (参会证, proves who) or a name picked from the list, which only asks the desk.
 */
export const CheckinBody = z
  .object({
    code: z.string().trim().min(4).max(12),
    inviteeId: Id.optional(),
    /** A personal pass: the token, or the whole personal link it came in. */
    pass: z.string().trim().min(16).max(300).optional(),
  })
  .strict()
  .refine((b) => (b.inviteeId === undefined) !== (b.pass === undefined), { message: 'invalid', path: ['pass'] });

export const AgendaItemView = z.object({
  id: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  notes: z.string(),
  topicId: z.number().int().nullable(),
  /** The resident's text when the item is a topic (never the submitter). */
  topicDetails: z.string().nullable(),
  /** The topic's photos, served to the hall by GET /api/meetings/:id/agenda/:itemId/photos/:position. */
  photoCount: z.number().int(),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

export const InviteeView = z.object({
  id: z.number().int(),
  name: z.string(),
  affiliation: z.string(),
  category: z.string(),
  member: z.boolean(),
  userId: z.number().int().nullable(),
  present: z.boolean().nullable(),
  /** How the presence was recorded: scanning the projector, by hand, or following remotely. */
  method: z.enum(['qr', 'manual', 'remote']).nullable(),
  /** A personal link (or a phone checked in by QR) can currently follow the meeting as this person. */
  hasPass: z.boolean(),
  /** Listed because of a seat in the meeting's body (a person on the register), not added by hand. */
  fromBody: z.boolean(),
});
export type InviteeView = z.infer<typeof InviteeView>;

export const AttendanceSummary = z.object({
  expected: z.number().int(),
  present: z.number().int(),
  absent: z.number().int(),
  /** Members following by their personal link from elsewhere (counted present only with remote voting). */
  remote: z.number().int(),
  /** Whether `present` includes the `remote` ones (the organisation allows remote voting). */
  remoteCounted: z.boolean(),
  quorumRequired: z.number().int().nullable(),
  quorumMet: z.boolean(),
  /** Villagers' assembly of a body: households entitled (frozen), represented, and needed (the alternative quorum). */
  households: z
    .object({ entitled: z.number().int(), represented: z.number().int(), required: z.number().int() })
    .nullable()
    .optional(),
});
export type AttendanceSummary = z.infer<typeof AttendanceSummary>;

export const MeetingView = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  kind: MeetingKind,
  title: z.string(),
  venue: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  body: DeliberatingBody,
  membersFrom: z.enum(['roster', 'organisation']),
  /** The deliberating body whose members are the invitees; null for meetings with a hand-made list. */
  bodyId: z.number().int().nullable(),
  /** Frozen when the meeting opened: how many were entitled to attend (quorum's denominator). */
  entitledCount: z.number().int().nullable(),
  rosterFrozenAt: z.string().nullable(),
  status: MeetingStatus,
  convenerId: z.number().int().nullable(),
  secretaryIds: z.array(z.number().int()),
  publishedAt: z.string().nullable(),
  /** A villagers' assembly published with less than 10 days' notice (art. 21). */
  shortNotice: z.boolean(),
  /** The organisation lets members vote by their personal link (organisation settings). */
  remoteVoting: z.boolean(),
  /** A projector link is currently valid. */
  hasScreenLink: z.boolean(),
  agenda: z.array(AgendaItemView),
  invitees: z.array(InviteeView),
  attendance: AttendanceSummary,
});
export type MeetingView = z.infer<typeof MeetingView>;
export const MeetingSummary = MeetingView.omit({ agenda: true, invitees: true, attendance: true });
export type MeetingSummary = z.infer<typeof MeetingSummary>;
export const MeetingList = z.object({ items: z.array(MeetingSummary), total: z.number().int() });
export type MeetingList = z.infer<typeof MeetingList>;
export const MeetingListQuery = PageQuery.extend({
  status: MeetingStatus.optional(),
  organisationId: Id.optional(),
}).strict();
export type MeetingListQuery = z.infer<typeof MeetingListQuery>;

/** Staff who may convene, take minutes or be invited: any staff role at the organisation or above. */
export const MeetingStaff = z.object({
  items: z.array(z.object({ id: z.number().int(), displayName: z.string(), roles: z.array(z.string()) })),
});
export type MeetingStaff = z.infer<typeof MeetingStaff>;

/** Accepted topics that can go on the agenda; `stalled` ones are the round-table's suggestions. */
export const AgendaCandidates = z.object({
  items: z.array(
    z.object({
      topicId: z.number().int(),
      title: z.string(),
      details: z.string(),
      category: z.string(),
      organisationName: z.string(),
      raisedAt: z.string(),
      daysOpen: z.number().int(),
      stalled: z.boolean(),
      cosignCount: z.number().int(),
    }),
  ),
});
export type AgendaCandidates = z.infer<typeof AgendaCandidates>;

/** A link shown once; personal links come with their QR code as an SVG data URL. */
export const LinkView = z.object({ url: z.string(), qr: z.string().optional() });
export type LinkView = z.infer<typeof LinkView>;

/** Who can check in, for someone holding the projector's current code. */
export const CheckinList = z.object({
  title: z.string(),
  /** Names only: who has already arrived is the desk's business, not every phone's in the hall. */
  invitees: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      /** A staff member: checks in only while logged in as themselves. */
      staff: z.boolean(),
    }),
  ),
  /** The invitee who is the logged-in staff member, if any (they only confirm). */
  mine: z.number().int().nullable(),
});
export type CheckinList = z.infer<typeof CheckinList>;
/**
 * Checked in (a pass, or a staff member logged in as themselves) with the phone's participant
 * token; or waiting for the desk, with the secret this phone alone polls with. Once the desk
 * confirms, that secret is the phone's participant token: nothing else is ever handed over.
 */
export const CheckedIn = z.discriminatedUnion('status', [
  z.object({ status: z.literal('checked_in'), participantToken: z.string(), name: z.string() }),
  z.object({
    status: z.literal('pending'),
    requestToken: z.string(),
    name: z.string(),
    /** 'takeover': this person is already checked in on another device. */
    kind: z.enum(['claim', 'takeover']),
  }),
]);
export type CheckedIn = z.infer<typeof CheckedIn>;

/** The live state every screen in the hall renders; `checkin` only for staff and the projector. */
export const LiveState = z.object({
  meetingId: z.number().int(),
  version: z.number().int(),
  status: MeetingStatus,
  title: z.string(),
  kind: MeetingKind,
  agenda: z.array(AgendaItemView),
  currentItemId: z.number().int().nullable(),
  screenMode: ScreenMode,
  screenMessage: z.string().nullable(),
  timerEndsAt: z.string().nullable(),
  attendance: AttendanceSummary,
  checkin: z
    .object({
      code: z.string(),
      url: z.string(),
      /** The URL as a QR code (an SVG data URL), rendered once per code on the server. */
      qr: z.string(),
      expiresAt: z.string(),
    })
    .nullable(),
  /** The server's clock when this was sent: screens count the timer down against it, not their own. */
  serverNow: z.string(),
});
export type LiveState = z.infer<typeof LiveState>;

/** The answer to `meeting:join`: the state, and who this socket is in the hall. */
export const JoinedMeeting = LiveState.extend({
  canDrive: z.boolean(),
  viewer: z.enum(['staff', 'screen', 'participant']),
  /** The participant this pass belongs to. */
  you: z.object({ inviteeId: z.number().int(), name: z.string() }).nullable(),
});
export type JoinedMeeting = z.infer<typeof JoinedMeeting>;

/** What the convener (or a secretary) can do to the hall. */
export const DriveCommand = z.discriminatedUnion('action', [
  z.object({ meetingId: Id, action: z.literal('next') }).strict(),
  z.object({ meetingId: Id, action: z.literal('previous') }).strict(),
  z.object({ meetingId: Id, action: z.literal('goto'), itemId: Id }).strict(),
  z.object({ meetingId: Id, action: z.literal('screen'), mode: ScreenMode }).strict(),
  z.object({ meetingId: Id, action: z.literal('message'), text: z.string().trim().max(200) }).strict(),
  z.object({ meetingId: Id, action: z.literal('timer'), seconds: z.number().int().min(0).max(3600) }).strict(),
]);
export type DriveCommand = z.infer<typeof DriveCommand>;

export const JoinMeeting = z
  .object({
    meetingId: Id,
    screenToken: z.string().min(16).max(100).optional(),
    inviteToken: z.string().min(16).max(100).optional(),
  })
  .strict();
