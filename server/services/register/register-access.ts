import { ROLES } from '../../../shared/roles.js';
import type { Database } from '../../db/index.js';
import type { Organisation } from '../../db/models/organisation.js';
import { errors } from '../../errors.js';
import { hasRoleAt, type Principal } from '../access.js';
import type { OrgTree } from '../org-tree.js';

/** Who edits a village's register and its bodies: its reviewers and admins (there or above). */
export const REGISTER_EDIT_ROLES = ['admin', 'reviewer'] as const;

export type RegisterAccessLevel = 'read' | 'edit';

/**
 * The one authorisation rule of the register and the bodies. Editing: reviewer or admin at the
 * village or above. Reading: any role covering the village. A register belongs to a village or
 * community (kind 'village'): asking for a grid's or a township's answers 404, like an unknown id.
 */
export class RegisterAccess {
  constructor(
    private readonly db: Database,
    private readonly tree: OrgTree,
  ) {}

  async village(principal: Principal, organisationId: number, level: RegisterAccessLevel): Promise<Organisation> {
    const org = await this.db.models.Organisation.findByPk(organisationId);
    const allowed = await hasRoleAt(
      this.tree,
      principal,
      level === 'edit' ? REGISTER_EDIT_ROLES : ROLES,
      organisationId,
    );
    if (!org) throw errors.notFound();
    if (!allowed) throw errors.forbidden();
    if (org.kind !== 'village') throw errors.notFound();
    return org;
  }

  canEdit(principal: Principal, organisationId: number): Promise<boolean> {
    return hasRoleAt(this.tree, principal, REGISTER_EDIT_ROLES, organisationId);
  }

  /** The village's grids by id, for names and for checking a grid belongs to it. */
  async grids(villageId: number): Promise<Map<number, string>> {
    const rows = await this.db.models.Organisation.findAll({
      where: { parentId: villageId, kind: 'grid' },
      attributes: ['id', 'name'],
      order: [['id', 'ASC']],
      raw: true,
    });
    return new Map(rows.map((g) => [g.id, g.name]));
  }
}
