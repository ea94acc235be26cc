import type { Transaction } from 'sequelize';
import type { Statement } from '../../shared/rules/quorum.js';
import type { DecisionView } from '../../shared/schemas/vote.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Decision } from '../db/models/decision.js';
import type { Motion } from '../db/models/motion.js';
import { AppError, errors } from '../errors.js';
import type { Principal } from './access.js';
import { recordAudit } from './audit.js';
import { canDrive, loadMeeting } from './meeting-access.js';
import type { MeetingService } from './meetings.js';
import type { OrgTree } from './org-tree.js';

export interface DecisionEvents {
  /** After commit: a decision exists (the resolutions feature drafts a resolution from it). */
  decisionRecorded(decisionId: number): void;
  /** After commit: the motion behind a decision was annulled. */
  decisionAnnulled(decisionId: number): void;
}

export const presentDecision = (d: Decision): DecisionView => ({
  id: d.id,
  meetingId: d.meetingId,
  agendaItemId: d.agendaItemId,
  motionId: d.motionId,
  kind: d.kind,
  text: d.text,
  statement: d.resultStatement,
  createdAt: d.createdAt.toISOString(),
  resolutionId: d.resolutionId,
  annulledAt: d.annulledAt?.toISOString() ?? null,
  annulReason: d.annulReason,
});

/**
 * Decisions: what a meeting decided on an agenda item, by a passed motion or by consensus. Each
 * is announced through `decisionRecorded` after its transaction commits; until the resolutions
 * feature turns decisions into draft resolutions (决议), the decision row is the record.
 */
export class DecisionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly meetings: MeetingService,
    private readonly events: DecisionEvents,
  ) {}

  /** Inside the closing transaction of a motion that passed. */
  async recordForMotion(motion: Motion, statement: Statement, winners: string[], t: Transaction): Promise<Decision> {
    const text = winners.length ? `${motion.question}：${winners.join('、')}` : motion.question;
    return this.db.models.Decision.create(
      {
        meetingId: motion.meetingId,
        agendaItemId: motion.agendaItemId,
        motionId: motion.id,
        kind: 'motion',
        text: text.slice(0, 600),
        resultStatement: statement,
        createdAt: this.clock.now(),
        resolutionId: null,
        annulledAt: null,
        annulReason: null,
      },
      { transaction: t },
    );
  }

  /** Inside the annulling transaction of a motion: its decisions no longer stand. Returns their ids. */
  async annulForMotion(motionId: number, reason: string, at: Date, t: Transaction): Promise<number[]> {
    const rows = await this.db.models.Decision.findAll({ where: { motionId, annulledAt: null }, transaction: t });
    for (const d of rows) await d.update({ annulledAt: at, annulReason: reason }, { transaction: t });
    return rows.map((d) => d.id);
  }

  announceRecorded(decisionId: number): void {
    this.events.decisionRecorded(decisionId);
  }

  announceAnnulled(decisionId: number): void {
    this.events.decisionAnnulled(decisionId);
  }

  /**
   * The convener (or a secretary) records that an agenda item was agreed by consensus (协商一致),
   * without a vote: the way most consultation sessions end.
   */
  async recordConsensus(
    principal: Principal,
    body: { meetingId: number; agendaItemId: number; text: string },
  ): Promise<DecisionView> {
    const meeting = await loadMeeting(this.db, this.tree, principal, body.meetingId);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status !== 'live') throw new AppError('conflict', 'vote.error.meeting_not_live');
    const item = await this.db.models.AgendaItem.findOne({ where: { id: body.agendaItemId, meetingId: meeting.id } });
    if (!item) throw errors.invalid('meeting.error.item');
    const attendance = await this.meetings.attendance(meeting);
    const statement: Statement = {
      'zh-CN': `应到 ${attendance.expected} 人，实到 ${attendance.present} 人，经协商一致同意`,
      en: `${attendance.expected} expected, ${attendance.present} present, agreed by consensus`,
    };
    const decision = await this.db.tx(async (t) => {
      const d = await this.db.models.Decision.create(
        {
          meetingId: meeting.id,
          agendaItemId: item.id,
          motionId: null,
          kind: 'consensus',
          text: body.text,
          resultStatement: statement,
          createdAt: this.clock.now(),
          resolutionId: null,
          annulledAt: null,
          annulReason: null,
        },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'decision.recorded',
        subjectType: 'decision',
        subjectId: d.id,
        organisationId: meeting.organisationId,
        summary: { after: { kind: 'consensus', text: d.text, agendaItemId: item.id } },
      });
      return d;
    });
    this.announceRecorded(decision.id);
    return presentDecision(decision);
  }

  async list(principal: Principal, meetingId: number): Promise<DecisionView[]> {
    await loadMeeting(this.db, this.tree, principal, meetingId);
    const rows = await this.db.models.Decision.findAll({ where: { meetingId }, order: [['id', 'ASC']] });
    return rows.map(presentDecision);
  }
}
