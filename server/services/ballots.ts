import type { CastVoteBody, TallyView, VoteReceipt, VoterView } from '../../shared/schemas/vote.js';
import type { Database } from '../db/index.js';
import { errors } from '../errors.js';
import type { Principal } from './access.js';
import type { RecordedListener } from './ballot-mix.js';
import type { BallotWriter, CommittedTally } from './ballot-writer.js';
import type { MotionService } from './motions.js';
import { hashToken } from './sessions.js';
import type { Voters } from './voters.js';

/**
 * Casting ballots: who is voting (a participant's token from check-in, or a staff member's own
 * invitation), then the ballot writer checks and stores it.
 *
 * Secret ballots (无记名) and a copy of the data directory (issue 14, finding 2). The property:
 * no committed state of the database, at any moment, lets anyone single out one voter's choice,
 * on SQLite (whose write-ahead log keeps every committed page version until a checkpoint) and on
 * PostgreSQL (dead tuples, xmin, pg_wal) alike; and nothing acknowledged is ever lost. Writing
 * the voter's "has voted" row and the counters in one transaction per ballot broke the first:
 * two consecutive commits in the log differ by one voter and one choice. The design:
 *
 * - Two acknowledgements. "Received": the voter's "has voted" row is committed on its own
 *   (`recorded` false; no choice, time or order beyond its insertion), the choice is held in
 *   this instance's memory (BallotMix) and by the phone, which keeps the ballot and its id in
 *   localStorage and resends it after every reconnect. "Recorded": the choice is in the counters;
 *   only then does the phone show 已记录. The "has voted" row is what makes one ballot per voter
 *   durable at once (the unique index, across instances), and reveals nothing about the choice.
 * - Choices reach the counters only in mixes: a transaction adds to a motion's counters either
 *   the choices of at least MIN_MIX (5) ballots together, setting `recorded` on exactly those
 *   voters' rows in the same commit, or, in the closing transaction, all that remain at once.
 *   So between any two committed states the counters move by nothing or by a mix of five or more,
 *   and the counters' dead versions (SQLite WAL pages, PostgreSQL tuples with their xmin) hold
 *   nothing finer. A storm of ballots fills mixes at once ("recorded" within one batch); a quiet
 *   trickle waits for the fifth ballot, and fewer than five left waits for the close.
 * - A crash loses only what was merely received, and the phones still hold it: a resent ballot
 *   whose row exists unrecorded (same client ballot id) is held again and recorded once (the
 *   `recorded = false` condition of the flagging UPDATE makes a ballot held twice count once).
 * - Several instances: each mixes its own received ballots (the rule holds per transaction).
 *   Closing gathers the rest: the closing instance asks the others over the cluster bus for the
 *   choices they hold of that motion (a Redis pub/sub message, never stored), waits up to two
 *   seconds for every unrecorded row to be covered (phones of a dead instance resend meanwhile),
 *   then locks the motion and records them all in the closing transaction. A row whose choice
 *   nobody holds any more is removed there (the phone was never told "recorded"; it is told the
 *   vote closed without its ballot).
 *
 * What remains visible and why it is accepted: who has voted, and when, during the vote (the
 * hall sees "已投 31 / 32" anyway); which voters' ballots went into which mix (their choices
 * stay hidden among at least five, unless all five chose alike, as a unanimous result reveals
 * everyone); and, for someone holding a copy from during the vote AND the final result, the sum
 * of the choices recorded after their copy (inherent to recording anything before the close).
 * Open (记名) and show-of-hands votes keep one acknowledgement: an open ballot is recorded, with
 * its choices in its row, in the transaction that receives it.
 */
export class BallotService {
  constructor(
    private readonly db: Database,
    private readonly voters: Voters,
    private readonly writer: BallotWriter,
    private readonly motions: MotionService,
  ) {}

  async cast(principal: Principal | null, body: CastVoteBody, onRecorded?: RecordedListener): Promise<VoteReceipt> {
    // Identified inside the ballot transaction (one query per batch, not per ballot): the hot path
    // of a hall voting at once does no database work of its own.
    if (!body.inviteToken && !principal) throw errors.unauthenticated();
    const stored = await this.writer.write({
      motionId: body.motionId,
      voter: body.inviteToken ? { tokenHash: hashToken(body.inviteToken) } : { userId: principal!.userId },
      clientBallotId: body.clientBallotId,
      choices: body.choices,
      onRecorded,
    });
    return { motionId: body.motionId, ...stored };
  }

  /** A phone's standing in a meeting, and the receipts it already holds (after a reload). */
  async voterView(meetingId: number, principal: Principal | null, inviteToken?: string): Promise<VoterView | null> {
    const invitee = await this.voters.identify(meetingId, principal, inviteToken);
    if (!invitee) return null;
    const meeting = await this.db.models.Meeting.findByPk(meetingId, { attributes: ['id', 'organisationId'] });
    if (!meeting) return null;
    const standing = await this.voters.standing(
      [invitee],
      await this.voters.remoteVotingAllowed(meeting.organisationId),
    );
    const receipts = await this.db.models.Vote.findAll({
      where: { inviteeId: invitee.id },
      attributes: ['motionId', 'receipt', 'recorded'],
      raw: true,
    });
    const reason = standing.get(invitee.id) ?? null;
    return {
      inviteeId: invitee.id,
      name: invitee.name,
      eligible: reason === null,
      reason,
      receipts: receipts.map((r) => ({ motionId: r.motionId, receipt: r.receipt, recorded: Boolean(r.recorded) })),
    };
  }

  /**
   * "已投 31 / 32", and the running counts where the hall may see them, from the counters a
   * ballot batch committed (so the count pushed is the one that batch wrote, read from nothing).
   */
  async tally({ motion, meeting, ballots, counts }: CommittedTally): Promise<TallyView> {
    const view = await this.motions.view(motion, meeting, { ballots, counts });
    return {
      motionId: motion.id,
      meetingId: motion.meetingId,
      cast: view.cast,
      present: view.present,
      counts: view.counts,
    };
  }
}
