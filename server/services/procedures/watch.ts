import { Op, type Transaction } from 'sequelize';
import type { Database } from '../../db/index.js';
import type { OrgTree } from '../org-tree.js';
import { refreshFlagsOf } from './facts.js';
import type { ProcedureListener } from './procedures.js';

/**
 * Facts the flags read that change outside the procedure itself: the date and notice of the
 * meetings its stages sit on (a villagers' assembly rescheduled, published or taken back to draft
 * changes "notice too short"), and the display settings of its village and the organisations above
 * (the minimum period, the limit for publishing a result). The meeting and organisation services
 * call these inside their own transaction, so stored flags never disagree with the facts, and
 * announce the changed procedures after it commits.
 */
export class ProcedureFlagWatch {
  constructor(
    private readonly db: Database,
    private readonly tree: OrgTree,
    private readonly listener: ProcedureListener,
  ) {}

  /** A meeting's start or notice changed: every procedure with a stage on it. */
  async meetingChanged(meetingId: number, t: Transaction): Promise<number[]> {
    const rows = await this.db.models.ProcedureStage.findAll({
      where: { meetingId },
      attributes: ['procedureId'],
      transaction: t,
    });
    if (!rows.length) return [];
    const procedures = await this.db.models.Procedure.findAll({
      where: { id: { [Op.in]: [...new Set(rows.map((r) => r.procedureId))] } },
      transaction: t,
    });
    return refreshFlagsOf(this.db, this.tree, procedures, t);
  }

  /**
   * An organisation's settings changed: the procedures below it that the display settings bear on,
   * those with a publication or a rated result.
   */
  async settingsChanged(organisationId: number, t: Transaction): Promise<number[]> {
    const villages = await this.tree.subtree(organisationId);
    const published = this.db.sequelize.literal('(SELECT procedure_id FROM procedure_publications)');
    const procedures = await this.db.models.Procedure.findAll({
      where: {
        organisationId: { [Op.in]: villages },
        [Op.or]: [{ resultRatedAt: { [Op.ne]: null } }, { id: { [Op.in]: published } }],
      },
      transaction: t,
    });
    return refreshFlagsOf(this.db, this.tree, procedures, t);
  }

  /** After the commit: the township's view and the board follow the procedures that changed. */
  announce(ids: readonly number[]): void {
    for (const id of ids) this.listener.changed(id);
  }
}
