import type { Role } from '../../shared/roles.js';
import type { OrgTree } from './org-tree.js';

/** The signed-in staff member as authorisation sees them. */
export interface Principal {
  userId: number;
  memberships: { id: number; organisationId: number; role: Role }[];
  /**
   * Set for an operator at the command line (`npm run yishi`, server/cli/): `cli:<OS user>`.
   * They have no account; `userId` is then 0 and audit records name the operator instead.
   */
  operator?: string;
}

/**
 * The single authorisation rule for organisation-scoped actions: a role granted at an
 * organisation applies to it and to all its descendants.
 */
export async function hasRoleAt(
  tree: OrgTree,
  principal: Principal | null,
  roles: readonly Role[],
  organisationId: number,
): Promise<boolean> {
  if (!principal) return false;
  const lineage = new Set(await tree.lineage(organisationId));
  return principal.memberships.some((m) => roles.includes(m.role) && lineage.has(m.organisationId));
}

/** Every organisation id where the principal holds one of `roles` (directly or by inheritance). */
export async function scopeOf(tree: OrgTree, principal: Principal, roles?: readonly Role[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const m of principal.memberships) {
    if (roles && !roles.includes(m.role)) continue;
    for (const id of await tree.subtree(m.organisationId)) out.add(id);
  }
  return out;
}

/** Admins of a root organisation (a county) administer the whole installation. */
export async function isRootAdmin(tree: OrgTree, principal: Principal | null): Promise<boolean> {
  if (!principal) return false;
  for (const m of principal.memberships) {
    if (m.role === 'admin' && (await tree.isRoot(m.organisationId))) return true;
  }
  return false;
}
