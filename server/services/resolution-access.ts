import type { Resolution } from '../db/models/resolution.js';
import type { Database } from '../db/index.js';
import { errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import type { OrgTree } from './org-tree.js';
import { ACTION_SIDE, canTake, type ResolutionAction } from '../../shared/rules/resolution.js';

/** The owning village's side (派单方): dispatches, sets deadlines, closes out. */
export const OWNER_ROLES = ['admin', 'convener', 'reviewer'] as const;
/** Who follows the village's resolutions on the dashboard (read only unless also an owner). */
export const FOLLOW_ROLES = ['admin', 'convener', 'reviewer', 'secretary', 'representative'] as const;
/** The responsible unit's side (承办方): accepts or returns, posts progress, reports done. */
export const UNIT_ROLES = ['admin', 'department'] as const;

export async function isOwner(tree: OrgTree, p: Principal, r: Resolution): Promise<boolean> {
  return hasRoleAt(tree, p, OWNER_ROLES, r.organisationId);
}

/** The unit's side: the named responsible person, or a department member (or admin) of the unit. */
export async function isUnit(tree: OrgTree, p: Principal, r: Resolution): Promise<boolean> {
  if (r.responsibleUserId != null && r.responsibleUserId === p.userId) return true;
  return r.responsibleOrganisationId != null && hasRoleAt(tree, p, UNIT_ROLES, r.responsibleOrganisationId);
}

export async function canView(tree: OrgTree, p: Principal, r: Resolution): Promise<boolean> {
  return (await hasRoleAt(tree, p, FOLLOW_ROLES, r.organisationId)) || isUnit(tree, p, r);
}

/** Loads a resolution the principal may see; someone else's is "not found", not "forbidden". */
export async function loadResolution(db: Database, tree: OrgTree, p: Principal, id: number): Promise<Resolution> {
  const r = await db.models.Resolution.findByPk(id);
  if (!r) throw errors.notFound();
  if (!(await canView(tree, p, r))) throw errors.forbidden();
  return r;
}

/** The staff actions this principal may take on the resolution now. */
export async function allowedActions(tree: OrgTree, p: Principal, r: Resolution): Promise<ResolutionAction[]> {
  const owner = await isOwner(tree, p, r);
  const unit = await isUnit(tree, p, r);
  return (Object.keys(ACTION_SIDE) as ResolutionAction[]).filter(
    (a) => canTake(a, r.state) && ((ACTION_SIDE[a] === 'owner' && owner) || (ACTION_SIDE[a] === 'unit' && unit)),
  );
}
