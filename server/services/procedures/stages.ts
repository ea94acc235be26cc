import { Op, type Transaction } from 'sequelize';
import { daysBetween, previousStage, scheduleProblem, STAGES, type Stage } from '../../../shared/rules/procedure.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Meeting } from '../../db/models/meeting.js';
import { AppError, errors } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Principal } from '../access.js';
import type { OrgTree } from '../org-tree.js';
import { refreshFlags, settingsFor } from './facts.js';
import { replayMotions } from './catch-up.js';
import { canManage, recordEvent, type ProcedureListener } from './procedures.js';

const STAGE_TITLE: Record<Stage, string> = {
  proposal: '提议',
  consultation: '商议',
  review: '审议',
  resolution: '决议',
};

/**
 * Where a stage meets a meeting. Putting a stage on an agenda (MeetingAgenda calls `place` inside
 * its own transaction, for the REST route and the socket event alike) is refused unless the
 * previous stage has passed and the meeting's body is the stage's; when the motion on that item
 * closes, its result decides the stage (after commit, idempotent, caught up on start like the
 * resolutions' drafts).
 */
export class ProcedureStages {
  /** Procedures whose changes were committed by someone else's transaction (the agenda's). */
  private readonly touched = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tree: OrgTree,
    private readonly listener: ProcedureListener,
  ) {}

  /** Creates the agenda item and the stage row together; refuses with a translated error otherwise. */
  async place(
    principal: Principal,
    meeting: Meeting,
    body: { procedureId: number; stage: Stage },
    position: number,
    t: Transaction,
  ): Promise<number> {
    const p = await this.db.models.Procedure.findByPk(body.procedureId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!p) throw new AppError('not_found', 'procedure.error.not_found');
    if (p.organisationId !== meeting.organisationId) throw errors.invalid('procedure.error.meeting_organisation');
    if (!(await canManage(this.tree, principal, p.organisationId))) throw errors.forbidden();
    const attempts = await this.db.models.ProcedureStage.findAll({ where: { procedureId: p.id }, transaction: t });
    const problem = scheduleProblem(p, attempts, body.stage, meeting.body);
    if (problem) throw new AppError(problem === 'procedure.error.body' ? 'validation_failed' : 'conflict', problem);
    const item = await this.db.models.AgendaItem.create(
      {
        meetingId: meeting.id,
        position,
        topicId: null,
        title: `【${STAGE_TITLE[body.stage]}】${p.title}`.slice(0, 80),
        notes: '',
      },
      { transaction: t },
    );
    await this.db.models.ProcedureStage.create(
      {
        procedureId: p.id,
        stage: body.stage,
        attempt: attempts.filter((a) => a.stage === body.stage).length + 1,
        state: 'scheduled',
        body: meeting.body,
        meetingId: meeting.id,
        agendaItemId: item.id,
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
    await recordEvent(this.db, this.clock, t, p, 'scheduled', {
      stage: body.stage,
      actorId: principal.userId,
      detail: `${meeting.title}（${meeting.startsAt.toISOString()}）`,
    });
    await refreshFlags(this.db, this.tree, p, t);
    this.touched.add(p.id);
    return item.id;
  }

  /** The agenda item of a stage still waiting for its vote was removed: the stage is off the agenda. */
  async unplaced(agendaItemId: number, t: Transaction): Promise<void> {
    const row = await this.db.models.ProcedureStage.findOne({
      where: { agendaItemId, state: 'scheduled' },
      transaction: t,
    });
    if (!row) return;
    await row.destroy({ transaction: t });
    await recordEvent(this.db, this.clock, t, { id: row.procedureId }, 'unscheduled', { stage: row.stage });
    // The stage's meeting (its body, its notice) no longer counts towards the flags.
    const p = await this.db.models.Procedure.findByPk(row.procedureId, { transaction: t });
    if (p) await refreshFlags(this.db, this.tree, p, t);
    this.touched.add(row.procedureId);
  }

  /** Called after the agenda's transaction committed: tell watchers about what it changed. */
  flush(): void {
    for (const id of this.touched) this.listener.changed(id);
    this.touched.clear();
  }

  /**
   * A motion closed: if it sits on a stage's item and the stage waits for it, the result decides
   * the stage. Idempotent: a stage already decided is left alone.
   */
  async motionClosed(motionId: number): Promise<void> {
    const motion = await this.db.models.Motion.findByPk(motionId);
    if (!motion || motion.status !== 'closed' || !motion.result || motion.agendaItemId === null) return;
    const result = motion.result;
    const changed = await this.db.tx(async (t) => {
      const row = await this.db.models.ProcedureStage.findOne({
        where: { agendaItemId: motion.agendaItemId, state: 'scheduled' },
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!row) return null;
      // The matter's lock orders this against linking the resolution drafted from the same close.
      const p = (await this.db.models.Procedure.findByPk(row.procedureId, { transaction: t, lock: t.LOCK.UPDATE }))!;
      const meeting = await this.db.models.Meeting.findByPk(row.meetingId, { transaction: t });
      const version = (await this.db.models.ProcedureVersion.max('version', {
        where: { procedureId: p.id },
        transaction: t,
      })) as number;
      const passed = result.passed;
      const decidedAt = motion.closedAt ?? this.clock.now();
      await row.update(
        {
          state: passed ? 'passed' : 'failed',
          motionId: motion.id,
          version,
          decidedAt,
          days: daysBetween(await this.startOf(p.id, row.stage, p.createdAt, t), decidedAt),
          statement: result.statement,
          quorumMet: result.quorumMet,
          quorumRequired: result.quorumRequired,
          // The meeting's frozen member count when it has one; else what the tally counted.
          entitled: meeting?.entitledCount ?? result.members,
          present: result.present,
        },
        { transaction: t },
      );
      if (passed) {
        const next = STAGES[STAGES.indexOf(row.stage) + 1];
        await p.update({ step: next ?? 'resolution_publication' }, { transaction: t });
        // The resolution drafted from this decision may have been drafted first (both follow the
        // close): link it here too, so the order of the two makes no difference.
        if (row.stage === 'resolution') {
          const drafted = await this.resolutionOf(motion.id, t);
          if (drafted !== null) await p.update({ resolutionId: drafted }, { transaction: t });
        }
      }
      await recordEvent(this.db, this.clock, t, p, passed ? 'passed' : 'failed', {
        stage: row.stage,
        detail: result.statement['zh-CN'],
      });
      await refreshFlags(this.db, this.tree, p, t);
      return p.id;
    });
    if (changed !== null) this.listener.changed(changed);
  }

  private async resolutionOf(motionId: number, t: Transaction): Promise<number | null> {
    const decision = await this.db.models.Decision.findOne({
      where: { motionId, annulledAt: null },
      attributes: ['id'],
      transaction: t,
    });
    if (!decision) return null;
    const r = await this.db.models.Resolution.findOne({
      where: { decisionId: decision.id },
      attributes: ['id'],
      transaction: t,
    });
    return r?.id ?? null;
  }

  /** When a stage's clock started: the last pass of the stage before it, or the opening. */
  private async startOf(procedureId: number, stage: Stage, openedAt: Date, t: Transaction): Promise<Date> {
    const prev = previousStage(stage);
    if (!prev) return openedAt;
    const last = await this.db.models.ProcedureStage.findOne({
      where: { procedureId, stage: prev, state: 'passed' },
      order: [['decidedAt', 'DESC']],
      transaction: t,
    });
    return last?.decidedAt ?? openedAt;
  }

  /**
   * A resolution changed: the one drafted from a 决议 stage's decision is linked to its procedure,
   * and once its result is rated satisfactory the matter waits for 实施结果公开.
   */
  async resolutionChanged(resolutionId: number): Promise<void> {
    const r = await this.db.models.Resolution.findByPk(resolutionId);
    if (!r || r.decisionId === null) return;
    const decision = await this.db.models.Decision.findByPk(r.decisionId, { attributes: ['motionId'] });
    if (!decision?.motionId) return;
    const motion = await this.db.models.Motion.findByPk(decision.motionId, { attributes: ['agendaItemId'] });
    if (!motion?.agendaItemId) return;
    const changed = await this.db.tx(async (t) => {
      // By the item, not the motion: the close that drafted this resolution may not have recorded
      // the stage's result yet (its motion id), and then links it itself once it holds the lock.
      const row = await this.db.models.ProcedureStage.findOne({
        where: { agendaItemId: motion.agendaItemId, stage: 'resolution' },
        order: [['id', 'DESC']],
        transaction: t,
      });
      if (!row) return null;
      const p = (await this.db.models.Procedure.findByPk(row.procedureId, { transaction: t, lock: t.LOCK.UPDATE }))!;
      // Under the matter's lock, again: the close or an annulment that held it may have changed it.
      await row.reload({ transaction: t });
      if (row.state !== 'passed' || row.motionId !== decision.motionId) return null;
      const rated = r.ratedAt && (r.rating === 'satisfied' || r.rating === 'basically_satisfied');
      const update: Partial<{
        resolutionId: number;
        resultRatedAt: Date;
        resultLimitDays: number;
        step: 'result_publication';
      }> = {};
      if (p.resolutionId !== r.id) update.resolutionId = r.id;
      if (rated && !p.resultRatedAt) {
        update.resultRatedAt = r.ratedAt!;
        // The deadline to publish the result is the one of this day; a later setting does not move it.
        update.resultLimitDays = (await settingsFor(this.db, this.tree, p.organisationId, t)).resultPublishLimitDays;
        if (p.step === 'implementation') update.step = 'result_publication';
      }
      if (!Object.keys(update).length) return null;
      await p.update(update, { transaction: t });
      if (update.resultRatedAt) await recordEvent(this.db, this.clock, t, p, 'rated', { detail: r.rating });
      await refreshFlags(this.db, this.tree, p, t);
      return p.id;
    });
    if (changed !== null) this.listener.changed(changed);
  }

  /** On start: decide stages whose motion closed while no process listened. */
  async catchUp(): Promise<void> {
    const waiting = await this.db.models.ProcedureStage.findAll({
      where: { state: 'scheduled', agendaItemId: { [Op.ne]: null } },
      attributes: ['agendaItemId'],
      raw: true,
    });
    if (!waiting.length) return;
    const closed = await this.db.models.Motion.findAll({
      where: { agendaItemId: { [Op.in]: waiting.map((w) => w.agendaItemId!) }, status: 'closed' },
      attributes: ['id'],
      order: [['closedAt', 'ASC']],
    });
    await replayMotions(
      closed.map((m) => m.id),
      (id) => this.motionClosed(id),
      this.logger,
      'deciding a procedure stage failed',
    );
  }
}
