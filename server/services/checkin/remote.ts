import { randomBytes } from 'node:crypto';
import { attending, chinaDate, remoteRefusal, seatCovers } from '../../../shared/rules/attendance-rules.js';
import type { PassMeeting, PassRemote, PassView } from '../../../shared/schemas/checkin.js';
import type { Database } from '../../db/index.js';
import type { BodyMember } from '../../db/models/body-member.js';
import { AppError } from '../../errors.js';
import { hashToken } from '../meeting-roster.js';
import type { MeetingService } from '../meetings.js';
import type { OrgTree } from '../org-tree.js';
import { remoteVotingAllowed } from '../remote-voting.js';
import type { BodyPasses } from './passes.js';

const REFUSAL_KEYS = {
  in_hall: 'checkin.error.remote_in_hall',
  by_proxy: 'checkin.error.remote_by_proxy',
} as const;

/**
 * Remote members keep their personal links (issue 13: half of many villages work in the city).
 * A member opening their pass (参会证) during a live meeting of its body, without the projector's
 * code, may follow it from elsewhere: the agenda, the current item, the votes. That is recorded
 * as remote attendance (method 'remote', as for the invite links of meetings without a body), so
 * it counts toward the quorum, and its ballots count, only where the organisation allows remote
 * voting (server/services/remote-voting.ts, read by the quorum count and by every ballot alike).
 *
 * Threat model — who could cheat with what (test/integration/checkin-remote.test.ts tries each,
 * on SQLite and PostgreSQL, with real Socket.IO clients):
 * - **A leaked pass link** (a forwarded SMS, a photo of the card): its holder is that member from
 *   anywhere — follows, counts where remote voting is allowed, and votes in their name, once per
 *   motion like the member. It opens nothing else: no other meeting, no staff page, no other
 *   person. The convener sees "远程参会" against the name on the console; issuing a new pass
 *   (one link or a new sheet) ends the old link and any remote following done with it, and that
 *   person stops counting at once. A ballot cast before that stays cast (in a secret vote nobody
 *   can tell which it was); the convener may annul the motion and vote again.
 * - **A member counted twice** (remote on one phone, present in the hall on another): one
 *   attendance row per person, so scanning the screen with the pass turns the remote presence
 *   into presence in the hall (the remote phone stops); opening the pass remotely while present
 *   in the hall, or while represented by a proxy, is refused, and a proxy cannot be held by
 *   someone following remotely. A second remote phone replaces the first. Ballots are one per
 *   person and motion whichever phone sends them.
 * - **A pass whose seat does not cover the meeting's day** (the term ended before it): refused,
 *   even if the person is on the roster by another seat; the frozen roster is never reopened.
 * - **Another body's pass**, or a pass for a meeting that is not live: refused.
 * - **A replaced or revoked pass**: refused like a forged one (only hashes are stored).
 * - **Remote voting off**: the member may follow, but is not counted present and every ballot
 *   is refused with a translated reason, changing no tally (the phone shows why beforehand).
 */
export class RemotePasses {
  constructor(
    private readonly db: Database,
    private readonly tree: OrgTree,
    private readonly passes: BodyPasses,
    private readonly meetings: MeetingService,
  ) {}

  /** What the personal link shows: whose pass it is and the body's meetings live now that they may follow. */
  async view(token: string): Promise<PassView> {
    const seat = await this.passes.seatOf(token);
    if (!seat) throw new AppError('not_found', 'checkin.error.pass');
    return { ...(await this.passes.describe(seat)), meetings: await this.live(seat) };
  }

  private async live(seat: BodyMember): Promise<PassMeeting[]> {
    const meetings = await this.db.models.Meeting.findAll({
      where: { bodyId: seat.bodyId, status: 'live' },
      order: [['startsAt', 'ASC']],
    });
    const listed: PassMeeting[] = [];
    for (const m of meetings) {
      if (!seatCovers(seat, chinaDate(m.startsAt))) continue;
      const invitee = await this.db.models.Invitee.findOne({
        where: { meetingId: m.id, personId: seat.personId },
        attributes: ['id'],
      });
      if (!invitee) continue;
      const row = await this.db.models.Attendance.findOne({ where: { meetingId: m.id, inviteeId: invitee.id } });
      listed.push({
        id: m.id,
        title: m.title,
        startsAt: m.startsAt.toISOString(),
        remoteVoting: await remoteVotingAllowed(this.db, this.tree, m.organisationId),
        attending: attending(row),
      });
    }
    return listed;
  }

  /**
   * Follows a live meeting of the pass's body from elsewhere: a participant token for this phone
   * (the previous phone of this person stops, as with any new pass) and a remote presence, in one
   * transaction that re-reads the attendance under the meeting's lock, so a check-in in the hall
   * committed a moment earlier is never overwritten.
   */
  async follow(token: string, meetingId: number): Promise<PassRemote> {
    // The pass first: without one, nothing is said about the meeting.
    if (!(await this.passes.seatOf(token))) throw new AppError('forbidden', 'checkin.error.pass');
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting || meeting.status !== 'live') throw new AppError('conflict', 'checkin.error.remote_not_live');
    const invitee = await this.passes.inviteeFor(meeting, token);
    const participantToken = randomBytes(24).toString('base64url');
    await this.meetings.record(meeting, invitee.id, true, 'remote', null, {
      passHash: hashToken(participantToken),
      guard: (row) => {
        const refusal = remoteRefusal(row);
        if (refusal) throw new AppError('conflict', REFUSAL_KEYS[refusal]);
      },
    });
    return {
      meetingId,
      participantToken,
      name: invitee.name,
      remoteVoting: await remoteVotingAllowed(this.db, this.tree, meeting.organisationId),
    };
  }
}
