import { randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import type {
  CheckinRequestList,
  CheckinRequestView,
  CheckinStatus,
  DeskCheckedIn,
} from '../../../shared/schemas/checkin.js';
import { attending } from '../../../shared/rules/attendance-rules.js';
import type { CheckedIn } from '../../../shared/schemas/meeting.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { CheckinRequest } from '../../db/models/checkin-request.js';
import type { Invitee } from '../../db/models/invitee.js';
import type { Meeting } from '../../db/models/meeting.js';
import { AppError, errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { checkinCodeValid } from '../checkin-code.js';
import { canDrive, loadMeeting } from '../meeting-access.js';
import { hashToken } from '../meeting-roster.js';
import type { MeetingService } from '../meetings.js';
import type { OrgTree } from '../org-tree.js';
import type { BodyPasses } from './passes.js';

/** Requests one person may have waiting at once: enough for a retry, too few to bury the desk. */
const MAX_PENDING_PER_PERSON = 3;

export interface DeskHooks {
  /** A request was made or decided: the desk's consoles show it. */
  requestChanged(meetingId: number, request: CheckinRequestView, created: boolean): void;
  /** The desk moved a person's pass to another device: the first one is told why. */
  passReplaced(meetingId: number, inviteeId: number): void;
}

/**
 * Check-in that proves identity (issue 13). The projector's rotating code proves presence in the
 * hall; who someone is comes from their personal pass (参会证), a staff login, or the desk (签到台)
 * confirming a request by name. The code alone never yields a pass, and a person already present
 * is never taken over without the desk.
 */
export class CheckinDesk {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly meetings: MeetingService,
    private readonly passes: BodyPasses,
    private readonly hooks: DeskHooks,
  ) {}

  private async open(meetingId: number, code: string): Promise<Meeting> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting || (meeting.status !== 'scheduled' && meeting.status !== 'live'))
      throw new AppError('not_found', 'meeting.error.checkin_closed');
    if (!checkinCodeValid(meeting.checkinSecret, code, this.clock.now()))
      throw new AppError('forbidden', 'meeting.error.checkin_expired');
    return meeting;
  }

  /**
   * Whether a phone follows the meeting as this person, and from where: 'hall' (checked in there)
   * or 'remote' (following from elsewhere by a personal link or pass); null when no phone does.
   */
  private async occupied(meetingId: number, invitee: Invitee): Promise<'hall' | 'remote' | null> {
    if (invitee.inviteTokenHash === null) return null;
    const row = await this.db.models.Attendance.findOne({ where: { meetingId, inviteeId: invitee.id } });
    const how = attending(row);
    return how === 'none' ? null : how;
  }

  async checkin(
    meetingId: number,
    body: { code: string; inviteeId?: number; pass?: string },
    principal: Principal | null,
  ): Promise<CheckedIn> {
    const meeting = await this.open(meetingId, body.code);
    const invitee = body.pass
      ? await this.byPass(meeting, body.pass)
      : await this.db.models.Invitee.findOne({ where: { id: body.inviteeId!, meetingId } });
    if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
    // A staff member proves who they are by logging in; nobody else can claim their name.
    if (!body.pass && invitee.userId !== null) {
      if (!principal) throw new AppError('unauthenticated', 'meeting.error.checkin_login');
      if (principal.userId !== invitee.userId) throw new AppError('forbidden', 'meeting.error.checkin_not_you');
      return this.admit(meeting, invitee, principal.userId);
    }
    const taken = await this.occupied(meetingId, invitee);
    // The screen's code proves this phone is in the hall and the pass proves who: someone who
    // followed from elsewhere is now here, present once, and their remote phone is told why.
    if (body.pass && taken !== 'hall') return this.admit(meeting, invitee, null, taken === 'remote');
    return this.ask(meeting, invitee, taken ? 'takeover' : 'claim');
  }

  private byPass(meeting: Meeting, pass: string): Promise<Invitee> {
    return this.passes.inviteeFor(meeting, pass);
  }

  private async admit(meeting: Meeting, invitee: Invitee, by: number | null, wasRemote = false): Promise<CheckedIn> {
    // One pass per person: a phone that held it before stops (issuePass's rule), in the same commit.
    const token = randomBytes(24).toString('base64url');
    await this.meetings.record(meeting, invitee.id, true, 'qr', by, {
      passHash: hashToken(token),
      ...(wasRemote ? { reason: 'in_hall' as const } : {}),
    });
    return { status: 'checked_in', participantToken: token, name: invitee.name };
  }

  /** A request the desk decides by name; the phone keeps the secret it polls (and later follows) with. */
  private async ask(meeting: Meeting, invitee: Invitee, kind: 'claim' | 'takeover'): Promise<CheckedIn> {
    const waiting = await this.db.models.CheckinRequest.count({
      where: { meetingId: meeting.id, inviteeId: invitee.id, state: 'pending' },
    });
    if (waiting >= MAX_PENDING_PER_PERSON) throw new AppError('conflict', 'checkin.error.too_many');
    const token = randomBytes(24).toString('base64url');
    const request = await this.db.tx((t) =>
      this.db.models.CheckinRequest.create(
        {
          meetingId: meeting.id,
          inviteeId: invitee.id,
          kind,
          state: 'pending',
          requestTokenHash: hashToken(token),
          decidedBy: null,
          decidedAt: null,
          reason: null,
        },
        { transaction: t },
      ),
    );
    this.hooks.requestChanged(meeting.id, await this.view(request, invitee), true);
    return { status: 'pending', requestToken: token, name: invitee.name, kind };
  }

  /** The requesting phone asks whether the desk has decided; only the holder of the secret can. */
  async status(meetingId: number, requestToken: string): Promise<CheckinStatus> {
    const request = await this.db.models.CheckinRequest.findOne({
      where: { meetingId, requestTokenHash: hashToken(requestToken) },
    });
    if (!request) throw errors.notFound();
    const invitee = await this.db.models.Invitee.findByPk(request.inviteeId, { attributes: ['name'] });
    return { state: request.state, name: invitee?.name ?? '' };
  }

  /** The convener, the meeting's secretaries and admins keep the desk. */
  async registrar(principal: Principal, meetingId: number): Promise<Meeting> {
    const meeting = await loadMeeting(this.db, this.tree, principal, meetingId);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
    return meeting;
  }

  private async view(r: CheckinRequest, invitee?: Invitee | null): Promise<CheckinRequestView> {
    const who = invitee ?? (await this.db.models.Invitee.findByPk(r.inviteeId));
    const decider = r.decidedBy
      ? await this.db.models.User.findByPk(r.decidedBy, { attributes: ['displayName'] })
      : null;
    return {
      id: r.id,
      meetingId: r.meetingId,
      inviteeId: r.inviteeId,
      name: who?.name ?? '',
      affiliation: who?.affiliation ?? '',
      kind: r.kind,
      state: r.state,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decidedBy: decider?.displayName ?? null,
    };
  }

  /** Waiting requests first, then the latest decisions (who confirmed whom). */
  async requests(principal: Principal, meetingId: number): Promise<CheckinRequestList> {
    await loadMeeting(this.db, this.tree, principal, meetingId);
    const pending = await this.db.models.CheckinRequest.findAll({
      where: { meetingId, state: 'pending' },
      order: [['id', 'ASC']],
    });
    const decided = await this.db.models.CheckinRequest.findAll({
      where: { meetingId, state: { [Op.ne]: 'pending' } },
      order: [['id', 'DESC']],
      limit: 50,
    });
    return { items: await Promise.all([...pending, ...decided].map((r) => this.view(r))) };
  }

  /**
   * Confirms or rejects a request by name. Confirming makes the phone's secret its pass (so no
   * pass is ever sent anywhere) and ends the device that held it before, which is told why.
   */
  async decide(
    principal: Principal,
    meetingId: number,
    requestId: number,
    confirm: boolean,
  ): Promise<CheckinRequestView> {
    const meeting = await this.registrar(principal, meetingId);
    const { request, replaced } = await this.db.tx(async (t) => {
      const r = await this.db.models.CheckinRequest.findOne({
        where: { id: requestId, meetingId },
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!r) throw errors.notFound();
      if (r.state !== 'pending') throw new AppError('conflict', 'checkin.error.decided');
      const now = this.clock.now();
      await r.update(
        { state: confirm ? 'confirmed' : 'rejected', decidedBy: principal.userId, decidedAt: now },
        { transaction: t },
      );
      let hadDevice = false;
      if (confirm) {
        const invitee = await this.db.models.Invitee.findByPk(r.inviteeId, { transaction: t });
        if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
        hadDevice = invitee.inviteTokenHash !== null;
        await invitee.update({ inviteTokenHash: r.requestTokenHash }, { transaction: t });
        // Someone else's claim to the same name is settled by this decision.
        await this.db.models.CheckinRequest.update(
          { state: 'rejected', decidedBy: principal.userId, decidedAt: now },
          { where: { meetingId, inviteeId: r.inviteeId, state: 'pending', id: { [Op.ne]: r.id } }, transaction: t },
        );
      }
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: confirm ? 'meeting.checkin_confirmed' : 'meeting.checkin_rejected',
        subjectType: 'meeting',
        subjectId: meetingId,
        organisationId: meeting.organisationId,
        summary: { inviteeId: r.inviteeId, requestId: r.id, kind: r.kind },
      });
      return { request: r, replaced: hadDevice };
    });
    if (confirm) {
      if (replaced) this.hooks.passReplaced(meetingId, request.inviteeId);
      await this.meetings.record(meeting, request.inviteeId, true, 'qr', principal.userId);
    }
    const view = await this.view(request);
    this.hooks.requestChanged(meetingId, view, false);
    return view;
  }

  /**
   * A phone's claim confirmed at once by the desk: what the demo seed and the benches use to fill
   * a hall. Returns the phone's participant token.
   */
  async claimAndConfirm(principal: Principal, meetingId: number, code: string, inviteeId: number): Promise<string> {
    const asked = await this.checkin(meetingId, { code, inviteeId }, principal);
    if (asked.status === 'checked_in') return asked.participantToken;
    const request = await this.db.models.CheckinRequest.findOne({
      where: { meetingId, requestTokenHash: hashToken(asked.requestToken) },
    });
    await this.decide(principal, meetingId, request!.id, true);
    return asked.requestToken;
  }

  /** The desk scans a pass card (or types its code): that person is present, no phone needed. */
  async scanPass(principal: Principal, meetingId: number, pass: string): Promise<DeskCheckedIn> {
    const meeting = await this.registrar(principal, meetingId);
    const invitee = await this.byPass(meeting, pass);
    // Here in person without a phone: a phone following remotely as them is not here, so it stops
    // (or a leaked link would keep voting for someone the desk has just seen in the hall).
    const remote = (await this.occupied(meetingId, invitee)) === 'remote';
    await this.meetings.record(meeting, invitee.id, true, 'manual', principal.userId, {
      ...(remote ? { passHash: null, reason: 'in_hall' as const } : {}),
    });
    return { inviteeId: invitee.id, name: invitee.name };
  }
}
