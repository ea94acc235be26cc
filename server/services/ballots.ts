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
 * invitation), then the ballot writer checks and stores it. The answer is a receipt, given only
 * once the ballot is committed; retrying with the same client ballot id returns the same receipt.
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
