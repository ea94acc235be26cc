import { Op } from 'sequelize';
import type { MotionDetail, MotionView } from '../../shared/schemas/vote.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Motion } from '../db/models/motion.js';
import { errors } from '../errors.js';
import type { Voters } from './voters.js';

/**
 * How motions are presented. The one rule that matters: no counts of a secret ballot (nor of an
 * open one the convener did not choose to show live) leave the server before the motion closes.
 */
export class MotionViews {
  constructor(
    private readonly db: Database,
    private readonly voters: Voters,
  ) {}

  /** Members present who may vote, cached by the meeting's version (bumped by every check-in). */
  private readonly presentCache = new Map<number, { version: number; value: Promise<number> }>();

  presentVoters(meeting: Meeting): Promise<number> {
    const hit = this.presentCache.get(meeting.id);
    if (hit && hit.version === meeting.version) return hit.value;
    const value = this.voters.presentCount(meeting);
    this.presentCache.set(meeting.id, { version: meeting.version, value });
    value.catch(() => this.presentCache.delete(meeting.id));
    return value;
  }

  /** What everyone in the hall may see of a motion: no counts of a secret ballot before it closes. */
  async view(
    motion: Motion,
    meeting?: Meeting,
    tally?: { ballots: number; counts: number[] | null } | null,
  ): Promise<MotionView> {
    const hall = meeting ?? (await this.db.models.Meeting.findByPk(motion.meetingId))!;
    const running = tally ?? (await this.running(motion));
    const live =
      motion.status === 'open' && ((motion.kind === 'open' && motion.liveTally) || motion.kind === 'show_of_hands');
    const r = motion.status === 'closed' ? motion.result : null;
    return {
      id: motion.id,
      meetingId: motion.meetingId,
      agendaItemId: motion.agendaItemId,
      question: motion.question,
      kind: motion.kind,
      form: motion.form,
      options: motion.options,
      maxChoices: motion.maxChoices,
      body: motion.body,
      rules: motion.rules,
      liveTally: motion.liveTally,
      status: motion.status,
      closesAt: motion.closesAt?.toISOString() ?? null,
      openedAt: motion.openedAt?.toISOString() ?? null,
      closedAt: motion.closedAt?.toISOString() ?? null,
      cast: r?.cast ?? running?.ballots ?? 0,
      present: r?.present ?? (motion.status === 'open' ? await this.presentVoters(hall) : 0),
      counts: r ? r.counts : live ? (running?.counts ?? null) : null,
      result: r,
      annulReason: motion.annulReason,
      version: motion.version,
    };
  }

  /**
   * A motion's running count as the hall sees it. An open secret vote's counters lag behind its
   * voters (choices are recorded in mixes), so its "已投 n" counts the voters received instead.
   */
  private async running(motion: Motion): Promise<{ ballots: number; counts: number[] | null } | null> {
    if (motion.kind === 'secret' && motion.status === 'open')
      return { ballots: await this.db.models.Vote.count({ where: { motionId: motion.id } }), counts: null };
    return this.db.models.MotionTally.findByPk(motion.id);
  }

  /** The motions of a meeting, oldest first, as the hall may see them. */
  async list(meetingId: number): Promise<MotionView[]> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    const motions = await this.db.models.Motion.findAll({ where: { meetingId }, order: [['id', 'ASC']] });
    const tallies = new Map(
      (
        await this.db.models.MotionTally.findAll({
          // Not raw: JSON columns come back as text from SQLite unless the model parses them.
          where: { motionId: { [Op.in]: motions.map((m) => m.id) } },
        })
      ).map((t) => [t.motionId, t]),
    );
    return Promise.all(
      motions.map((m) =>
        this.view(m, meeting, m.kind === 'secret' && m.status === 'open' ? undefined : (tallies.get(m.id) ?? null)),
      ),
    );
  }

  /** Staff view of one motion: the roll of who voted, and for open (记名) ballots what. */
  async detail(motion: Motion, meeting: Meeting): Promise<MotionDetail> {
    const motionId = motion.id;
    const votes = await this.db.models.Vote.findAll({
      where: { motionId },
      attributes: ['inviteeId', 'choices'],
    });
    const names = new Map(
      (
        await this.db.models.Invitee.findAll({
          where: { id: { [Op.in]: votes.map((v) => v.inviteeId) } },
          attributes: ['id', 'name'],
          raw: true,
        })
      ).map((i) => [i.id, i.name]),
    );
    // A roll call is a tally: open ballots show it once closed, or live when the convener chose so.
    const live = motion.status === 'open' && motion.liveTally;
    // Alphabetical by name, never in casting order: the order of a secret roll tells nothing.
    const voters = votes
      .map((v) => ({
        inviteeId: v.inviteeId,
        name: names.get(v.inviteeId) ?? '',
        choices: motion.kind === 'open' && (motion.status === 'closed' || live) ? v.choices : null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.inviteeId - b.inviteeId);
    return { ...(await this.view(motion, meeting)), voters };
  }
}
