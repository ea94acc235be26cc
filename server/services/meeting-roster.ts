import { createHash, randomBytes } from 'node:crypto';
import { QueryTypes, type Transaction } from 'sequelize';
import { countsAsPresent, type AttendanceMethod } from '../../shared/rules/meeting.js';
import { quorum, rulesFor } from '../../shared/rules/quorum.js';
import type { RevokeReason } from '../../shared/events.js';
import type { AttendanceSummary, InviteeView } from '../../shared/schemas/meeting.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Attendance } from '../db/models/attendance.js';
import type { Meeting } from '../db/models/meeting.js';
import { AppError, errors } from '../errors.js';
import type { OrgTree } from './org-tree.js';
import { remoteVotingAllowed } from './remote-voting.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Applies changes to a meeting and bumps its version under a row lock (PostgreSQL; SQLite's
 * write queue serialises instead): two people checking in at the same moment each get a version
 * of their own, so a state cached by version never hides the newer count.
 */
export async function bumpMeeting(
  db: Database,
  meetingId: number,
  t: Transaction,
  changes: Partial<Pick<Meeting, 'currentItemId' | 'screenMode' | 'screenMessage' | 'timerEndsAt'>> = {},
): Promise<Meeting> {
  const meeting = await db.models.Meeting.findByPk(meetingId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!meeting) throw errors.notFound();
  await meeting.update({ ...changes, version: meeting.version + 1 }, { transaction: t });
  return meeting;
}

export interface RosterHooks {
  /** Anything the hall shows changed. */
  changed(meetingId: number): void;
  /** A person's pass was replaced or withdrawn: phones following with the old one must stop, told why. */
  passRevoked(meetingId: number, inviteeId: number, reason?: RevokeReason): void;
}

/** What else an attendance record writes, in its own transaction. */
export interface RecordOptions {
  /**
   * The pass a phone now follows as this person with (null: none, e.g. the desk scanned the card
   * of someone who followed remotely): the phone that held the previous one stops.
   */
  passHash?: string | null;
  /** What that phone is told ('pass' unless said). */
  reason?: RevokeReason;
  /**
   * Throws to refuse, given the row as it stands under the meeting's lock: a check made before
   * the transaction could be overtaken by a check-in committed in between.
   */
  guard?: (row: Attendance | null) => void;
}

/**
 * The people of a meeting: invitees (staff and named guests), their personal passes (the token a
 * phone follows the meeting with, from a QR check-in or an invite link) and the attendance
 * register with its live count against the deliberating body's quorum.
 */
