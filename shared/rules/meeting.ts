import type { Body } from './quorum.js';

export const MEETING_KINDS = ['consultation', 'roundtable', 'reception'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['draft', 'scheduled', 'live', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Allowed moves of a meeting's life: draft → scheduled (published) → live → closed. */
export const MEETING_TRANSITIONS: Record<MeetingStatus, MeetingStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'live'],
  live: ['closed'],
  closed: [],
};

export const canTransition = (from: MeetingStatus, to: MeetingStatus) => MEETING_TRANSITIONS[from].includes(to);

/** Who is invited: staff with an account, or named guests without one (乡贤, enterprises, departments). */
export const INVITEE_CATEGORIES = [
  'staff',
  'party_member',
  'representative',
  'notable',
  'enterprise',
  'department',
  'resident',
] as const;

/** What the projector shows; `minutes` is the live minutes scrolled to the current item, `vote` the motion under vote. */
export const SCREEN_MODES = ['agenda', 'item', 'attendance', 'join', 'minutes', 'vote'] as const;
export type ScreenMode = (typeof SCREEN_MODES)[number];

/** A villagers' assembly must be announced 10 days ahead, naming its matters (art. 21). */
export const ASSEMBLY_NOTICE_DAYS = 10;

/** True when a villagers' assembly is published with less notice than the law asks. */
export function shortNotice(body: Body, publishedAt: Date, startsAt: Date): boolean {
  if (body !== 'villagers_assembly') return false;
  return startsAt.getTime() - publishedAt.getTime() < ASSEMBLY_NOTICE_DAYS * 86_400_000;
}

/** Topics open this long are suggested for round-tables (长期搁置未决). */
export const STALLED_AFTER_DAYS = 30;

/** Check-in codes rotate about every minute, so a photo sent out of the hall soon stops working. */
export const CHECKIN_PERIOD_MS = 60_000;

const DAY_MS = 86_400_000;

/** Whole days a topic has been open, counted from when it was raised. */
export const daysOpen = (raisedAt: Date, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - raisedAt.getTime()) / DAY_MS));

/** Open longer than 30 days: suggested to round-tables, which exist for matters that are stuck. */
export const isStalled = (raisedAt: Date, now: Date): boolean =>
  now.getTime() - raisedAt.getTime() > STALLED_AFTER_DAYS * DAY_MS;

/**
 * Why a meeting cannot be published yet, or null. A villagers' assembly's notice must name the
 * matters to be decided (art. 21), so it needs an agenda first.
 */
export function publishProblem(body: Body, agendaItems: number): 'meeting.error.agenda_required' | null {
  return body === 'villagers_assembly' && agendaItems === 0 ? 'meeting.error.agenda_required' : null;
}

/** How someone came to be marked present. */
export type AttendanceMethod = 'qr' | 'manual' | 'remote';

/**
 * Whether an attendance record counts toward the body's quorum. Members following remotely by
 * their personal link count only where the organisation allows remote voting: someone who may
 * not vote from the city must not make a quorum that the votes in the hall then rely on.
 */
export const countsAsPresent = (method: AttendanceMethod, remoteVoting: boolean): boolean =>
  method !== 'remote' || remoteVoting;

/** Longest speaker countdown the console offers, in minutes. */
export const TIMER_MAX_MINUTES = 60;
/** The projector's countdown turns amber this many seconds before the end. */
export const TIMER_WARN_SECONDS = 30;
