import { Op, QueryTypes, type Transaction } from 'sequelize';
import { decideChoices, optionCount, YES_NO } from '../../shared/rules/ballot.js';
import { decide, type Attendance } from '../../shared/rules/quorum.js';
import type { MotionResult } from '../../shared/schemas/vote.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Motion } from '../db/models/motion.js';
import { AppError, errors } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Principal } from './access.js';
import { recordAudit } from './audit.js';
import type { DecisionService } from './decisions.js';
import { canDrive, loadMeeting } from './meeting-access.js';
import type { MeetingService } from './meetings.js';
import type { MotionEvents } from './motion-events.js';
import type { OrgTree } from './org-tree.js';
import type { BallotMix } from './ballot-mix.js';
import type { Voters } from './voters.js';

/** The result of a motion from its counts: pure, so the console can preview nothing the server would not say. */
export function computeResult(motion: Motion, a: Attendance, counts: number[], cast: number): MotionResult {
  const base = { members: a.members, present: a.present, cast, counts };
  if (motion.form === 'yes_no') {
    const tally = { yes: counts[YES_NO.yes]!, no: counts[YES_NO.no]!, abstain: counts[YES_NO.abstain]! };
    const o = decide(motion.rules, a, tally);
    return {
      ...base,
      quorumRequired: o.quorum.required,
      quorumMet: o.quorum.met,
      needed: o.needed,
      passed: o.passed,
      winners: o.passed ? [YES_NO.yes] : [],
      tied: [],
      statement: o.statement,
    };
  }
  const o = decideChoices(motion.rules, a, counts, cast, motion.maxChoices, motion.options, motion.form);
  return {
    ...base,
    quorumRequired: o.quorum.required,
    quorumMet: o.quorum.met,
    needed: o.needed,
    passed: o.passed,
    winners: o.winners,
    tied: o.tied,
    statement: o.statement,
  };
}

/**
 * Closing a motion: in one transaction the motion stops taking ballots, the tally is recomputed
 * from the database (open ballots from every voter's recorded choice; secret ones from the
 * counters, checked against the number of voters), the result is decided and locked together
 * with the snapshot of who was entitled and present, and a passed motion records its decision.
 */
