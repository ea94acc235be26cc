import type { Stage } from '../../shared/rules/procedure.js';
import { randomBytes } from 'node:crypto';
import { qrDataUrl } from './qr.js';
import type { Transaction } from 'sequelize';
import { canTransition, publishProblem, type MeetingStatus } from '../../shared/rules/meeting.js';
import type {
  AgendaCandidates,
  AgendaItemView,
  AttendanceSummary,
  CreateMeetingBody,
  InviteeView,
  MeetingList,
  MeetingListQuery,
  MeetingStaff,
  MeetingView,
  UpdateMeetingBody,
} from '../../shared/schemas/meeting.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { remoteVotingAllowed } from './remote-voting.js';
import { recordAudit } from './audit.js';
import { MeetingAgenda } from './meeting-agenda.js';
import { canDrive, canOrganise, loadMeeting, ORGANISER_ROLES, STAFF_ROLES } from './meeting-access.js';
import { listMeetings, meetingStaff, organisationsOf, summarise } from './meeting-queries.js';
import { MeetingRoster, bumpMeeting, type RecordOptions, type RosterHooks } from './meeting-roster.js';
import { MeetingBodies } from './bodies/meeting-body.js';
import type { OrgTree } from './org-tree.js';

/** Told inside the transaction that changed a meeting's date or notice; returns what to announce after it. */
export interface MeetingWatcher {
  meetingChanged(meetingId: number, t: Transaction): Promise<number[]>;
  announce(procedureIds: readonly number[]): void;
}

/**
 * Preparing meetings: create, edit, publish, the agenda (MeetingAgenda) and the people
 * (MeetingRoster). The live hall (current item, screen, check-in) is MeetingLiveService.
 */
