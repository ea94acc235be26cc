import { Op, type CreationAttributes, type Transaction } from 'sequelize';
import { ballotProblem, optionCount } from '../../shared/rules/ballot.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Motion } from '../db/models/motion.js';
import type { Vote as VoteRow } from '../db/models/vote.js';
import { AppError } from '../errors.js';
import { randomCode } from './codes.js';
import { addToTally, type BallotMix, type RecordedListener } from './ballot-mix.js';
import { mixIn, type Staged } from './ballot-mix-in.js';
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
  /** Told when a secret ballot received now (recorded: false) is recorded in a later mix. */
  onRecorded?: RecordedListener;
}

/**
 * `recorded`: the choice is in the counters (an open ballot always is at once; a secret one when
 * its mix commits). A ballot answered with `recorded: false` is received: its "has voted" row is
 * committed, its choice is held in memory until a mix of at least MIN_MIX or the close.
 */
import type { BallotReceipt } from './ballot-mix.js';

export type { BallotReceipt };

/**
 * A motion's counters as a batch's transaction left them, with the rows that batch read: enough
 * to show the hall the new count without reading it back (three queries per batch saved).
 * Within one instance batches commit in order, so successive counts only grow. For a secret
 * motion `ballots` is the number of voters received (the "has voted" rows) and `counts` is null:
 * neither the hall nor anyone else sees its counters before the close.
 */
export interface CommittedTally {
  motion: Motion;
  /** id, organisationId, status and version: what the present-voter count is keyed by. */
  meeting: Meeting;
  ballots: number;
  counts: number[] | null;
}

interface Batch {
  outcomes: (BallotReceipt | AppError)[];
  tallies: CommittedTally[];
  /** Run once the transaction committed: tell phones whose held ballots were recorded. */
  after: (() => void)[];
}