export class MotionCloser {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tree: OrgTree,
    private readonly meetings: MeetingService,
    private readonly voters: Voters,
    private readonly decisions: DecisionService,
    private readonly events: MotionEvents,
    private readonly mix: BallotMix,
  ) {}

  /** Closes by hand (a driver of the hall) or, with no principal, when its countdown ran out. */
  async close(principal: Principal | null, motionId: number): Promise<Motion> {
    const motion = await this.db.models.Motion.findByPk(motionId);
    if (!motion) throw errors.notFound();
    const meeting = principal
      ? await loadMeeting(this.db, this.tree, principal, motion.meetingId)
      : (await this.db.models.Meeting.findByPk(motion.meetingId))!;
    if (principal && !(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    const summary = await this.meetings.attendance(meeting);
    const secret = motion.kind === 'secret';
    // Received secret ballots not yet recorded are gathered first (here, from the other
    // instances, from phones resending), so the closing transaction records them all at once.
    if (secret && motion.status === 'open') await this.mix.beginCollect(motion.id);
    const decisionId = await this.db
      .tx(async (t) => {
        // FOR UPDATE waits for ballot batches holding FOR SHARE (PostgreSQL); later ones see 'closed'.
        await motion.reload({ transaction: t, lock: t.LOCK.UPDATE });
        if (motion.status !== 'open') throw new AppError('conflict', 'vote.error.not_open');
        if (secret) await this.mix.recordAtClose(motion.id, optionCount(motion.form, motion.options), t);
        return this.lock(motion, meeting, principal, summary.expected, t);
      })
      .finally(() => this.mix.endCollect(motion.id));
    this.events.motionChanged(motion.id);
    this.events.motionClosed?.(motion.id);
    if (decisionId !== null) this.decisions.announceRecorded(decisionId);
    if (secret) {
      this.events.ballotsSettled?.(motion.id);
      await clearSecretTraces(this.db, this.logger);
    }
    return motion;
  }

  /** Inside the closing transaction: the tally recomputed from the database, decided and locked. */
  private async lock(
    motion: Motion,
    meeting: Meeting,
    principal: Principal | null,
    members: number,
    t: Transaction,
  ): Promise<number | null> {
    const tally = await this.db.models.MotionTally.findByPk(motion.id, { transaction: t });
    if (!tally) throw new Error(`motion ${motion.id} has no tally row`);
    const roll = await this.voters.roll(meeting, t);
    let counts = tally.counts;
    let cast = tally.ballots;
    if (motion.kind === 'show_of_hands') {
      if (cast === 0) throw new AppError('conflict', 'vote.error.hands_missing');
      if (cast > roll.present.length)
        throw new AppError('validation_failed', 'vote.error.hands_exceed_present', { present: roll.present.length });
    } else {
      const votes = await this.db.models.Vote.findAll({
        where: { motionId: motion.id, recorded: true },
        attributes: ['choices'],
        transaction: t,
      });
      cast = votes.length;
      if (motion.kind === 'open') {
        counts = counts.map(() => 0);
        for (const v of votes) for (const c of v.choices ?? []) counts[c]!++;
      }
      if (cast !== tally.ballots || counts.some((c, i) => c !== tally.counts[i]))
        this.logger.error({ motionId: motion.id, cast, ballots: tally.ballots }, 'tally disagrees with the register');
    }
    const result = computeResult(motion, { members, present: roll.present.length }, counts, cast);
    await motion.update(
      {
        status: 'closed',
        closedAt: this.clock.now(),
        result,
        attendanceSnapshot: roll,
        version: motion.version + 1,
      },
      { transaction: t },
    );
    const decision = result.passed
      ? await this.decisions.recordForMotion(
          motion,
          result.statement,
          motion.form === 'yes_no' ? [] : result.winners.map((i) => motion.options[i]!),
          t,
        )
      : null;
    await recordAudit(this.db, this.clock, t, {
      actorId: principal?.userId ?? null,
      action: 'motion.closed',
      subjectType: 'motion',
      subjectId: motion.id,
      organisationId: meeting.organisationId,
      summary: { after: { passed: result.passed, cast, counts, present: result.present, decision: decision?.id } },
    });
    return decision?.id ?? null;
  }

  /**
   * Closes every open motion whose countdown has run out, or whose meeting was closed with the
   * vote still open (its result is then locked as it stood). Another instance may have done it first.
   */
  async closeDue(): Promise<void> {
    const open = await this.db.models.Motion.findAll({
      where: { status: 'open' },
      attributes: ['id', 'meetingId', 'closesAt'],
    });
    if (!open.length) return;
    const ended = new Set(
      (
        await this.db.models.Meeting.findAll({
          where: { id: { [Op.in]: [...new Set(open.map((m) => m.meetingId))] }, status: 'closed' },
          attributes: ['id'],
        })
      ).map((m) => m.id),
    );
    const now = this.clock.now();
    const due = open.filter((m) => (m.closesAt && m.closesAt <= now) || ended.has(m.meetingId));
    for (const { id } of due) {
      try {
        await this.close(null, id);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict'))
          this.logger.error({ err, motionId: id }, 'auto-close failed');
      }
    }
  }
}

/**
 * After a secret vote ends (closed or annulled), old versions of the counters page would still sit
 * beside the voter rows written in the same transactions: SQLite's write-ahead log keeps every
 * committed page until it is reset, and PostgreSQL keeps dead row versions (each with its writer's
 * xmin) until vacuumed. Checkpointing with TRUNCATE empties the WAL file; VACUUM FULL rewrites the
 * small counters table into a new file. What remains is the totals. (PostgreSQL's own pg_wal and
 * any backups are the database operator's, as they would be for any data.)
 */
export async function clearSecretTraces(db: Database, logger: Logger): Promise<void> {
  try {
    if (db.dialect === 'sqlite') {
      for (let attempt = 0; attempt < 5; attempt++) {
        const [row] = await db.afterWrites(() =>
          db.sequelize.query<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)', { type: QueryTypes.SELECT }),
        );
        if (!row?.busy) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      logger.warn('WAL checkpoint after a secret vote stayed busy');
    } else {
      await db.sequelize.query('VACUUM FULL motion_tallies');
    }
  } catch (err) {
    logger.error({ err }, 'clearing traces after a secret vote failed');
  }
}
