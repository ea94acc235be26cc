import * as z from 'zod';
import { Id, Text } from './common.js';
import { MeetingKind, MeetingStatus } from './meeting.js';

/** A closed vote's result as the voting service hands it over: one title, a few lines. */
export const VoteResultInput = z
  .object({
    title: Text(1, 120),
    lines: z.array(Text(1, 200)).min(1).max(20),
  })
  .strict();
export type VoteResultInput = z.infer<typeof VoteResultInput>;

export const Signatory = z.object({ role: z.enum(['convener', 'recorder']), name: z.string() });

export const FinalVersionView = z.object({
  version: z.number().int(),
  /** SHA-256 (hex) of the canonical JSON of the final content, also printed in its footer. */
  sha256: z.string(),
  finalisedAt: z.string(),
  signatories: z.array(Signatory),
  publishedAt: z.string().nullable(),
});
export type FinalVersionView = z.infer<typeof FinalVersionView>;

/** What the minutes page needs before it opens the document. */
export const MinutesInfo = z.object({
  meetingId: z.number().int(),
  title: z.string(),
  status: MeetingStatus,
  /** The Yjs document to open at /yjs/<docName>. */
  docName: z.string(),
  /** The convener and the meeting's secretaries, while the meeting is not closed. */
  canWrite: z.boolean(),
  /** Organisers may publish the final version to the public board. */
  canPublish: z.boolean(),
  final: FinalVersionView.nullable(),
});
export type MinutesInfo = z.infer<typeof MinutesInfo>;

export const BoardMinutesSummary = z.object({
  meetingId: z.number().int(),
  title: z.string(),
  kind: MeetingKind,
  organisationId: z.number().int(),
  organisationName: z.string(),
  startsAt: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
});
export type BoardMinutesSummary = z.infer<typeof BoardMinutesSummary>;

export const BoardMinutesList = z.object({ items: z.array(BoardMinutesSummary), total: z.number().int() });

/** One published minutes for the public board: the redacted copy, as text and as a document. */
export const BoardMinutes = BoardMinutesSummary.extend({
  /** SHA-256 of this public copy's canonical JSON. */
  sha256: z.string(),
  /** SHA-256 of the official (unredacted) final version, as printed on the signed copy. */
  officialSha256: z.string(),
  finalisedAt: z.string(),
  signatories: z.array(Signatory),
  /** The minutes as plain text, one block per line. */
  text: z.string(),
  /** The minutes as ProseMirror JSON, for a page that wants to render structure. */
  content: z.record(z.string(), z.unknown()),
  downloads: z.object({ docx: z.string(), pdf: z.string() }),
});
export type BoardMinutes = z.infer<typeof BoardMinutes>;

export const BoardListParams = z.object({ organisationId: Id }).strict();
export const BoardMinutesParams = z.object({ meetingId: Id }).strict();
