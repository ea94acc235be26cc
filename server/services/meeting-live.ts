import { randomBytes } from 'node:crypto';
import { qrDataUrl } from './qr.js';
import type { CheckinList, DriveCommand, LiveState } from '../../shared/schemas/meeting.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Meeting } from '../db/models/meeting.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { checkinCode, checkinCodeValid } from './checkin-code.js';
import { canDrive, loadMeeting, STAFF_ROLES } from './meeting-access.js';
import { hashToken } from './meeting-roster.js';
import type { MeetingService } from './meetings.js';
import type { OrgTree } from './org-tree.js';

/** Who is looking at the hall: staff (console), the projector (screen token), or a participant. */
export type Viewer =
  | { kind: 'staff'; principal: Principal; canDrive: boolean }
  | { kind: 'screen' }
  | { kind: 'participant'; inviteeId: number; name: string };

type BaseState = Omit<LiveState, 'checkin' | 'serverNow'>;

export interface LiveHooks {
  changed(meetingId: number, meeting?: Meeting): void;
  /** The projector link was withdrawn or replaced: screens showing it must stop. */
  screenRevoked(meetingId: number): void;
}

/**
 * The live hall: one server-authoritative state per meeting that the console drives and the
 * projector and phones render. Every change bumps `version`, so a client that reconnects (or
 * receives broadcasts out of order) keeps only the newest state.
 */
