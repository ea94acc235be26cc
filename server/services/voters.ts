import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { VOTER_REFUSALS } from '../../shared/schemas/vote.js';
import type { Database } from '../db/index.js';
import type { Invitee } from '../db/models/invitee.js';
import type { Meeting } from '../db/models/meeting.js';
import type { Principal } from './access.js';
import type { OrgTree } from './org-tree.js';
import { hashToken } from './sessions.js';
import { remoteVotingAllowed } from './remote-voting.js';
import { TtlCache } from './ttl-cache.js';

export type Refusal = (typeof VOTER_REFUSALS)[number];

/** The i18n key that tells a phone why it may not vote. */
export const REFUSAL_KEYS: Record<Refusal, string> = {
  not_member: 'vote.error.not_member',
  not_checked_in: 'vote.error.not_checked_in',
  remote_not_allowed: 'vote.error.remote_not_allowed',
};

/** The rule of who may vote, for one invitee: null when they may. */
export function refusalOf(
  invitee: { member: boolean },
  attendance: { present: boolean | null; method: string | null } | undefined,
  remoteAllowed: boolean,
): Refusal | null {
  if (!invitee.member) return 'not_member';
  if (!attendance?.present) return 'not_checked_in';
  if (attendance.method === 'remote' && !remoteAllowed) return 'remote_not_allowed';
  return null;
}

/** A voter of a ballot batch with what the batch checks: membership, attendance, ballots held. */
export interface BallotVoter {
  id: number;
  meetingId: number;
  userId: number | null;
  member: boolean;
  inviteTokenHash: string | null;
  present: boolean | null;
  method: string | null;
  /** Ballots this voter already holds on the batch's motions, by motion id. */
  cast: Map<number, { receipt: string; clientBallotId: string; recorded: boolean }>;
}

interface BallotVoterRow {
  id: number;
  meetingId: number;
  userId: number | null;
  member: boolean | number;
  inviteTokenHash: string | null;
  present: boolean | number | null;
  method: string | null;
  voteMotionId: number | null;
  receipt: string | null;
  clientBallotId: string | null;
  recorded: boolean | number | null;
}

// One round trip for what used to be three (invitees, attendance, earlier ballots): each query
// inside the ballot transaction is time the motion's counters stay locked for other instances.
// attendance has one row per invitee (unique meeting_id, invitee_id); votes one per motion.
const BALLOT_VOTERS_SQL = `
  SELECT i.id, i.meeting_id AS "meetingId", i.user_id AS "userId", i.member,
         i.invite_token_hash AS "inviteTokenHash", a.present, a.method,
         v.motion_id AS "voteMotionId", v.receipt, v.client_ballot_id AS "clientBallotId",
         v.recorded
    FROM invitees i
    LEFT JOIN attendance a ON a.invitee_id = i.id
    LEFT JOIN votes v ON v.invitee_id = i.id AND v.motion_id IN (:motionIds)
   WHERE i.invite_token_hash IN (:tokenHashes)
      OR (i.user_id IN (:userIds) AND i.meeting_id IN (:meetingIds))`;

/** `IN ()` is a syntax error; `IN (NULL)` matches nothing. */
const inList = <T>(xs: T[]): (T | null)[] => (xs.length ? xs : [null]);

/**
 * Who may vote in a meeting: members of the deliberating body (invitees marked `member`; guests
 * such as 乡贤 or enterprises speak but do not vote) who are checked in. Someone checked in
 * remotely votes only where the organisation allows remote voting (`allowRemoteVoting` in its
 * settings, or the nearest ancestor's: a county may allow it for every village below).
 */
export class Voters {
  constructor(
    private readonly db: Database,
    private readonly tree: OrgTree,
  ) {}

  /**
   * Read on every ballot batch. An edit of the settings clears it on every instance at once
   * (services.organisationsChanged, over the cluster bus); the time limit only bounds how long
   * an edit could go unseen if that message were lost. A short limit meant that the first
   * ballots of each vote on a quiet instance waited for the organisation tree to be read.
   */
  private readonly remote = new TtlCache<boolean>(10 * 60_000);

  remoteVotingAllowed(organisationId: number): Promise<boolean> {
    return this.remote.get(String(organisationId), () => remoteVotingAllowed(this.db, this.tree, organisationId));
  }

  forget(): void {
    this.remote.clear();
  }

