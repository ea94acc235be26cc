import { Op, QueryTypes, type CreationAttributes, type Transaction } from 'sequelize';
import { ballotProblem, optionCount } from '../../shared/rules/ballot.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Motion } from '../db/models/motion.js';
import type { Vote as VoteRow } from '../db/models/vote.js';
import { AppError } from '../errors.js';
import { randomCode } from './codes.js';
import { REFUSAL_KEYS, refusalOf, type Voters } from './voters.js';

export interface BallotRequest {
  motionId: number;
  /**
   * Who votes: a phone by the hash of its participant token (a token replaced by a new check-in
   * no longer matches), or a staff member by their own invitation to the meeting.
   */
  voter: { tokenHash: string } | { userId: number };
  clientBallotId: string;
  choices: number[];
}

export interface BallotReceipt {
  receipt: string;
  replayed: boolean;
}

/**
 * A motion's counters as a batch's transaction left them, with the rows that batch read: enough
 * to show the hall the new count without reading it back (three queries per batch saved).
 * Within one instance batches commit in order, so successive counts only grow.
 */
export interface CommittedTally {
  motion: Motion;
  /** id, organisationId, status and version: what the present-voter count is keyed by. */
  meeting: Meeting;
  ballots: number;
  counts: number[];
}

interface Batch {
  outcomes: (BallotReceipt | AppError)[];
  tallies: CommittedTally[];
}

interface Pending extends BallotRequest {
  resolve: (r: BallotReceipt) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * PostgreSQL: adds a batch to a motion's counters in the statement that locks them. Other
 * instances' batches wait on this row; locked by this UPDATE it stays locked for the statement
 * and the commit only, where a SELECT … FOR UPDATE first held it one round trip longer.
 */
const ADD_TO_TALLY_PG = `
  UPDATE motion_tallies
     SET ballots = ballots + :ballots,
         counts = (SELECT json_agg(c.value::int + d.delta ORDER BY c.n)
                     FROM json_array_elements_text(counts) WITH ORDINALITY AS c(value, n)
                     JOIN unnest(ARRAY[:marks]::int[]) WITH ORDINALITY AS d(delta, n) USING (n))
   WHERE motion_id = :motionId
  RETURNING ballots, counts`;
export const RECEIPT_LENGTH = 8;

/**
 * Group commit for ballots. Ballots that arrive together are checked and written in one
 * transaction: motions open, voters members and checked in, one ballot each (the unique index
 * `votes_one_per_voter` is the final word), the voter rows inserted and the counters updated once
 * per motion. That is what lets SQLite take a hall of a thousand phones voting within a second,
 * and each voter still gets their receipt only after the commit, so nothing acknowledged is lost.
 *
 * Batching also helps secrecy a little: a transaction mixes many voters' marks into one counter
 * update. It is not what secrecy rests on (a quiet moment gives a batch of one); see 0005-voting.ts.
 *
 * A batch that fails (a second instance wrote the same voter first, on PostgreSQL) is replayed
 * ballot by ballot, so one collision never fails its neighbours.
 */
export class BallotWriter {
  private queue: Pending[] = [];
  private flushing = false;
  /** Told each committed batch's size and seconds in its transaction (set by createServices for the metrics). */
  onBatch: (ballots: number, seconds: number) => void = () => undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly voters: Voters,
    /** Told after each commit the counters of the motions that gained ballots, to push them. */
    private readonly committed: (tallies: CommittedTally[]) => void,
  ) {}

