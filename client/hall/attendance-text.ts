import type { AttendanceSummary } from '../../shared/schemas/meeting.js';
import { t } from '../i18n/index.js';

/**
 * The quorum sentence and the remote members' line, worded once for the console and the
 * projector: the room and the convener must read the same claim.
 */
export function quorumText(a: Pick<AttendanceSummary, 'quorumRequired' | 'quorumMet'>): string {
  if (a.quorumRequired === null) return t('attendance.no_quorum');
  return t(a.quorumMet ? 'attendance.quorum_met' : 'attendance.quorum_unmet', { required: a.quorumRequired });
}

/** Remote members counted among those present, or listed apart; '' when there are none. */
export function remoteText(a: Pick<AttendanceSummary, 'remote' | 'remoteCounted'>): string {
  return a.remote ? t(a.remoteCounted ? 'attendance.remote_counted' : 'attendance.remote', { n: a.remote }) : '';
}