  /** The invitee behind a phone's participant token, or a staff member's own invitation. */
  async identify(meetingId: number, principal: Principal | null, inviteToken?: string): Promise<Invitee | null> {
    if (inviteToken)
      return this.db.models.Invitee.findOne({ where: { meetingId, inviteTokenHash: hashToken(inviteToken) } });
    if (!principal) return null;
    return this.db.models.Invitee.findOne({ where: { meetingId, userId: principal.userId } });
  }

  /**
   * Each invitee's standing (null: may vote). Called inside the ballot transaction, so the check
   * and the ballot see the same attendance.
   */
  async standing(
    invitees: Pick<Invitee, 'id' | 'member'>[],
    remoteAllowed: boolean,
    t?: Transaction,
  ): Promise<Map<number, Refusal | null>> {
    const rows = await this.db.models.Attendance.findAll({
      where: { inviteeId: { [Op.in]: invitees.map((i) => i.id) } },
      attributes: ['inviteeId', 'present', 'method'],
      raw: true,
      transaction: t,
    });
    const attendance = new Map(rows.map((r) => [r.inviteeId, r]));
    return new Map(invitees.map((i) => [i.id, refusalOf(i, attendance.get(i.id), remoteAllowed)]));
  }

  /**
   * The voters of a ballot batch, by participant token or by staff invitation, with their
   * attendance and the ballots they already hold on the batch's motions: one query, read inside
   * the ballot transaction so the checks and the ballots see the same rows.
   */
  async forBallots(
    who: { tokenHashes: string[]; userIds: number[]; meetingIds: number[]; motionIds: number[] },
    t: Transaction,
  ): Promise<BallotVoter[]> {
    const rows = await this.db.sequelize.query<BallotVoterRow>(BALLOT_VOTERS_SQL, {
      replacements: {
        tokenHashes: inList(who.tokenHashes),
        userIds: inList(who.userIds),
        meetingIds: inList(who.meetingIds),
        motionIds: inList(who.motionIds),
      },
      type: QueryTypes.SELECT,
      transaction: t,
    });
    const voters = new Map<number, BallotVoter>();
    for (const r of rows) {
      let voter = voters.get(r.id);
      if (!voter) {
        voter = {
          id: r.id,
          meetingId: r.meetingId,
          userId: r.userId,
          // SQLite answers booleans as 0/1.
          member: Boolean(r.member),
          inviteTokenHash: r.inviteTokenHash,
          present: r.present == null ? null : Boolean(r.present),
          method: r.method,
          cast: new Map(),
        };
        voters.set(r.id, voter);
      }
      if (r.voteMotionId != null)
        voter.cast.set(r.voteMotionId, {
          receipt: r.receipt!,
          clientBallotId: r.clientBallotId!,
          recorded: Boolean(r.recorded),
        });
    }
    return [...voters.values()];
  }

  /**
   * How many members may vote now: `roll(meeting).present.length`, counted by the database.
   * The count on every projector and console follows each batch of ballots; reading a thousand
   * members and their attendance into this process for it (as `roll` does) stalled an instance
   * for tens of milliseconds right when a vote opened there. Same rules as refusalOf.
   */
  async presentCount(meeting: Pick<Meeting, 'id' | 'organisationId'>): Promise<number> {
    const remoteAllowed = await this.remoteVotingAllowed(meeting.organisationId);
    const [row] = await this.db.sequelize.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM invitees i JOIN attendance a ON a.invitee_id = i.id
        WHERE i.meeting_id = :meetingId AND i.member = :yes AND a.present = :yes
          ${remoteAllowed ? '' : "AND a.method <> 'remote'"}`,
      { replacements: { meetingId: meeting.id, yes: true }, type: QueryTypes.SELECT },
    );
    return Number(row?.n ?? 0);
  }

  /** Members entitled to vote, and those of them present who may vote now (ids, ascending). */
  async roll(meeting: Meeting, t?: Transaction): Promise<{ entitled: number[]; present: number[] }> {
    const members = await this.db.models.Invitee.findAll({
      where: { meetingId: meeting.id, member: true },
      attributes: ['id', 'member'],
      order: [['id', 'ASC']],
      raw: true,
      transaction: t,
    });
    const standing = await this.standing(members, await this.remoteVotingAllowed(meeting.organisationId), t);
    return {
      entitled: members.map((m) => m.id),
      present: members.filter((m) => standing.get(m.id) === null).map((m) => m.id),
    };
  }
}
