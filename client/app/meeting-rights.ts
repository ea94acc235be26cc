import type { MeetingSummary } from '../../shared/schemas/meeting.js';
import type { SessionUser } from '../../shared/schemas/session.js';

/**
 * Whether to offer preparing a meeting (edit, agenda, invitees, publish, start, close): its
 * convener, or an admin or convener of the organisation or above. A guide for what to show;
 * the server decides (server/services/meeting-access.ts), and the organisation tree is not
 * known here, so a role anywhere counts.
 */
export const mayOrganise = (user: SessionUser | null, meeting: Pick<MeetingSummary, 'convenerId'>): boolean =>
  !!user &&
  (meeting.convenerId === user.id || user.memberships.some((m) => m.role === 'admin' || m.role === 'convener'));
