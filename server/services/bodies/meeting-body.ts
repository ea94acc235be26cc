import { Op, type Transaction } from 'sequelize';
import { chinaDate } from '../../../shared/rules/attendance-rules.js';
import type { Database } from '../../db/index.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';
import type { Meeting } from '../../db/models/meeting.js';
import { AppError } from '../../errors.js';
import { entitledOn, type EntitledSeat } from './entitled.js';

/** The invitee category a seat is listed under. */
function categoryOf(seat: EntitledSeat, body: DeliberatingBody): string {
  if (seat.role === 'guest') return 'notable';
  if (seat.role === 'representative' || seat.role === 'committee') return 'representative';
  return body.kind === 'party_assembly' ? 'party_member' : 'resident';
}

/**
 * A meeting of a deliberating body: its invitees are the people entitled to attend on the
 * meeting date (one per person, `person_id` set), kept in step with the register until the
 * meeting opens, then frozen with the count quorum reads from.
 */
export class MeetingBodies {
  constructor(private readonly db: Database) {}

  /** The body a meeting may belong to: of the meeting's organisation, not archived, of the meeting's kind. */
  async check(organisationId: number, meetingBody: string, bodyId: number, t?: Transaction): Promise<DeliberatingBody> {
    const body = await this.db.models.DeliberatingBody.findByPk(bodyId, { transaction: t });
    if (!body || body.organisationId !== organisationId || body.archivedAt)
      throw new AppError('validation_failed', 'checkin.error.body');
    if (body.kind !== 'custom' && body.kind !== meetingBody)
      throw new AppError('validation_failed', 'checkin.error.body_kind');
    return body;
  }

  /**
   * Lists the entitled people as invitees: adds those missing, removes (before the roster is frozen)
   * those no longer entitled who have no attendance, and updates who may vote. Staff and named
   * guests added by hand (no person) stay listed, as guests: they never count toward quorum.
   */
  async sync(meeting: Meeting, t: Transaction): Promise<{ count: number; households: number | null } | null> {
    if (!meeting.bodyId || meeting.rosterFrozenAt) return null;
    const body = await this.db.models.DeliberatingBody.findByPk(meeting.bodyId, { transaction: t });
    if (!body) return null;
    const entitled = await entitledOn(this.db, body, chinaDate(meeting.startsAt), t);
    const existing = await this.db.models.Invitee.findAll({
      where: { meetingId: meeting.id, personId: { [Op.ne]: null } },
      transaction: t,
    });
    const byPerson = new Map(existing.map((i) => [i.personId!, i]));
    const wanted = new Set(entitled.seats.map((s) => s.personId));
    const fresh = entitled.seats.filter((s) => !byPerson.has(s.personId));
    if (fresh.length)
      await this.db.models.Invitee.bulkCreate(
        fresh.map((s) => ({
          meetingId: meeting.id,
          userId: null,
          name: s.name.slice(0, 40),
          affiliation: body.name.slice(0, 60),
          category: categoryOf(s, body),
          member: s.votes,
          inviteTokenHash: null,
          personId: s.personId,
        })),
        { transaction: t },
      );
    for (const s of entitled.seats) {
      const i = byPerson.get(s.personId);
      if (i && i.member !== s.votes) await i.update({ member: s.votes }, { transaction: t });
    }
    // Only the body's seats count: members typed by hand before the body was chosen stay listed, as guests.
    await this.db.models.Invitee.update(
      { member: false },
      { where: { meetingId: meeting.id, personId: null, member: true }, transaction: t },
    );
    const gone = existing.filter((i) => !wanted.has(i.personId!)).map((i) => i.id);
    if (gone.length) {
      const attended = new Set(
        (
          await this.db.models.Attendance.findAll({
            where: { meetingId: meeting.id, inviteeId: { [Op.in]: gone } },
            transaction: t,
          })
        ).map((a) => a.inviteeId),
      );
      const drop = gone.filter((id) => !attended.has(id));
      if (drop.length) await this.db.models.Invitee.destroy({ where: { id: { [Op.in]: drop } }, transaction: t });
    }
    return { count: entitled.count, households: entitled.households };
  }

  /**
   * Freezes who counts when the meeting opens: the entitled count (and, for the assembly, the
   * households) are written once and never recomputed, so a later change to the register can
   * never move a quorum that votes already relied on.
   */
  async freeze(meeting: Meeting, now: Date, t: Transaction): Promise<Partial<Meeting>> {
    const counts = await this.sync(meeting, t);
    if (!counts) return {};
    return { entitledCount: counts.count, entitledHouseholds: counts.households, rosterFrozenAt: now };
  }
}
