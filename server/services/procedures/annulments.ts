import { Op } from 'sequelize';
import { annulmentEffect } from '../../../shared/rules/procedure-annulment.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { OrgTree } from '../org-tree.js';
import { refreshFlags } from './facts.js';
import { replayMotions } from './catch-up.js';
import { recordEvent, type ProcedureListener } from './procedures.js';

/**
 * A motion that decided a stage was annulled: the stage's outcome no longer stands
 * (shared/rules/procedure-annulment.ts says what else falls with it). The voided attempts keep
 * their record with the state `annulled`; a matter that had moved on goes back to the stage; when
 * the 决议 falls, its publications come down (voided) and the resolution drafted from it is
 * unlinked (the resolutions feature withdraws it). While the meeting is still open, a fresh attempt
 * waits on the same agenda item, so a new vote there decides the stage. After the commit,
 * idempotent, caught up at start like the stages' own decisions.
 */
export class ProcedureAnnulments {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tree: OrgTree,
    private readonly listener: ProcedureListener,
  ) {}

  async motionAnnulled(motionId: number): Promise<void> {
    const motion = await this.db.models.Motion.findByPk(motionId, { attributes: ['id', 'status', 'annulReason'] });
    if (!motion || motion.status !== 'annulled') return;
    const changed = await this.db.tx(async (t) => {
      const row = await this.db.models.ProcedureStage.findOne({
        where: { motionId, state: { [Op.in]: ['passed', 'failed'] } },
        transaction: t,
      });
      if (!row) return null;
      const p = (await this.db.models.Procedure.findByPk(row.procedureId, { transaction: t, lock: t.LOCK.UPDATE }))!;
      const attempts = await this.db.models.ProcedureStage.findAll({
        where: { procedureId: p.id },
        order: [['id', 'ASC']],
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      const effect = annulmentEffect(p, attempts, row.id);
      const voided = attempts.filter((a) => effect.voided.includes(a.id));
      const resolutionFell = voided.some((a) => a.stage === 'resolution' && a.state === 'passed');
      for (const a of voided)
        await a.update(
          { state: 'annulled', reason: a.id === row.id ? motion.annulReason : a.reason },
          { transaction: t },
        );
      await recordEvent(this.db, this.clock, t, p, 'annulled', {
        stage: row.stage,
        detail: motion.annulReason ?? null,
      });
      const now = this.clock.now();
      if (resolutionFell) {
        // Everything published on the 决议 falls with it; what was on display comes down now.
        const pubs = await this.db.models.ProcedurePublication.findAll({
          where: { procedureId: p.id, voided: false },
          transaction: t,
        });
        for (const x of pubs)
          await x.update(
            {
              voided: true,
              ...(x.withdrawnAt || x.endsAt <= now ? {} : { withdrawnAt: now, withdrawReason: motion.annulReason }),
            },
            { transaction: t },
          );
        await p.update({ resolutionId: null, resultRatedAt: null, resultLimitDays: null }, { transaction: t });
      }
      if (effect.step) {
        await p.update({ step: effect.step, state: 'open', closedAt: null }, { transaction: t });
      }
      // A vote taken again at the same meeting decides the stage: a fresh attempt waits on the item.
      const meeting = row.agendaItemId
        ? await this.db.models.Meeting.findByPk(row.meetingId, { attributes: ['status'], transaction: t })
        : null;
      const stillScheduled = attempts.some((a) => a.state === 'scheduled' && !effect.voided.includes(a.id));
      if (
        effect.voided.includes(row.id) &&
        p.state === 'open' &&
        p.step === row.stage &&
        meeting &&
        meeting.status !== 'closed' &&
        !stillScheduled
      ) {
        await this.db.models.ProcedureStage.create(
          {
            procedureId: p.id,
            stage: row.stage,
            attempt: attempts.filter((a) => a.stage === row.stage).length + 1,
            state: 'scheduled',
            body: row.body,
            meetingId: row.meetingId,
            agendaItemId: row.agendaItemId,
            version: null,
            motionId: null,
            decidedAt: null,
            statement: null,
            quorumMet: null,
            quorumRequired: null,
            entitled: null,
            present: null,
            days: null,
            reason: null,
            returnedTo: null,
          },
          { transaction: t },
        );
      }
      await refreshFlags(this.db, this.tree, p, t);
      return p.id;
    });
    if (changed !== null) this.listener.changed(changed);
  }

  /** On start: undo stages whose motion was annulled while no process listened. */
  async catchUp(): Promise<void> {
    const decided = await this.db.models.ProcedureStage.findAll({
      where: { state: { [Op.in]: ['passed', 'failed'] }, motionId: { [Op.ne]: null } },
      attributes: ['motionId'],
      raw: true,
    });
    if (!decided.length) return;
    const annulled = await this.db.models.Motion.findAll({
      where: { id: { [Op.in]: decided.map((d) => d.motionId!) }, status: 'annulled' },
      attributes: ['id'],
      order: [['annulledAt', 'ASC']],
    });
    await replayMotions(
      annulled.map((m) => m.id),
      (id) => this.motionAnnulled(id),
      this.logger,
      'undoing an annulled procedure stage failed',
    );
  }
}
