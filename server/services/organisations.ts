import { Op, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import { AppError, errors } from '../errors.js';
import { CHILD_KIND, ORGANISATION_KINDS } from '../../shared/roles.js';
import type {
  CreateOrganisationBody,
  OrganisationView,
  UpdateOrganisationBody,
} from '../../shared/schemas/organisation.js';
import { hasRoleAt, isRootAdmin, scopeOf, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import type { OrgTree } from './org-tree.js';
import { presentOrganisation } from './present.js';

const KIND_ORDER = new Map(ORGANISATION_KINDS.map((k, i) => [k, i]));

/**
 * Told inside the transaction that changed an organisation's settings (the display settings of
 * 四议两公开 feed the stored flags of every matter below it); returns what to announce after it.
 */
export interface SettingsWatcher {
  settingsChanged(organisationId: number, t: Transaction): Promise<number[]>;
  announce(procedureIds: readonly number[]): void;
}

/** The organisation tree: list what a user may see, and let admins grow and rename it. */
export class OrganisationService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly settingsWatcher: SettingsWatcher | null = null,
  ) {}

  /** Two grids both called 第一网格 under one village would make every list ambiguous. */
  private async assertUniqueName(
    parentId: number | null,
    name: string,
    exceptId: number | null,
    t: Transaction,
  ): Promise<void> {
    const clash = await this.db.models.Organisation.findOne({
      where: { parentId, name, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) },
      transaction: t,
    });
    if (clash)
      throw new AppError('conflict', 'org.error.duplicate_name', { name }, [
        { path: 'name', key: 'org.error.duplicate_name', params: { name } },
      ]);
  }

  /** Every organisation in the subtrees where the user holds any role, parents before children. */
  async listVisible(principal: Principal): Promise<OrganisationView[]> {
    const ids = [...(await scopeOf(this.tree, principal))];
    const rows = await this.db.models.Organisation.findAll({ where: { id: { [Op.in]: ids } } });
    // Creation order within a level: pinyin order would put 第二网格 before 第一网格.
    rows.sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || a.id - b.id);
    return rows.map(presentOrganisation);
  }

  async create(principal: Principal, body: CreateOrganisationBody): Promise<OrganisationView> {
    const { Organisation } = this.db.models;
    if (body.parentId === null) {
      if (body.kind !== 'county' || !(await isRootAdmin(this.tree, principal))) throw errors.forbidden();
    } else {
      if (!(await hasRoleAt(this.tree, principal, ['admin'], body.parentId))) throw errors.forbidden();
      const parent = await Organisation.findByPk(body.parentId);
      if (!parent) throw errors.notFound();
      const expected = CHILD_KIND[parent.kind];
      if (expected !== body.kind) {
        throw new AppError('validation_failed', 'org.error.wrong_child_kind', { kind: expected ?? '—' });
      }
    }
    const created = await this.db.tx(async (t) => {
      await this.assertUniqueName(body.parentId, body.name, null, t);
      const parent = body.parentId ? await Organisation.findByPk(body.parentId, { transaction: t }) : null;
      const org = await Organisation.create(
        {
          name: body.name,
          kind: body.kind,
          parentId: body.parentId,
          settings: body.settings,
          isDemo: parent?.isDemo ?? false,
        },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'organisation.created',
        subjectType: 'organisation',
        subjectId: org.id,
        organisationId: org.id,
        summary: { after: { name: org.name, kind: org.kind, parentId: org.parentId } },
      });
      return org;
    });
    await this.tree.reload();
    return presentOrganisation(created);
  }

  async update(principal: Principal, id: number, body: UpdateOrganisationBody): Promise<OrganisationView> {
    if (!(await hasRoleAt(this.tree, principal, ['admin'], id))) {
      throw (await this.db.models.Organisation.count({ where: { id } })) ? errors.forbidden() : errors.notFound();
    }
    let procedures: number[] = [];
    const updated = await this.db.tx(async (t) => {
      const org = await this.db.models.Organisation.findByPk(id, { transaction: t });
      if (!org) throw errors.notFound();
      if (body.name) await this.assertUniqueName(org.parentId, body.name, org.id, t);
      const before = { name: org.name, settings: org.settings };
      await org.update(
        { ...(body.name ? { name: body.name } : {}), ...(body.settings ? { settings: body.settings } : {}) },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'organisation.updated',
        subjectType: 'organisation',
        subjectId: org.id,
        organisationId: org.id,
        summary: { before, after: { name: org.name, settings: org.settings } },
      });
      if (body.settings) procedures = (await this.settingsWatcher?.settingsChanged(org.id, t)) ?? [];
      return org;
    });
    this.settingsWatcher?.announce(procedures);
    return presentOrganisation(updated);
  }
}
