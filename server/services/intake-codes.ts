import { UniqueConstraintError } from 'sequelize';
import QRCode from 'qrcode';
import { INTAKE_CODE_LENGTH } from '../../shared/rules/intake.js';
import type { IntakeCodeView } from '../../shared/schemas/intake.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { IntakeCode } from '../db/models/intake-code.js';
import { errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import { randomCode } from './codes.js';
import type { OrgTree } from './org-tree.js';
import { renderPoster } from './poster.js';

/** Who may create, label, disable and print intake codes. */
export const INTAKE_ADMIN_ROLES = ['admin', 'reviewer'] as const;

/** Printed codes that open the resident's form, with their QR images and A4 posters. */
export class IntakeCodeService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly publicUrl: string,
    /** Tells the intake service to drop its cached codes after a change. */
    private readonly onChange: () => void = () => undefined,
  ) {}

  url(code: string): string {
    return `${this.publicUrl}/p/${code}`;
  }

  private async present(row: IntakeCode): Promise<IntakeCodeView> {
    const org = await this.db.models.Organisation.findByPk(row.organisationId, { attributes: ['name'] });
    return {
      id: row.id,
      code: row.code,
      organisationId: row.organisationId,
      organisationName: org?.name ?? '',
      label: row.label,
      disabled: Boolean(row.disabled),
      url: this.url(row.code),
      createdAt: row.createdAt.toISOString(),
    };
  }

  private async authorised(principal: Principal, organisationId: number): Promise<void> {
    if (!(await hasRoleAt(this.tree, principal, INTAKE_ADMIN_ROLES, organisationId))) {
      throw (await this.db.models.Organisation.count({ where: { id: organisationId } }))
        ? errors.forbidden()
        : errors.notFound();
    }
  }

  async list(principal: Principal, organisationId: number): Promise<IntakeCodeView[]> {
    await this.authorised(principal, organisationId);
    const rows = await this.db.models.IntakeCode.findAll({ where: { organisationId }, order: [['id', 'ASC']] });
    return Promise.all(rows.map((r) => this.present(r)));
  }

  async create(principal: Principal | null, organisationId: number, label: string): Promise<IntakeCodeView> {
    if (principal) await this.authorised(principal, organisationId);
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.db.tx(async (t) => {
          const created = await this.db.models.IntakeCode.create(
            { code: randomCode(INTAKE_CODE_LENGTH), organisationId, label, createdBy: principal?.userId ?? null },
            { transaction: t },
          );
          await recordAudit(this.db, this.clock, t, {
            actorId: principal?.userId ?? null,
            action: 'intake_code.created',
            subjectType: 'intake_code',
            subjectId: created.id,
            organisationId,
            summary: { after: { code: created.code, label } },
          });
          return created;
        });
        return this.present(row);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError) || attempt > 5) throw err;
      }
    }
  }

  async load(principal: Principal, id: number): Promise<IntakeCode> {
    const row = await this.db.models.IntakeCode.findByPk(id);
    if (!row) throw errors.notFound();
    await this.authorised(principal, row.organisationId);
    return row;
  }

  async update(
    principal: Principal,
    id: number,
    body: { label?: string; disabled?: boolean },
  ): Promise<IntakeCodeView> {
    const row = await this.load(principal, id);
    const before = { label: row.label, disabled: row.disabled };
    await this.db.tx(async (t) => {
      await row.update(body, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: body.disabled === true ? 'intake_code.disabled' : 'intake_code.updated',
        subjectType: 'intake_code',
        subjectId: row.id,
        organisationId: row.organisationId,
        summary: { before, after: { label: row.label, disabled: row.disabled } },
      });
    });
    this.onChange();
    return this.present(row);
  }

  async qrSvg(principal: Principal, id: number): Promise<string> {
    const row = await this.load(principal, id);
    return QRCode.toString(this.url(row.code), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  async qrPng(principal: Principal, id: number): Promise<Buffer> {
    const row = await this.load(principal, id);
    return QRCode.toBuffer(this.url(row.code), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 600 });
  }

  async poster(principal: Principal, id: number): Promise<Buffer> {
    const row = await this.load(principal, id);
    const org = await this.db.models.Organisation.findByPk(row.organisationId);
    return renderPoster({
      organisationName: org?.name ?? '',
      label: row.label,
      code: row.code,
      url: this.url(row.code),
      boardUrl: org?.boardCode ? `${this.publicUrl}/b/${org.boardCode}` : null,
    });
  }
}
