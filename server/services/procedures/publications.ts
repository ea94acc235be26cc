import { Op } from 'sequelize';
import { displayDaysProblem, type PublicationKind } from '../../../shared/rules/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import { AppError, errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import type { OrgTree } from '../org-tree.js';
import { refreshFlags, settingsFor } from './facts.js';
import { villageOfCode } from './objections.js';
import { canManage, loadProcedure, recordEvent, type ProcedureListener } from './procedures.js';

const DAY = 86_400_000;

/**
 * The two publications (决议公开, 实施结果公开); residents may object while one is on display
 * (./objections.ts). A period is never shorter than the organisation's minimum; taking a
 * publication down early is possible (a mistake happens) but flags the matter.
 */
export class ProcedurePublications {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly listener: ProcedureListener,
  ) {}

  async publish(principal: Principal, id: number, body: { kind: PublicationKind; days?: number; text?: string }) {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    if (!(await canManage(this.tree, principal, p.organisationId))) throw errors.forbidden();
    const settings = await settingsFor(this.db, this.tree, p.organisationId);
    const days = body.days ?? settings.displayDays;
    const problem = displayDaysProblem(days, settings.minDisplayDays);
    if (problem) throw errors.invalid(problem, { min: settings.minDisplayDays });
    await this.db.tx(async (t) => {
      await p.reload({ transaction: t, lock: t.LOCK.UPDATE });
      const wanted = body.kind === 'resolution' ? 'resolution_publication' : 'result_publication';
      // One standing publication per kind (a voided one, whose 决议 was annulled, gives way).
      const standing = await this.db.models.ProcedurePublication.count({
        where: { procedureId: p.id, kind: body.kind, voided: false },
        transaction: t,
      });
      if (p.state !== 'open' || p.step !== wanted || standing)
        throw new AppError('conflict', `procedure.error.publish_${body.kind}`);
      const text = body.text ?? (await this.defaultText(p.id, body.kind, p.resolutionId));
      const now = this.clock.now();
      const endsAt = new Date(now.getTime() + days * DAY);
      await this.db.models.ProcedurePublication.create(
        {
          procedureId: p.id,
          kind: body.kind,
          text,
          days,
          // The rule of the day it was published by: a later, higher minimum does not make it short.
          minDays: settings.minDisplayDays,
          startsAt: now,
          endsAt,
          withdrawnAt: null,
          withdrawReason: null,
          publishedBy: principal.userId,
        },
        { transaction: t },
      );
      if (body.kind === 'resolution') await p.update({ step: 'implementation' }, { transaction: t });
      else await p.update({ state: 'completed', step: 'done', closedAt: endsAt }, { transaction: t });
      await recordEvent(this.db, this.clock, t, p, 'published', {
        actorId: principal.userId,
        detail: `${body.kind}：${days}`,
      });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'procedure.published',
        subjectType: 'procedure',
        subjectId: p.id,
        organisationId: p.organisationId,
        summary: { after: { kind: body.kind, days } },
      });
      await refreshFlags(this.db, this.tree, p, t);
    });
    this.listener.changed(p.id);
  }

  /** What goes on the board unless the convener writes it: the final proposal, or the reported result. */
  private async defaultText(procedureId: number, kind: PublicationKind, resolutionId: number | null): Promise<string> {
    if (kind === 'result' && resolutionId !== null) {
      const r = await this.db.models.Resolution.findByPk(resolutionId, { attributes: ['result', 'text'] });
      if (r?.result) return r.result;
    }
    const v = await this.db.models.ProcedureVersion.findOne({
      where: { procedureId },
      order: [['version', 'DESC']],
    });
    return (v?.text ?? '').slice(0, 5000);
  }

  async withdraw(principal: Principal, id: number, kind: PublicationKind, reason: string): Promise<void> {
    const p = await loadProcedure(this.db, this.tree, principal, id);
    if (!(await canManage(this.tree, principal, p.organisationId))) throw errors.forbidden();
    await this.db.tx(async (t) => {
      const pub = await this.db.models.ProcedurePublication.findOne({
        where: { procedureId: p.id, kind, voided: false },
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!pub || pub.withdrawnAt) throw new AppError('conflict', 'procedure.error.not_on_display');
      await pub.update({ withdrawnAt: this.clock.now(), withdrawReason: reason }, { transaction: t });
      await recordEvent(this.db, this.clock, t, p, 'withdrawn', { actorId: principal.userId, detail: reason });
      await refreshFlags(this.db, this.tree, p, t);
    });
    this.listener.changed(p.id);
  }

  /** Matters of the code's village currently on display (public: no names, no phones). */
  async onDisplay(code: string): Promise<{ organisationId: number; ids: number[] }> {
    const organisationId = await villageOfCode(this.db, this.tree, code);
    const now = this.clock.now();
    const pubs = await this.db.models.ProcedurePublication.findAll({
      where: { endsAt: { [Op.gt]: now }, withdrawnAt: null, voided: false },
      attributes: ['procedureId'],
      include: [],
    });
    const ids = pubs.length
      ? (
          await this.db.models.Procedure.findAll({
            where: { id: { [Op.in]: pubs.map((x) => x.procedureId) }, organisationId },
            attributes: ['id'],
          })
        ).map((x) => x.id)
      : [];
    return { organisationId, ids };
  }
}