interface Pending extends BallotRequest {
  resolve: (r: BallotReceipt) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;
export const RECEIPT_LENGTH = 8;

/**
 * Group commit for ballots. Ballots that arrive together are checked and written in one
 * transaction: motions open, voters members and checked in, one ballot each (the unique index
 * `votes_one_per_voter` is the final word). That is what lets SQLite take a hall of a thousand
 * phones voting within a second, and each voter still gets their receipt only after the commit.
 *
 * Open (记名) ballots are recorded in that transaction: row with the choices, counters updated.
 * Secret (无记名) ones are mixed (see ballots.ts): the transaction writes the voters' "has voted"
 * rows, and adds choices to the counters only when at least MIN_MIX received ballots of the
 * motion can go in together (those of this batch and those held from earlier ones); the rest are
 * held in memory (BallotMix) and the phones told "received", then "recorded" when their mix commits.
 *
 * A batch that fails (a second instance wrote the same voter first, on PostgreSQL) is replayed
 * ballot by ballot, so one collision never fails its neighbours; the mixing rule holds per
 * transaction either way.
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
    private readonly mix: BallotMix,
    /** Told after each commit the counts of the motions that gained ballots, to push them. */
    private readonly committed: (tallies: CommittedTally[]) => void,
  ) {}

  write(request: BallotRequest): Promise<BallotReceipt> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** One transaction; ballots held for a mix are let go again if it does not commit. */
  private async attempt(batch: Pending[]): Promise<void> {
    const undo: (() => void)[] = [];
    try {
      this.settle(batch, await this.db.tx((t) => this.commit(batch, t, undo)));
    } catch (err) {
      for (const u of undo) u();
      throw err;
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const started = performance.now();
          await this.attempt(batch);
          this.onBatch(batch.length, (performance.now() - started) / 1000);
        } catch (err) {
          if (batch.length === 1) await this.explain(batch[0]!, err);
          else
            for (const p of batch) {
              try {
                await this.attempt([p]);
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

  private settle(batch: Pending[], { outcomes, tallies, after }: Batch): void {
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome instanceof AppError) p.reject(outcome);
      else p.resolve(outcome);
    });
    for (const fn of after) fn();
    if (tallies.length) this.committed(tallies);
  }

  /**
   * A lone ballot whose transaction failed. On PostgreSQL that is most likely the unique index:
   * the same voter's ballot (a retry, or another tab) committed first on another instance.
   * Answered "received, not recorded" at worst: the phone resends until it hears "recorded".
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
      else if (earlier.clientBallotId === p.clientBallotId)
        p.resolve({ receipt: earlier.receipt, replayed: true, recorded: earlier.recorded });
      else p.reject(new AppError('conflict', 'vote.error.already_voted'));
    } catch {
      p.reject(err);
    }
  }

  /** Checks and writes a batch inside one transaction; returns each ballot's receipt or refusal. */
  private async commit(batch: Pending[], t: Transaction, undo: (() => void)[]): Promise<Batch> {
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
    const secret = new Map<number, Map<number, Staged>>();
    const stage = (p: Pending, inviteeId: number, receipt: string, row: Staged['row'], outcome: BallotReceipt) => {
      let byVoter = secret.get(p.motionId);
      if (!byVoter) secret.set(p.motionId, (byVoter = new Map()));
      const st = byVoter.get(inviteeId) ?? { inviteeId, receipt, choices: p.choices, row, outcomes: [], listeners: [] };
      st.outcomes.push(outcome);
      if (p.onRecorded) st.listeners.push(p.onRecorded);
      byVoter.set(inviteeId, st);
      return outcome;
    };
    const isOpen = (motion: Motion) =>
      motion.status === 'open' &&
      !(motion.closesAt && motion.closesAt <= now) &&
      meetings.get(motion.meetingId)?.status === 'live';
    const outcomes = batch.map((p): BallotReceipt | AppError => {
      const motion = motions.get(p.motionId);
      if (!motion) return new AppError('not_found');
      const invitee = inviteeOf(p);
      if (!invitee)
        return new AppError('forbidden', 'tokenHash' in p.voter ? 'vote.error.token' : 'vote.error.not_member');
      const options = optionCount(motion.form, motion.options);
      const earlier = invitee.cast.get(p.motionId);
      if (earlier) {
        if (earlier.clientBallotId !== p.clientBallotId) return new AppError('conflict', 'vote.error.already_voted');
        // A retry answers with the first receipt even after the motion closed: it was counted.
        if (earlier.recorded) return { receipt: earlier.receipt, replayed: true, recorded: true };
        // Received earlier, not recorded yet: the phone resends its ballot until it hears
        // "recorded" (this instance may have restarted and lost it). Held again, recorded once.
        if (!isOpen(motion)) return new AppError('conflict', 'vote.error.closed');
        const problem = ballotProblem(motion.form, options, motion.maxChoices, p.choices);
        if (problem) return new AppError('validation_failed', problem);
        return stage(p, invitee.id, earlier.receipt, null, {
          receipt: earlier.receipt,
          replayed: true,
          recorded: false,
        });
      }
      if (motion.status !== 'open' || (motion.closesAt && motion.closesAt <= now))
        return new AppError('conflict', motion.status === 'draft' ? 'vote.error.not_open' : 'vote.error.closed');
      if (motion.kind === 'show_of_hands') return new AppError('conflict', 'vote.error.show_of_hands');
      if (meetings.get(motion.meetingId)?.status !== 'live') return new AppError('conflict', 'vote.error.closed');
      const refusal = refusalOf(invitee, invitee, remote.get(motion.meetingId) ?? false);
      if (refusal) return new AppError('forbidden', REFUSAL_KEYS[refusal]);
      const problem = ballotProblem(motion.form, options, motion.maxChoices, p.choices);
      if (problem) return new AppError('validation_failed', problem);
      const receipt = randomCode(RECEIPT_LENGTH);
      // Later ballots of the same voter in this batch see this one, like a committed row.
      invitee.cast.set(p.motionId, { receipt, clientBallotId: p.clientBallotId, recorded: motion.kind !== 'secret' });
      if (motion.kind === 'secret') {
        const row = { motionId: p.motionId, inviteeId: invitee.id, receipt, clientBallotId: p.clientBallotId };
        rows.push(Object.assign(row, { choices: null, castAt: null, recorded: false }));
        return stage(p, invitee.id, receipt, row, { receipt, replayed: false, recorded: false });
      }
      rows.push({
        motionId: p.motionId,
        inviteeId: invitee.id,
        receipt,
        clientBallotId: p.clientBallotId,
        choices: [...p.choices].sort((a, b) => a - b),
        castAt: now,
        recorded: true,
      });
      const delta = deltas.get(p.motionId) ?? { ballots: 0, marks: new Array<number>(options).fill(0) };
      delta.ballots++;
      for (const c of p.choices) delta.marks[c]!++;
      deltas.set(p.motionId, delta);
      return { receipt, replayed: false, recorded: true };
    });

    // Mixed before the insert: whether this batch's secret rows go in recorded depends on it.
    const after: (() => void)[] = [];
    const mixed = new Map<number, number[] | null>();
    for (const [motionId, staged] of secret)
      mixed.set(motionId, await mixIn(this.db, this.mix, motions.get(motionId)!, staged, t, undo, after));
    // No RETURNING: the receipts are ours already, and parsing the rows back costs CPU per batch.
    if (rows.length) await Vote.bulkCreate(rows, { transaction: t, returning: false });
    const tallies: CommittedTally[] = [];
    for (const [motionId, delta] of deltas) {
      const { ballots, counts } = await addToTally(this.db, motionId, delta, t);
      const motion = motions.get(motionId)!;
      tallies.push({ motion, meeting: meetings.get(motion.meetingId)!, ballots, counts });
    }
    // The hall's "已投 n / m" of a secret vote counts voters received, never the counters.
    for (const motionId of mixed.keys()) {
      const motion = motions.get(motionId)!;
      const ballots = await Vote.count({ where: { motionId }, transaction: t });
      tallies.push({ motion, meeting: meetings.get(motion.meetingId)!, ballots, counts: null });
    }
    return { outcomes, tallies, after };
  }
}
