import { canMoveMotion, handsProblem, optionCount } from '../../shared/rules/ballot.js';
import { PRESETS, type RuleSet } from '../../shared/rules/quorum.js';
import type { CreateMotionBody, MotionDetail, MotionView } from '../../shared/schemas/vote.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Motion } from '../db/models/motion.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import type { DecisionService } from './decisions.js';
import { canDrive, loadMeeting } from './meeting-access.js';
import type { OrgTree } from './org-tree.js';
import { MotionViews } from './motion-views.js';
import type { Voters } from './voters.js';
import { clearSecretTraces } from './motion-close.js';
import type { Logger } from '../logger.js';
import { bumpMeeting } from './meeting-roster.js';
import type { MotionEvents } from './motion-events.js';

export type { MotionEvents };

/**
 * Motions (表决事项) and their life: created on an agenda item by the convener or a secretary,
 * opened (with an optional countdown), counted by hand for a show of hands, closed (see
 * MotionCloser) and, with a reason, annulled. Ballots themselves go through BallotService.
 */
export class MotionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly voters: Voters,
    private readonly decisions: DecisionService,
    private readonly events: MotionEvents,
    private readonly logger: Logger,
  ) {
    this.views = new MotionViews(db, voters);
  }

  private readonly views: MotionViews;

  /** The motion and its meeting, for someone who may drive the hall (convener, secretaries, admins). */
  async driven(principal: Principal, motionId: number): Promise<{ motion: Motion; meeting: Meeting }> {
    const motion = await this.db.models.Motion.findByPk(motionId);
    if (!motion) throw errors.notFound();
    const meeting = await loadMeeting(this.db, this.tree, principal, motion.meetingId);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    return { motion, meeting };
  }

  async create(principal: Principal, body: CreateMotionBody): Promise<MotionView> {
    const meeting = await loadMeeting(this.db, this.tree, principal, body.meetingId);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
    const item = await this.db.models.AgendaItem.findOne({ where: { id: body.agendaItemId, meetingId: meeting.id } });
    if (!item) throw errors.invalid('meeting.error.item');
    const body_ = body.rules && 'custom' in body.rules ? 'custom' : (body.rules?.body ?? meeting.body);
    const rules: RuleSet =
      body.rules && 'custom' in body.rules ? body.rules.custom : PRESETS[body_ as keyof typeof PRESETS];
    // A 四议两公开 stage is decided by the vote on its item: only a yes/no question under the
    // meeting body's statutory rule may decide it, not a custom threshold or another body's preset.
    if (
      (body.form !== 'yes_no' || body_ !== meeting.body) &&
      (await this.db.models.ProcedureStage.count({ where: { agendaItemId: item.id } }))
    )
      throw errors.invalid('vote.error.stage_rules');
    const motion = await this.db.tx(async (t) => {
      const m = await this.db.models.Motion.create(
        {
          meetingId: meeting.id,
          agendaItemId: item.id,
          question: body.question,
          kind: body.kind,
          form: body.form,
          options: body.options,
          maxChoices: body.maxChoices,
          body: body_ as Motion['body'],
          rules,
          liveTally: body.liveTally,
          status: 'draft',
          closesAt: null,
          openedAt: null,
          closedAt: null,
          result: null,
          attendanceSnapshot: null,
          annulReason: null,
          annulledAt: null,
          createdBy: principal.userId,
        },
        { transaction: t },
      );
      await this.db.models.MotionTally.create(
        { motionId: m.id, ballots: 0, counts: new Array<number>(optionCount(m.form, m.options)).fill(0) },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'motion.created',
        subjectType: 'motion',
        subjectId: m.id,
        organisationId: meeting.organisationId,
        summary: { after: { question: m.question, kind: m.kind, form: m.form, body: m.body } },
      });
      return m;
    });
    this.events.motionChanged(motion.id);
    return this.view(motion);
  }

  /** Opens voting; a countdown closes it by itself. Puts the vote board on the projector. */
  async open(principal: Principal, motionId: number, countdownSeconds?: number): Promise<MotionView> {
    const { motion, meeting } = await this.driven(principal, motionId);
    if (meeting.status !== 'live') throw new AppError('conflict', 'vote.error.meeting_not_live');
    await this.db.tx(async (t) => {
      await motion.reload({ transaction: t, lock: t.LOCK.UPDATE });
      if (!canMoveMotion(motion.status, 'open')) throw new AppError('conflict', 'vote.error.transition');
      const now = this.clock.now();
      await motion.update(
        {
          status: 'open',
          openedAt: now,
          closesAt: countdownSeconds ? new Date(now.getTime() + countdownSeconds * 1000) : null,
          version: motion.version + 1,
        },
        { transaction: t },
      );
      // Through the locked row, like every hall change, so concurrent changes get distinct versions.
      await bumpMeeting(this.db, meeting.id, t, { screenMode: 'vote' });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'motion.opened',
        subjectType: 'motion',
        subjectId: motion.id,
        organisationId: meeting.organisationId,
        summary: { after: { closesAt: motion.closesAt?.toISOString() ?? null } },
      });
    });
    this.events.motionChanged(motion.id);
    this.events.meetingChanged(meeting.id);
    return this.view(motion);
  }

  /**
   * A show of hands, as the secretary counted it: may be entered again while the vote is open,
   * and is locked by closing. The counts can never exceed the voters present.
   */
  async hands(principal: Principal, motionId: number, counts: number[], cast?: number): Promise<MotionView> {
    const { motion, meeting } = await this.driven(principal, motionId);
    if (motion.kind !== 'show_of_hands') throw new AppError('conflict', 'vote.error.not_show_of_hands');
    if (counts.length !== optionCount(motion.form, motion.options)) throw errors.invalid('vote.error.hands');
    const voters = cast ?? counts.reduce((a, b) => a + b, 0);
    if (motion.form !== 'yes_no' && motion.maxChoices > 1 && cast === undefined)
      throw errors.invalid('vote.error.hands_cast_needed');
    await this.db.tx(async (t) => {
      await motion.reload({ transaction: t, lock: t.LOCK.UPDATE });
      if (motion.status !== 'open') throw new AppError('conflict', 'vote.error.not_open');
      const present = (await this.voters.roll(meeting, t)).present.length;
      const problem =
        voters === 0 ? 'vote.error.hands' : handsProblem(motion.form, motion.maxChoices, counts, voters, present);
      if (problem) throw new AppError('validation_failed', problem, { present });
      await this.db.models.MotionTally.update({ ballots: voters, counts }, { where: { motionId }, transaction: t });
      await motion.update({ version: motion.version + 1 }, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'motion.hands_counted',
        subjectType: 'motion',
        subjectId: motion.id,
        organisationId: meeting.organisationId,
        summary: { after: { counts, cast: voters, present } },
      });
    });
    this.events.motionChanged(motion.id);
    return this.view(motion);
  }

  /**
   * Annuls a motion with a reason, in any state but annulled: voting stops, the result (if any)
   * no longer stands, and a decision it produced is marked annulled too. Only the meeting's
   * convener or an admin may, and the audit trail keeps who, when and why.
   */
  async annul(principal: Principal, motionId: number, reason: string): Promise<MotionView> {
    const motion = await this.db.models.Motion.findByPk(motionId);
    if (!motion) throw errors.notFound();
    const meeting = await loadMeeting(this.db, this.tree, principal, motion.meetingId);
    if (
      meeting.convenerId !== principal.userId &&
      !(await hasRoleAt(this.tree, principal, ['admin'], meeting.organisationId))
    )
      throw errors.forbidden();
    const decisionIds = await this.db.tx(async (t) => {
      await motion.reload({ transaction: t, lock: t.LOCK.UPDATE });
      if (!canMoveMotion(motion.status, 'annulled')) throw new AppError('conflict', 'vote.error.transition');
      const before = motion.status;
      const now = this.clock.now();
      await motion.update(
        { status: 'annulled', annulReason: reason, annulledAt: now, version: motion.version + 1 },
        { transaction: t },
      );
      const annulled = await this.decisions.annulForMotion(motion.id, reason, now, t);
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'motion.annulled',
        subjectType: 'motion',
        subjectId: motion.id,
        organisationId: meeting.organisationId,
        summary: { before: { status: before }, after: { status: 'annulled', reason, decisions: annulled } },
      });
      return annulled;
    });
    this.events.motionChanged(motion.id);
    this.events.motionAnnulled?.(motion.id);
    for (const id of decisionIds) this.decisions.announceAnnulled(id);
    if (motion.kind === 'secret') {
      this.events.ballotsSettled?.(motion.id);
      await clearSecretTraces(this.db, this.logger);
    }
    return this.view(motion);
  }

  /** What the hall may see of a motion (see MotionViews). */
  view(
    motion: Motion,
    meeting?: Meeting,
    tally?: { ballots: number; counts: number[] | null } | null,
  ): Promise<MotionView> {
    return this.views.view(motion, meeting, tally);
  }

  list(meetingId: number): Promise<MotionView[]> {
    return this.views.list(meetingId);
  }

  async listForStaff(principal: Principal, meetingId: number): Promise<MotionView[]> {
    await loadMeeting(this.db, this.tree, principal, meetingId);
    return this.views.list(meetingId);
  }

  async detail(principal: Principal, motionId: number): Promise<MotionDetail> {
    const motion = await this.db.models.Motion.findByPk(motionId);
    if (!motion) throw errors.notFound();
    return this.views.detail(motion, await loadMeeting(this.db, this.tree, principal, motion.meetingId));
  }
}
