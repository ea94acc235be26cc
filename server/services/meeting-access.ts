import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import { errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import type { OrgTree } from './org-tree.js';

/** Who may prepare meetings of an organisation: its admins and conveners. */
export const ORGANISER_ROLES = ['admin', 'convener'] as const;
/** Who may see a meeting's preparation: any staff role at the organisation or above. */
export const STAFF_ROLES = ['admin', 'reviewer', 'convener', 'secretary', 'representative', 'department'] as const;

/** Loads a meeting, or 404; then 403 unless the principal may see it. */
export async function loadMeeting(db: Database, tree: OrgTree, principal: Principal, id: number): Promise<Meeting> {
  const meeting = await db.models.Meeting.findByPk(id);
  if (!meeting) throw errors.notFound();
  if (!(await hasRoleAt(tree, principal, STAFF_ROLES, meeting.organisationId))) throw errors.forbidden();
  return meeting;
}

/**
 * Only the meeting's convener and secretaries drive the hall, and the organisation's admins as a
 * fallback when the convener's laptop dies; other staff only watch.
 */
export async function canDrive(tree: OrgTree, principal: Principal, meeting: Meeting): Promise<boolean> {
  if (meeting.convenerId === principal.userId || meeting.secretaryIds.includes(principal.userId)) return true;
  return hasRoleAt(tree, principal, ['admin'], meeting.organisationId);
}

export async function canOrganise(tree: OrgTree, principal: Principal, meeting: Meeting): Promise<boolean> {
  return meeting.convenerId === principal.userId || hasRoleAt(tree, principal, ORGANISER_ROLES, meeting.organisationId);
}