export class MeetingService {
  readonly agendaOf: MeetingAgenda;
  readonly roster: MeetingRoster;
  /** Meetings of a deliberating body: invitees from the register, frozen when the meeting opens. */
  readonly bodies: MeetingBodies;
  /** 四议两公开: a meeting's date and notice feed the flags of the stages on it (set by services/index.ts). */
  procedureFlags: MeetingWatcher | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    /** Called after anything the hall shows has changed. */
    private readonly changed: (meetingId: number) => void,
    hooks: Partial<Pick<RosterHooks, 'passRevoked'>> & {
      /** Awaited after a meeting closed (its minutes are finalised); a failure is logged, not thrown. */
      closed?: (meetingId: number) => Promise<unknown>;
    } = {},
  ) {
    this.agendaOf = new MeetingAgenda(db, clock, tree, changed);
    this.roster = new MeetingRoster(
      db,
      clock,
      { changed, passRevoked: (m, i, r) => hooks.passRevoked?.(m, i, r) },
      tree,
    );
    this.closed = hooks.closed ?? (async () => undefined);
    this.bodies = new MeetingBodies(db);
  }
  private readonly closed: (meetingId: number) => Promise<unknown>;

  private async staffOf(organisationId: number, userIds: number[]): Promise<boolean> {
    for (const userId of userIds) {
      const user = await this.db.models.User.findByPk(userId, { attributes: ['disabled'] });
      if (!user || user.disabled) return false;
      const memberships = await this.db.models.Membership.findAll({ where: { userId }, raw: true });
      const principal = {
        userId,
        memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
      };
      if (!(await hasRoleAt(this.tree, principal, STAFF_ROLES, organisationId))) return false;
    }
    return true;
  }

  async create(
    principal: Principal,
    body: Omit<CreateMeetingBody, 'bodyId'> & { bodyId?: number | null },
  ): Promise<MeetingView> {
    if (!(await hasRoleAt(this.tree, principal, ORGANISER_ROLES, body.organisationId))) throw errors.forbidden();
    const convenerId = body.convenerId ?? principal.userId;
    if (!(await this.staffOf(body.organisationId, [convenerId, ...body.secretaryIds])))
      throw errors.invalid('meeting.error.staff');
    if (body.bodyId) await this.bodies.check(body.organisationId, body.body, body.bodyId);
    const meeting = await this.db.tx(async (t) => {
      const m = await this.db.models.Meeting.create(
        {
          organisationId: body.organisationId,
          kind: body.kind,
          title: body.title,
          venue: body.venue,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          body: body.body as Meeting['body'],
          membersFrom: body.membersFrom,
          status: 'draft',
          convenerId,
          secretaryIds: [...new Set(body.secretaryIds)],
          currentItemId: null,
          screenMode: 'agenda',
          screenMessage: null,
          timerEndsAt: null,
          screenTokenHash: null,
          checkinSecret: randomBytes(24).toString('base64url'),
          publishedAt: null,
          bodyId: body.bodyId ?? null,
        },
        { transaction: t },
      );
      await this.bodies.sync(m, t);
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'meeting.created',
        subjectType: 'meeting',
        subjectId: m.id,
        organisationId: m.organisationId,
        summary: { after: { title: m.title, kind: m.kind } },
      });
      return m;
    });
    return this.view(meeting);
  }

  async get(principal: Principal, id: number): Promise<MeetingView> {
    return this.view(await loadMeeting(this.db, this.tree, principal, id));
  }

  /** Meetings in the principal's part of the tree, newest first, optionally by status and organisation. */
  list(principal: Principal, query: MeetingListQuery): Promise<MeetingList> {
    return listMeetings(this.db, this.tree, principal, query);
  }

  /** Staff who may convene, take minutes or be invited: any staff role at the organisation or above. */
  async staff(principal: Principal, organisationId: number): Promise<MeetingStaff> {
    if (!(await hasRoleAt(this.tree, principal, ORGANISER_ROLES, organisationId))) throw errors.forbidden();
    return meetingStaff(this.db, this.tree, organisationId);
  }

  /** Loads a meeting the principal may prepare, refusing any change once it is closed. */
  async editable(principal: Principal, id: number): Promise<Meeting> {
    const meeting = await loadMeeting(this.db, this.tree, principal, id);
    if (!(await canOrganise(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
    return meeting;
  }

  async update(principal: Principal, id: number, body: UpdateMeetingBody): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    const whoCountsChanges =
      (body.body && body.body !== meeting.body) ||
      (body.membersFrom && body.membersFrom !== meeting.membersFrom) ||
      (body.bodyId !== undefined && body.bodyId !== meeting.bodyId);
    // Quorum rules are fixed once the meeting is open: votes already taken relied on them.
    if (meeting.status === 'live' && whoCountsChanges) throw new AppError('conflict', 'meeting.error.body_fixed');
    const bodyId = body.bodyId !== undefined ? body.bodyId : meeting.bodyId;
    if (bodyId) await this.bodies.check(meeting.organisationId, body.body ?? meeting.body, bodyId);
    const startsAt = body.startsAt ? new Date(body.startsAt) : meeting.startsAt;
    const endsAt = body.endsAt ? new Date(body.endsAt) : meeting.endsAt;
    if (endsAt <= startsAt) throw errors.invalid('meeting.error.ends_before_start');
    const staff = [...(body.convenerId ? [body.convenerId] : []), ...(body.secretaryIds ?? [])];
    if (!(await this.staffOf(meeting.organisationId, staff))) throw errors.invalid('meeting.error.staff');
    const before = { title: meeting.title, venue: meeting.venue, startsAt: meeting.startsAt, body: meeting.body };
    let procedures: number[] = [];
    const updated = await this.db.tx(async (t) => {
      // A 四议两公开 stage was placed before this body: another one must not decide it under its name.
      if (
        whoCountsChanges &&
        (await this.db.models.ProcedureStage.count({ where: { meetingId: id, state: 'scheduled' }, transaction: t }))
      )
        throw new AppError('conflict', 'meeting.error.body_has_stage');
      await this.db.models.Meeting.update(
        {
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.venue !== undefined ? { venue: body.venue } : {}),
          ...(body.body !== undefined ? { body: body.body as Meeting['body'] } : {}),
          ...(body.membersFrom !== undefined ? { membersFrom: body.membersFrom } : {}),
          ...(body.bodyId !== undefined ? { bodyId: body.bodyId } : {}),
          ...(body.convenerId !== undefined ? { convenerId: body.convenerId } : {}),
          ...(body.secretaryIds !== undefined ? { secretaryIds: [...new Set(body.secretaryIds)] } : {}),
          startsAt,
          endsAt,
        },
        { where: { id }, transaction: t },
      );
      const m = await bumpMeeting(this.db, id, t);
      await this.bodies.sync(m, t);
      procedures = (await this.procedureFlags?.meetingChanged(id, t)) ?? [];
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'meeting.updated',
        subjectType: 'meeting',
        subjectId: id,
        organisationId: m.organisationId,
        summary: { before, after: { title: m.title, venue: m.venue, startsAt: m.startsAt, body: m.body } },
      });
      return m;
    });
    this.roster.forget(id);
    this.changed(id);
    this.procedureFlags?.announce(procedures);
    return this.view(updated);
  }

  /**
   * Attaches a meeting to a body without a principal (the seed and the demo): the same checks as
   * the meeting form, refused once the roster is frozen.
   */
  async attachBody(meetingId: number, bodyId: number): Promise<void> {
    await this.db.tx(async (t) => {
      const m = await this.db.models.Meeting.findByPk(meetingId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!m) throw errors.notFound();
      if (m.rosterFrozenAt || m.status === 'closed') throw new AppError('conflict', 'meeting.error.body_fixed');
      await this.bodies.check(m.organisationId, m.body, bodyId, t);
      await m.update({ bodyId, version: m.version + 1 }, { transaction: t });
      await this.bodies.sync(m, t);
    });
    this.roster.forget(meetingId);
    this.changed(meetingId);
  }

  /** Publish (scheduled), unpublish (back to draft), open (live) or close a meeting. */
  async transition(principal: Principal, id: number, to: MeetingStatus): Promise<MeetingView> {
    const meeting = await loadMeeting(this.db, this.tree, principal, id);
    if (!(await canOrganise(this.tree, principal, meeting))) throw errors.forbidden();
    if (!canTransition(meeting.status, to)) throw new AppError('conflict', 'meeting.error.transition');
    if (to === 'scheduled') {
      const problem = publishProblem(meeting.body, await this.db.models.AgendaItem.count({ where: { meetingId: id } }));
      if (problem) throw new AppError('conflict', problem);
    }
    let procedures: number[] = [];
    const updated = await this.db.tx(async (t) => {
      const m = await this.db.models.Meeting.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!m || !canTransition(m.status, to)) throw new AppError('conflict', 'meeting.error.transition');
      const first =
        to === 'live' && !m.currentItemId
          ? await this.db.models.AgendaItem.findOne({
              where: { meetingId: id },
              order: [['position', 'ASC']],
              transaction: t,
            })
          : null;
      // Opening freezes who counts; publishing refreshes the list from the register once more.
      const frozen = to === 'live' ? await this.bodies.freeze(m, this.clock.now(), t) : {};
      if (to === 'scheduled') await this.bodies.sync(m, t);
      await m.update(
        {
          status: to,
          ...frozen,
          ...(to === 'scheduled' ? { publishedAt: this.clock.now() } : {}),
          ...(to === 'draft' ? { publishedAt: null } : {}),
          ...(first ? { currentItemId: first.id, screenMode: 'item' as const } : {}),
          ...(to === 'closed' ? { timerEndsAt: null } : {}),
          version: m.version + 1,
        },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: `meeting.${to}`,
        subjectType: 'meeting',
        subjectId: id,
        organisationId: m.organisationId,
      });
      // Publishing or taking back sets or clears the notice the flags measure.
      if (to === 'scheduled' || to === 'draft') procedures = (await this.procedureFlags?.meetingChanged(id, t)) ?? [];
      return m;
    });
    this.roster.forget(id);
    this.changed(id);
    this.procedureFlags?.announce(procedures);
    if (to === 'closed') await this.closed(id);
    return this.view(updated);
  }

  async addItem(
    principal: Principal,
    id: number,
    body: { topicId: number } | { title: string; notes: string } | { procedureId: number; stage: Stage },
  ): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    await this.agendaOf.add(principal, meeting, body);
    return this.view(meeting);
  }

  async reorder(principal: Principal, id: number, itemIds: number[]): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    await this.agendaOf.reorder(meeting, itemIds);
    return this.view(meeting);
  }

  async removeItem(principal: Principal, id: number, itemId: number): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    await this.agendaOf.remove(meeting, itemId);
    return this.view(meeting);
  }

  async candidates(principal: Principal, id: number): Promise<AgendaCandidates> {
    return this.agendaOf.candidates(await this.editable(principal, id));
  }

  async addInvitee(
    principal: Principal,
    id: number,
    body:
      { userId: number; member: boolean } | { name: string; affiliation: string; category: string; member: boolean },
  ): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    // A body's meeting counts the body's seats only: anyone added by hand is listed as a guest.
    if (meeting.bodyId && body.member) throw new AppError('conflict', 'checkin.error.member_from_body');
    if ('userId' in body && !(await this.staffOf(meeting.organisationId, [body.userId])))
      throw errors.invalid('meeting.error.staff');
    await this.roster.add(meeting, body);
    return this.view(meeting);
  }

  async removeInvitee(principal: Principal, id: number, inviteeId: number): Promise<MeetingView> {
    const meeting = await this.editable(principal, id);
    // The body's members come and go with their seats on the register, not from this list.
    const invitee = meeting.bodyId
      ? await this.db.models.Invitee.findOne({ where: { id: inviteeId, meetingId: id }, attributes: ['personId'] })
      : null;
    if (invitee?.personId) throw new AppError('conflict', 'checkin.error.seat_from_body');
    await this.roster.remove(meeting, inviteeId);
    return this.view(meeting);
  }

  /** The convener and secretaries (and admins) run the register; closed meetings keep theirs. */
  private async registrar(principal: Principal, id: number): Promise<Meeting> {
    const meeting = await loadMeeting(this.db, this.tree, principal, id);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
    return meeting;
  }

  /** Marks someone present or absent by hand (the elderly without phones). */
  async mark(principal: Principal, id: number, inviteeId: number, present: boolean): Promise<MeetingView> {
    const meeting = await this.registrar(principal, id);
    await this.roster.record(meeting, inviteeId, present, 'manual', principal.userId);
    return this.view(meeting);
  }

  /**
   * A personal link for someone following from elsewhere, with its QR code (to scan off the
   * convener's screen or a printout); issuing again ends the previous link.
   */
  async issueInvite(
    principal: Principal,
    id: number,
    inviteeId: number,
    publicUrl: string,
  ): Promise<{ url: string; qr: string }> {
    const meeting = await this.registrar(principal, id);
    const { token } = await this.roster.issuePass(
      meeting.id,
      inviteeId,
      this.audited(principal, meeting, 'invite_issued', inviteeId),
    );
    const url = `${publicUrl}/m/${meeting.id}?invite=${token}`;
    return { url, qr: await qrDataUrl(url) };
  }

  async revokeInvite(principal: Principal, id: number, inviteeId: number): Promise<MeetingView> {
    const meeting = await this.registrar(principal, id);
    await this.roster.revokePass(meeting.id, inviteeId, this.audited(principal, meeting, 'invite_revoked', inviteeId));
    return this.view(meeting);
  }

  /** An audit record of a link issued or withdrawn, written in the same transaction. */
  audited(principal: Principal, meeting: Meeting, action: string, inviteeId?: number) {
    return (t: Transaction) =>
      recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: `meeting.${action}`,
        subjectType: 'meeting',
        subjectId: meeting.id,
        organisationId: meeting.organisationId,
        ...(inviteeId ? { summary: { inviteeId } } : {}),
      });
  }

  record(
    meeting: Meeting,
    inviteeId: number,
    present: boolean,
    method: 'qr' | 'manual' | 'remote',
    by: number | null,
    options?: RecordOptions,
  ): Promise<void> {
    return this.roster.record(meeting, inviteeId, present, method, by, options);
  }

  agenda(meetingId: number): Promise<AgendaItemView[]> {
    return this.agendaOf.items(meetingId);
  }

  invitees(meetingId: number): Promise<InviteeView[]> {
    return this.roster.invitees(meetingId);
  }

  attendance(meeting: Meeting): Promise<AttendanceSummary> {
    return this.roster.attendance(meeting);
  }

  async view(meeting: Meeting): Promise<MeetingView> {
    await meeting.reload();
    const orgs = await organisationsOf(this.db, [meeting.organisationId]);
    return {
      ...summarise(
        meeting,
        orgs.get(meeting.organisationId),
        await remoteVotingAllowed(this.db, this.tree, meeting.organisationId),
      ),
      agenda: await this.agenda(meeting.id),
      invitees: await this.invitees(meeting.id),
      attendance: await this.attendance(meeting),
    };
  }
}