  write(request: BallotRequest): Promise<BallotReceipt> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const started = performance.now();
          this.settle(batch, await this.db.tx((t) => this.commit(batch, t)));
          this.onBatch(batch.length, (performance.now() - started) / 1000);
        } catch (err) {
          if (batch.length === 1) await this.explain(batch[0]!, err);
          else
            for (const p of batch) {
              try {
                this.settle([p], await this.db.tx((t) => this.commit([p], t)));
              } catch (one) {
                await this.explain(p, one);
              }
            }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private settle(batch: Pending[], { outcomes, tallies }: Batch): void {
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof AppError) p.reject(outcome);
      else p.resolve(outcome);
    });
    if (tallies.length) this.committed(tallies);
  }

  /**
   * A lone ballot whose transaction failed. On PostgreSQL that is most likely the unique index:
   * the same voter's ballot (a retry, or another tab) committed first on another instance.
   */
  private async explain(p: Pending, err: unknown): Promise<void> {
    try {
      const motion = await this.db.models.Motion.findByPk(p.motionId, { attributes: ['id', 'meetingId'] });
      const invitee = motion
        ? await this.db.models.Invitee.findOne({
            where: {
              meetingId: motion.meetingId,
              ...('tokenHash' in p.voter ? { inviteTokenHash: p.voter.tokenHash } : { userId: p.voter.userId }),
            },
            attributes: ['id'],
          })
        : null;
      const earlier = invitee
        ? await this.db.models.Vote.findOne({ where: { motionId: p.motionId, inviteeId: invitee.id } })
        : null;
      if (!earlier) p.reject(err);
      else if (earlier.clientBallotId === p.clientBallotId) p.resolve({ receipt: earlier.receipt, replayed: true });
      else p.reject(new AppError('conflict', 'vote.error.already_voted'));
    } catch {
      p.reject(err);
    }
  }

  /** Adds a batch's ballots and marks to a motion's counters; returns the counters as written. */
  private async addToTally(
    motionId: number,
    delta: { ballots: number; marks: number[] },
    t: Transaction,
  ): Promise<{ ballots: number; counts: number[] }> {
    if (this.db.dialect === 'postgres') {
      const [row] = await this.db.sequelize.query<{ ballots: number; counts: number[] }>(ADD_TO_TALLY_PG, {
        replacements: { motionId, ballots: delta.ballots, marks: delta.marks },
        type: QueryTypes.SELECT,
        transaction: t,
      });
      if (!row) throw new Error(`motion ${motionId} has no tally row`);
      return row;
    }
    // SQLite: one writer at a time anyway, and no JSON arithmetic worth the SQL.
    const { MotionTally } = this.db.models;
    const tally = await MotionTally.findByPk(motionId, { transaction: t });
    if (!tally) throw new Error(`motion ${motionId} has no tally row`);
    const ballots = tally.ballots + delta.ballots;
    const counts = tally.counts.map((c, i) => c + (delta.marks[i] ?? 0));
    await MotionTally.update({ ballots, counts }, { where: { motionId }, transaction: t, hooks: false });
    return { ballots, counts };
  }

  /** Checks and writes a batch inside one transaction; returns each ballot's receipt or refusal. */
  private async commit(batch: Pending[], t: Transaction): Promise<Batch> {
    const { Motion, Meeting, Vote } = this.db.models;
    const motionIds = [...new Set(batch.map((p) => p.motionId))];
    // FOR SHARE (PostgreSQL): closing takes FOR UPDATE on the motion, so a close waits for ballots
    // already being written and ballots after it see the motion closed. SQLite serializes anyway.
    const motions = new Map(
      (await Motion.findAll({ where: { id: { [Op.in]: motionIds } }, transaction: t, lock: t.LOCK.SHARE })).map((m) => [
        m.id,
        m,
      ]),
    );
    const meetings = new Map(
      (
        await Meeting.findAll({
          where: { id: { [Op.in]: [...new Set([...motions.values()].map((m) => m.meetingId))] } },
          attributes: ['id', 'organisationId', 'status', 'version'],
          transaction: t,
        })
      ).map((m) => [m.id, m]),
    );
    // Who votes, for the whole batch in one query: by participant token, or by staff invitation.
    const found = await this.voters.forBallots(
      {
        tokenHashes: batch.flatMap((p) => ('tokenHash' in p.voter ? [p.voter.tokenHash] : [])),
        userIds: batch.flatMap((p) => ('userId' in p.voter ? [p.voter.userId] : [])),
        meetingIds: [...meetings.keys()],
        motionIds,
      },
      t,
    );
    const byToken = new Map(found.filter((i) => i.inviteTokenHash).map((i) => [i.inviteTokenHash!, i]));
    const byUser = new Map(found.filter((i) => i.userId != null).map((i) => [`${i.meetingId}:${i.userId}`, i]));
    const inviteeOf = (p: Pending) => {
      const meetingId = motions.get(p.motionId)?.meetingId;
      const invitee =
        'tokenHash' in p.voter ? byToken.get(p.voter.tokenHash) : byUser.get(`${meetingId}:${p.voter.userId}`);
      return invitee && invitee.meetingId === meetingId ? invitee : undefined;
    };
    const remote = new Map<number, boolean>();
    for (const m of meetings.values()) remote.set(m.id, await this.voters.remoteVotingAllowed(m.organisationId));

    const now = this.clock.now();
    const rows: CreationAttributes<VoteRow>[] = [];
    const deltas = new Map<number, { ballots: number; marks: number[] }>();
    const outcomes = batch.map((p): BallotReceipt | AppError => {
      const motion = motions.get(p.motionId);
      if (!motion) return new AppError('not_found');
      const invitee = inviteeOf(p);
      if (!invitee)
        return new AppError('forbidden', 'tokenHash' in p.voter ? 'vote.error.token' : 'vote.error.not_member');
      const earlier = invitee.cast.get(p.motionId);
      // A retry answers with the first receipt even after the motion closed: it was counted.
      if (earlier)
        return earlier.clientBallotId === p.clientBallotId
          ? { receipt: earlier.receipt, replayed: true }
          : new AppError('conflict', 'vote.error.already_voted');
      if (motion.status !== 'open' || (motion.closesAt && motion.closesAt <= now))
        return new AppError('conflict', motion.status === 'draft' ? 'vote.error.not_open' : 'vote.error.closed');
      if (motion.kind === 'show_of_hands') return new AppError('conflict', 'vote.error.show_of_hands');
      if (meetings.get(motion.meetingId)?.status !== 'live') return new AppError('conflict', 'vote.error.closed');
      const refusal = refusalOf(invitee, invitee, remote.get(motion.meetingId) ?? false);
      if (refusal) return new AppError('forbidden', REFUSAL_KEYS[refusal]);
      const problem = ballotProblem(
        motion.form,
        optionCount(motion.form, motion.options),
        motion.maxChoices,
        p.choices,
      );
      if (problem) return new AppError('validation_failed', problem);
      const receipt = randomCode(RECEIPT_LENGTH);
      const secret = motion.kind === 'secret';
      rows.push({
        motionId: p.motionId,
        inviteeId: invitee.id,
        receipt,
        clientBallotId: p.clientBallotId,
        choices: secret ? null : [...p.choices].sort((a, b) => a - b),
        castAt: secret ? null : now,
      });
      // Later ballots of the same voter in this batch see this one, like a committed row.
      invitee.cast.set(p.motionId, { receipt, clientBallotId: p.clientBallotId });
      const delta = deltas.get(p.motionId) ?? {
        ballots: 0,
        marks: new Array<number>(optionCount(motion.form, motion.options)).fill(0),
      };
      delta.ballots++;
      for (const c of p.choices) delta.marks[c]!++;
      deltas.set(p.motionId, delta);
      return { receipt, replayed: false };
    });

    // No RETURNING: the receipts are ours already, and parsing the rows back costs CPU per batch.
    if (rows.length) await Vote.bulkCreate(rows, { transaction: t, returning: false });
    const tallies: CommittedTally[] = [];
    for (const [motionId, delta] of deltas) {
      const { ballots, counts } = await this.addToTally(motionId, delta, t);
      const motion = motions.get(motionId)!;
      tallies.push({ motion, meeting: meetings.get(motion.meetingId)!, ballots, counts });
    }
    return { outcomes, tallies };
  }
}
