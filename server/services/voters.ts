import { Op, type Transaction } from 'sequelize';
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

  /** Read on every ballot batch, so kept for a few seconds; an edit elsewhere applies within that. */
  private readonly remote = new TtlCache<boolean>(5_000);

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
    return new Map(
      invitees.map((i) => {
        const a = attendance.get(i.id);
        if (!i.member) return [i.id, 'not_member'];
        if (!a?.present) return [i.id, 'not_checked_in'];
        if (a.method === 'remote' && !remoteAllowed) return [i.id, 'remote_not_allowed'];
        return [i.id, null];
      }),
    );
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