export class MeetingLiveService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly meetings: MeetingService,
    private readonly publicUrl: string,
    private readonly hooks: LiveHooks,
  ) {}

  /**
   * The state without the check-in code, cached by version: every change bumps the version in
   * the database (MeetingService.bump), on whichever instance it happens, so a cached state is
   * never stale, and a broadcast to a thousand phones reads the database once.
   */
  private readonly cache = new Map<number, { version: number; state: Promise<BaseState> }>();

  private base(meeting: Meeting): Promise<BaseState> {
    const hit = this.cache.get(meeting.id);
    if (hit && hit.version === meeting.version) return hit.state;
    const state = (async () => ({
      meetingId: meeting.id,
      version: meeting.version,
      status: meeting.status,
      title: meeting.title,
      kind: meeting.kind,
      agenda: await this.meetings.agenda(meeting.id),
      currentItemId: meeting.currentItemId,
      screenMode: meeting.screenMode,
      screenMessage: meeting.screenMessage,
      timerEndsAt: meeting.timerEndsAt?.toISOString() ?? null,
      attendance: await this.meetings.attendance(meeting),
    }))();
    this.remember(meeting.id, meeting.version, state);
    return state;
  }

  private remember(meetingId: number, version: number, state: Promise<BaseState>): void {
    this.cache.set(meetingId, { version, state });
    state.catch(() => {
      if (this.cache.get(meetingId)?.state === state) this.cache.delete(meetingId);
    });
  }

  /** The projector's QR, rendered once per code (about once a minute per meeting). */
  private readonly qr = new Map<number, { code: string; dataUrl: Promise<string> }>();

  private qrFor(meetingId: number, code: string, url: string): Promise<string> {
    const hit = this.qr.get(meetingId);
    if (hit && hit.code === code) return hit.dataUrl;
    const dataUrl = qrDataUrl(url);
    this.qr.set(meetingId, { code, dataUrl });
    return dataUrl;
  }

  async state(meeting: Meeting, withCheckin: boolean): Promise<LiveState> {
    const now = this.clock.now();
    const open = meeting.status === 'scheduled' || meeting.status === 'live';
    const code = withCheckin && open ? checkinCode(meeting.checkinSecret, now) : null;
    const url = code ? `${this.publicUrl}/m/${meeting.id}/checkin?c=${code.code}` : '';
    return {
      ...(await this.base(meeting)),
      checkin: code
        ? {
            code: code.code,
            url,
            qr: await this.qrFor(meeting.id, code.code, url),
            expiresAt: code.expiresAt.toISOString(),
          }
        : null,
      serverNow: now.toISOString(),
    };
  }

  /**
   * Decides what a socket may see of a meeting: the projector by its link, a participant by
   * their pass, staff by their role at the organisation.
   */
  async authorise(
    meetingId: number,
    principal: Principal | null,
    tokens: { screenToken?: string; inviteToken?: string },
  ): Promise<Viewer> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    if (tokens.screenToken) {
      if (meeting.screenTokenHash && meeting.screenTokenHash === hashToken(tokens.screenToken))
        return { kind: 'screen' };
      throw new AppError('forbidden', 'meeting.error.screen_token');
    }
    if (tokens.inviteToken) {
      const holder = await this.meetings.roster.holderOf(meetingId, tokens.inviteToken);
      if (!holder) throw new AppError('forbidden', 'meeting.error.pass');
      return { kind: 'participant', inviteeId: holder.id, name: holder.name };
    }
    if (!principal) throw errors.unauthenticated();
    await loadMeeting(this.db, this.tree, principal, meetingId);
    return { kind: 'staff', principal, canDrive: await canDrive(this.tree, principal, meeting) };
  }

  /**
   * The state for someone who has just joined, read after they joined the rooms so no change in
   * between is missed. A participant arriving by pass while the meeting is live is following it.
   */
  async arrived(meetingId: number, viewer: Viewer): Promise<LiveState> {
    let meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    if (viewer.kind === 'participant' && (await this.meetings.roster.followRemotely(meeting, viewer.inviteeId)))
      meeting = (await this.db.models.Meeting.findByPk(meetingId)) ?? meeting;
    return this.state(meeting, viewer.kind !== 'participant');
  }

  /**
   * Moves the hall. The row is locked for the change, so two drivers never produce the same
   * version; the new state is the previous one with the change applied (agenda and attendance
   * are untouched by these commands), so a broadcast to the hall costs no further reads.
   */
  async drive(principal: Principal, command: DriveCommand): Promise<LiveState> {
    const { meeting, previous } = await this.db.tx(async (t) => {
      const m = await this.db.models.Meeting.findByPk(command.meetingId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!m) throw errors.notFound();
      if (!(await hasRoleAt(this.tree, principal, STAFF_ROLES, m.organisationId))) throw errors.forbidden();
      if (!(await canDrive(this.tree, principal, m))) throw errors.forbidden();
      if (m.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
      const before = await this.base(m);
      const changes = this.apply(command, m, before);
      await m.update({ ...changes, version: m.version + 1 }, { transaction: t });
      return { meeting: m, previous: before };
    });
    this.remember(
      meeting.id,
      meeting.version,
      Promise.resolve({
        ...previous,
        version: meeting.version,
        currentItemId: meeting.currentItemId,
        screenMode: meeting.screenMode,
        screenMessage: meeting.screenMessage,
        timerEndsAt: meeting.timerEndsAt?.toISOString() ?? null,
      }),
    );
    this.hooks.changed(meeting.id, meeting);
    return this.state(meeting, true);
  }

  private apply(command: DriveCommand, meeting: Meeting, before: BaseState): Partial<Meeting> {
    const agenda = before.agenda;
    const index = agenda.findIndex((i) => i.id === meeting.currentItemId);
    switch (command.action) {
      case 'next':
      case 'previous': {
        const step = command.action === 'next' ? 1 : -1;
        const next = agenda[Math.max(0, Math.min(agenda.length - 1, index + step))];
        return next ? { currentItemId: next.id, screenMode: 'item', timerEndsAt: null } : {};
      }
      case 'goto':
        if (!agenda.some((i) => i.id === command.itemId)) throw errors.invalid('meeting.error.item');
        return { currentItemId: command.itemId, screenMode: 'item', timerEndsAt: null };
      case 'screen':
        return { screenMode: command.mode };
      case 'message':
        return { screenMessage: command.text || null };
      case 'timer':
        return {
          timerEndsAt: command.seconds ? new Date(this.clock.now().getTime() + command.seconds * 1000) : null,
        };
    }
  }

  /** Issues a new projector link; the previous one, and every screen showing it, stops at once. */
  async issueScreenToken(principal: Principal, meetingId: number): Promise<{ url: string }> {
    const meeting = await this.driven(principal, meetingId);
    const token = randomBytes(24).toString('base64url');
    await this.db.tx(async (t) => {
      await meeting.update({ screenTokenHash: hashToken(token) }, { transaction: t });
      await this.meetings.audited(principal, meeting, 'screen_link_issued')(t);
    });
    this.hooks.screenRevoked(meetingId);
    return { url: `${this.publicUrl}/m/${meetingId}/screen?token=${token}` };
  }

  /** Withdraws the projector link (a photo of it was shared, the hall PC was left logged in). */
  async revokeScreenToken(principal: Principal, meetingId: number): Promise<void> {
    const meeting = await this.driven(principal, meetingId);
    await this.db.tx(async (t) => {
      await meeting.update({ screenTokenHash: null }, { transaction: t });
      await this.meetings.audited(principal, meeting, 'screen_link_revoked')(t);
    });
    this.hooks.screenRevoked(meetingId);
  }

  private async driven(principal: Principal, meetingId: number): Promise<Meeting> {
    const meeting = await loadMeeting(this.db, this.tree, principal, meetingId);
    if (!(await canDrive(this.tree, principal, meeting))) throw errors.forbidden();
    if (meeting.status === 'closed') throw new AppError('conflict', 'meeting.error.closed');
    return meeting;
  }

  /** A meeting people can check in to now, with the code they hold still valid. */
  private async checkinOpen(meetingId: number, code: string): Promise<Meeting> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting || (meeting.status !== 'scheduled' && meeting.status !== 'live'))
      throw new AppError('not_found', 'meeting.error.checkin_closed');
    if (!checkinCodeValid(meeting.checkinSecret, code, this.clock.now()))
      throw new AppError('forbidden', 'meeting.error.checkin_expired');
    return meeting;
  }

  /** Who may check in: names only, for someone holding a valid code in the hall. */
  async checkinList(meetingId: number, code: string, principal: Principal | null): Promise<CheckinList> {
    const meeting = await this.checkinOpen(meetingId, code);
    const invitees = await this.meetings.invitees(meetingId);
    const mine = principal ? (invitees.find((i) => i.userId === principal.userId)?.id ?? null) : null;
    return {
      title: meeting.title,
      invitees: invitees.map((i) => ({ id: i.id, name: i.name, staff: i.userId !== null })),
      mine,
    };
  }

  /**
   * A photo of a topic on the agenda, for the hall: staff of the organisation, the projector by
   * its link, or a participant by their pass.
   */
  async photo(
    meetingId: number,
    itemId: number,
    position: number,
    principal: Principal | null,
    token: string | undefined,
  ): Promise<{ data: Buffer; mime: string }> {
    const meeting = await this.db.models.Meeting.findByPk(meetingId);
    if (!meeting) throw errors.notFound();
    const allowed = token
      ? meeting.screenTokenHash === hashToken(token) || (await this.meetings.roster.holderOf(meetingId, token)) !== null
      : await hasRoleAt(this.tree, principal, STAFF_ROLES, meeting.organisationId);
    if (!allowed) throw token || principal ? errors.forbidden() : errors.unauthenticated();
    const item = await this.db.models.AgendaItem.findOne({ where: { id: itemId, meetingId } });
    if (!item?.topicId) throw errors.notFound();
    const photo = await this.db.models.TopicPhoto.findOne({ where: { topicId: item.topicId, position } });
    if (!photo) throw errors.notFound();
    return { data: photo.data, mime: photo.mime };
  }
}