export class MeetingRoster {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly hooks: RosterHooks,
    private readonly tree: OrgTree,
  ) {}

  async invitees(meetingId: number): Promise<InviteeView[]> {
    const rows = await this.db.models.Invitee.findAll({ where: { meetingId }, order: [['id', 'ASC']] });
    const attendance = new Map(
      (await this.db.models.Attendance.findAll({ where: { meetingId } })).map((a) => [a.inviteeId, a]),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      affiliation: r.affiliation,
      category: r.category,
      member: r.member,
      userId: r.userId,
      present: attendance.get(r.id)?.present ?? null,
      method: attendance.get(r.id)?.method ?? null,
      hasPass: r.inviteTokenHash !== null,
      fromBody: r.personId !== null,
    }));
  }

  async add(
    meeting: Meeting,
    body:
      { userId: number; member: boolean } | { name: string; affiliation: string; category: string; member: boolean },
  ): Promise<void> {
    if ('userId' in body) {
      const user = await this.db.models.User.findByPk(body.userId);
      if (!user || user.disabled) throw errors.invalid('meeting.error.staff');
      if (await this.db.models.Invitee.count({ where: { meetingId: meeting.id, userId: body.userId } }))
        throw errors.conflict('meeting.error.already_invited');
    }
    await this.db.tx(async (t) => {
      await this.db.models.Invitee.create(
        'userId' in body
          ? {
              meetingId: meeting.id,
              userId: body.userId,
              name: (await this.db.models.User.findByPk(body.userId, { transaction: t }))!.displayName.slice(0, 40),
              affiliation: '',
              category: 'staff',
              member: body.member,
              inviteTokenHash: null,
            }
          : {
              meetingId: meeting.id,
              userId: null,
              name: body.name,
              affiliation: body.affiliation,
              category: body.category,
              member: body.member,
              inviteTokenHash: null,
            },
        { transaction: t },
      );
      await bumpMeeting(this.db, meeting.id, t);
    });
    this.settled(meeting.id);
  }

  async remove(meeting: Meeting, inviteeId: number): Promise<void> {
    await this.db.tx(async (t) => {
      const invitee = await this.db.models.Invitee.findOne({
        where: { id: inviteeId, meetingId: meeting.id },
        transaction: t,
      });
      if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
      await this.db.models.Attendance.destroy({ where: { meetingId: meeting.id, inviteeId }, transaction: t });
      await invitee.destroy({ transaction: t });
      await bumpMeeting(this.db, meeting.id, t);
    });
    this.hooks.passRevoked(meeting.id, inviteeId);
    this.settled(meeting.id);
  }

  /** Upserts one attendance row (the unique index keeps one per invitee) and bumps the version. */
  async record(
    meeting: Meeting,
    inviteeId: number,
    present: boolean,
    method: AttendanceMethod,
    by: number | null,
    options: RecordOptions = {},
  ): Promise<void> {
    const { passHash, guard } = options;
    const invitee = await this.db.models.Invitee.findOne({ where: { id: inviteeId, meetingId: meeting.id } });
    if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
    await this.db.tx(async (t) => {
      // The meeting row is locked first, so two check-ins of one person never both insert.
      await bumpMeeting(this.db, meeting.id, t);
      const row = await this.db.models.Attendance.findOne({
        where: { meetingId: meeting.id, inviteeId },
        transaction: t,
      });
      guard?.(row);
      if (passHash !== undefined) await invitee.update({ inviteTokenHash: passHash }, { transaction: t });
      // At the assembly a person present represents their household (its alternative quorum).
      const person = invitee.personId
        ? await this.db.models.Person.findByPk(invitee.personId, { attributes: ['householdId'], transaction: t })
        : null;
      const values = {
        present,
        method,
        recordedBy: by,
        at: this.clock.now(),
        householdId: person?.householdId ?? null,
      };
      if (row) await row.update(values, { transaction: t });
      else await this.db.models.Attendance.create({ meetingId: meeting.id, inviteeId, ...values }, { transaction: t });
    });
    if (passHash !== undefined) this.hooks.passRevoked(meeting.id, inviteeId, options.reason ?? 'pass');
    this.settled(meeting.id);
  }

  /**
   * A member opened their personal link while the meeting is live: they follow remotely. Only a
   * first appearance is recorded, so a reconnect never overrides a QR check-in or a hand mark.
   */
  async followRemotely(meeting: Meeting, inviteeId: number): Promise<boolean> {
    if (meeting.status !== 'live') return false;
    if (await this.db.models.Attendance.count({ where: { meetingId: meeting.id, inviteeId } })) return false;
    await this.record(meeting, inviteeId, true, 'remote', null);
    return true;
  }

  /**
   * Gives a person a new pass (QR check-in or personal invite link). One pass per person: the
   * previous phone or link stops at once, which also ends a forwarded link.
   */
  async issuePass(
    meetingId: number,
    inviteeId: number,
    audit?: (t: Transaction) => Promise<void>,
  ): Promise<{ token: string; name: string }> {
    const invitee = await this.db.models.Invitee.findOne({ where: { id: inviteeId, meetingId } });
    if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
    const token = randomBytes(24).toString('base64url');
    await this.db.tx(async (t) => {
      await invitee.update({ inviteTokenHash: hashToken(token) }, { transaction: t });
      await audit?.(t);
    });
    this.hooks.passRevoked(meetingId, inviteeId);
    return { token, name: invitee.name };
  }

  async revokePass(meetingId: number, inviteeId: number, audit?: (t: Transaction) => Promise<void>): Promise<void> {
    const invitee = await this.db.models.Invitee.findOne({ where: { id: inviteeId, meetingId } });
    if (!invitee) throw new AppError('not_found', 'meeting.error.invitee');
    await this.db.tx(async (t) => {
      await invitee.update({ inviteTokenHash: null }, { transaction: t });
      await audit?.(t);
    });
    this.hooks.passRevoked(meetingId, inviteeId);
    this.hooks.changed(meetingId);
  }

  /** The invitee a pass belongs to, or null. */
  async holderOf(meetingId: number, token: string): Promise<{ id: number; name: string } | null> {
    const invitee = await this.db.models.Invitee.findOne({
      where: { meetingId, inviteTokenHash: hashToken(token) },
      attributes: ['id', 'name'],
    });
    return invitee ? { id: invitee.id, name: invitee.name } : null;
  }

  private settled(meetingId: number): void {
    this.forget(meetingId);
    this.hooks.changed(meetingId);
  }

  /**
   * Attendance summaries by meeting, dropped whenever attendance or invitees change: moving to
   * the next item must not re-count a thousand invitees.
   */
  private readonly summaries = new Map<number, { key: string; value: Promise<AttendanceSummary> }>();

  forget(meetingId: number): void {
    this.summaries.delete(meetingId);
  }

  /** Expected / present / absent of the deliberating body, and whether its quorum is met. */
  async attendance(meeting: Meeting): Promise<AttendanceSummary> {
    // The organisation's figures and remote-voting setting are edited elsewhere: read them fresh
    // (one row) and let them key the cache.
    const org = await this.db.models.Organisation.findByPk(meeting.organisationId, { attributes: ['settings'] });
    const settings = org?.settings ?? {};
    const remoteVoting = await remoteVotingAllowed(this.db, this.tree, meeting.organisationId);
    // Every attendance change bumps the meeting's version, on whichever instance it happens, so the
    // version in the key keeps another instance's check-in from leaving a stale count here.
    const key = [
      meeting.version,
      meeting.body,
      meeting.membersFrom,
      meeting.entitledCount,
      remoteVoting,
      settings.adultPopulation,
    ].join(':');
    const hit = this.summaries.get(meeting.id);
    if (hit && hit.key === key) return hit.value;
    const value = this.count(meeting, remoteVoting, settings.adultPopulation);
    this.summaries.set(meeting.id, { key, value });
    value.catch(() => this.forget(meeting.id));
    return value;
  }

  /** Households with a member present (the assembly's alternative quorum), counted once each. */
  private async householdsRepresented(meeting: Meeting, remoteVoting: boolean): Promise<number> {
    const rows = await this.db.sequelize.query<{ n: number | string }>(
      `SELECT COUNT(DISTINCT a.household_id) AS n FROM attendance a JOIN invitees i ON i.id = a.invitee_id
       WHERE a.meeting_id = :meetingId AND a.present = :yes AND i.member = :yes AND a.household_id IS NOT NULL
       ${remoteVoting ? '' : "AND a.method <> 'remote'"}`,
      { replacements: { meetingId: meeting.id, yes: true }, type: QueryTypes.SELECT },
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Counted in the database (two small aggregates), so a hall of a thousand costs no more than ten. */
  private async count(
    meeting: Meeting,
    remoteVoting: boolean,
    adultPopulation: number | undefined,
  ): Promise<AttendanceSummary> {
    const members = await this.db.models.Invitee.count({ where: { meetingId: meeting.id, member: true } });
    const rows = await this.db.sequelize.query<{ method: AttendanceMethod; n: number | string }>(
      `SELECT a.method AS method, COUNT(*) AS n FROM attendance a JOIN invitees i ON i.id = a.invitee_id
       WHERE a.meeting_id = :meetingId AND a.present = :yes AND i.member = :yes GROUP BY a.method`,
      { replacements: { meetingId: meeting.id, yes: true }, type: QueryTypes.SELECT },
    );
    let present = 0;
    let remote = 0;
    for (const row of rows) {
      const n = Number(row.n);
      if (row.method === 'remote') remote += n;
      if (countsAsPresent(row.method, remoteVoting)) present += n;
    }
    // A meeting of a body counts against the number frozen when it opened, never a typed figure.
    const expected =
      meeting.entitledCount ??
      (meeting.membersFrom === 'organisation' && !meeting.bodyId ? (adultPopulation ?? members) : members);
    const households = meeting.entitledHouseholds
      ? { entitled: meeting.entitledHouseholds, represented: await this.householdsRepresented(meeting, remoteVoting) }
      : null;
    const q = quorum(rulesFor(meeting.body), {
      members: expected,
      present,
      ...(households ? { households: households.entitled, householdsRepresented: households.represented } : {}),
    });
    return {
      households:
        households && q.householdsRequired !== undefined ? { ...households, required: q.householdsRequired } : null,
      expected,
      present,
      absent: Math.max(0, expected - present),
      remote,
      remoteCounted: remoteVoting,
      quorumRequired: q.required,
      quorumMet: q.met,
    };
  }
}
