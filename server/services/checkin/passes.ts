import { randomBytes } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { PassView } from '../../../shared/schemas/checkin.js';
import { attending, chinaDate, seatCovers } from '../../../shared/rules/attendance-rules.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { BodyMember } from '../../db/models/body-member.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';
import type { Invitee } from '../../db/models/invitee.js';
import type { Meeting } from '../../db/models/meeting.js';
import { AppError, errors } from '../../errors.js';
import { hasRoleAt, type Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { ORGANISER_ROLES } from '../meeting-access.js';
import { bumpMeeting, hashToken } from '../meeting-roster.js';
import type { OrgTree } from '../org-tree.js';
import { qrDataUrl } from '../qr.js';
import type { PassCard } from './pass-sheet.js';

/** Where a personal link points (`/p/` is the residents' intake; passes have their own path). */
export const PASS_PATH = '/pass/';

/** The token of a pass, from the token itself or from the whole link a scanner typed. */
export function passTokenOf(input: string): string {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf(PASS_PATH);
  const token = at >= 0 ? trimmed.slice(at + PASS_PATH.length) : trimmed;
  return token.split(/[?#/]/)[0] ?? '';
}

/** A member following a meeting from elsewhere whose pass was replaced: their phone stops, and they no longer count. */
export interface RemoteEnded {
  meetingId: number;
  inviteeId: number;
}

/**
 * Personal passes (参会证): one secret per seat in a body, only its SHA-256 stored. Printing a
 * sheet or sending one link issues new secrets, so a lost card or a forwarded link stops working
 * the moment a new one is made — and so does following a meeting remotely with it.
 */
export class BodyPasses {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly publicUrl: string,
    /** After the commit: phones following remotely with a replaced pass are ended and the hall recounts. */
    private readonly remoteEnded: (ended: RemoteEnded) => void = () => undefined,
  ) {}

  private async organised(principal: Principal, bodyId: number): Promise<DeliberatingBody> {
    const body = await this.db.models.DeliberatingBody.findByPk(bodyId);
    if (!body) throw errors.notFound();
    if (!(await hasRoleAt(this.tree, principal, ORGANISER_ROLES, body.organisationId))) throw errors.forbidden();
    return body;
  }

  private async issue(principal: Principal, body: DeliberatingBody, seats: BodyMember[]): Promise<PassCard[]> {
    const org = await this.db.models.Organisation.findByPk(body.organisationId, { attributes: ['name'] });
    const people = new Map(
      (
        await this.db.models.Person.findAll({
          where: { id: { [Op.in]: seats.map((s) => s.personId) } },
          attributes: ['id', 'name'],
        })
      ).map((p) => [p.id, p.name]),
    );
    const tokens = seats.map(() => randomBytes(18).toString('base64url'));
    const ended = await this.db.tx(async (t) => {
      const now = this.clock.now();
      for (const [i, seat] of seats.entries())
        await seat.update({ passTokenHash: hashToken(tokens[i]!), passIssuedAt: now }, { transaction: t });
      const stopped = await this.endRemote(
        body.id,
        seats.map((s) => s.personId),
        t,
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'body.passes_issued',
        subjectType: 'body',
        subjectId: body.id,
        organisationId: body.organisationId,
        summary: { count: seats.length, remoteEnded: stopped.length },
      });
      return stopped;
    });
    for (const e of ended) this.remoteEnded(e);
    return seats.map((seat, i) => ({
      name: people.get(seat.personId) ?? '',
      bodyName: body.name,
      organisationName: org?.name ?? '',
      url: `${this.publicUrl}${PASS_PATH}${tokens[i]}`,
    }));
  }

  /** New passes for every seat that has not ended, as an A4 sheet to print (the old cards stop working). */
  async sheet(principal: Principal, bodyId: number): Promise<{ pdf: Buffer; filename: string }> {
    const body = await this.organised(principal, bodyId);
    const today = chinaDate(this.clock.now());
    const seats = (await this.db.models.BodyMember.findAll({ where: { bodyId }, order: [['id', 'ASC']] })).filter(
      (s) => s.endsOn === null || s.endsOn >= today,
    );
    const cards = await this.issue(principal, body, seats);
    const { renderPassSheet } = await import('./pass-sheet.js');
    return { pdf: await renderPassSheet(`${body.name} 参会证`, cards), filename: `passes-${body.id}.pdf` };
  }

  /**
   * A new personal link for one seat, to send by SMS or show as a QR code at the desk; the previous
   * card and link stop working. An ended seat gets none: it would open nothing, and a link that
   * looks valid invites the argument that its holder was entitled.
   */
  async link(principal: Principal, bodyId: number, memberId: number): Promise<{ url: string; qr: string }> {
    const body = await this.organised(principal, bodyId);
    const seat = await this.db.models.BodyMember.findOne({ where: { id: memberId, bodyId } });
    if (!seat) throw errors.notFound();
    if (seat.endsOn !== null && seat.endsOn < chinaDate(this.clock.now()))
      throw errors.conflict('register.error.seat_ended');
    const [card] = await this.issue(principal, body, [seat]);
    return { url: card!.url, qr: await qrDataUrl(card!.url) };
  }

  /** The seat a pass belongs to, or null. */
  async seatOf(token: string): Promise<BodyMember | null> {
    const plain = passTokenOf(token);
    if (plain.length < 16) return null;
    return this.db.models.BodyMember.findOne({ where: { passTokenHash: hashToken(plain) } });
  }

  /**
   * Ends remote following by these people in the body's open meetings, in the issuing transaction.
   * A new pass is issued because the old one was lost or leaked: whoever follows from elsewhere
   * with it must stop and stop counting, or a leaked link would keep its vote and its place in the
   * quorum. Presence in the hall is not touched: the screen's code proved that person was there.
   */
  private async endRemote(bodyId: number, personIds: number[], t: Transaction): Promise<RemoteEnded[]> {
    if (!personIds.length) return [];
    const meetings = await this.db.models.Meeting.findAll({
      where: { bodyId, status: { [Op.in]: ['scheduled', 'live'] } },
      attributes: ['id'],
      transaction: t,
    });
    if (!meetings.length) return [];
    const invitees = await this.db.models.Invitee.findAll({
      where: { meetingId: { [Op.in]: meetings.map((m) => m.id) }, personId: { [Op.in]: personIds } },
      transaction: t,
    });
    const rows = await this.db.models.Attendance.findAll({
      where: { inviteeId: { [Op.in]: invitees.map((i) => i.id) }, present: true, method: 'remote' },
      transaction: t,
    });
    const ended: RemoteEnded[] = [];
    for (const row of rows) {
      if (attending(row) !== 'remote') continue;
      await bumpMeeting(this.db, row.meetingId, t);
      await row.update({ present: false, at: this.clock.now() }, { transaction: t });
      await this.db.models.Invitee.update({ inviteTokenHash: null }, { where: { id: row.inviteeId }, transaction: t });
      ended.push({ meetingId: row.meetingId, inviteeId: row.inviteeId });
    }
    return ended;
  }

  /**
   * The invitee a pass stands for in a meeting of its body. Refused: a pass unknown or replaced,
   * of another body, of a seat whose dates do not cover the meeting's day (ended before it, or
   * begun after), or of someone not on the meeting's (frozen) roster.
   */
  async inviteeFor(meeting: Meeting, token: string): Promise<Invitee> {
    const seat = await this.seatOf(token);
    if (!seat) throw new AppError('forbidden', 'checkin.error.pass');
    if (seat.bodyId !== meeting.bodyId) throw new AppError('forbidden', 'checkin.error.pass_other');
    if (!seatCovers(seat, chinaDate(meeting.startsAt))) throw new AppError('forbidden', 'checkin.error.pass_seat');
    const invitee = await this.db.models.Invitee.findOne({
      where: { meetingId: meeting.id, personId: seat.personId },
    });
    if (!invitee) throw new AppError('forbidden', 'checkin.error.pass_other');
    return invitee;
  }

  /** Whose pass this is: their name and body, nothing of anyone else. */
  async describe(seat: BodyMember): Promise<Omit<PassView, 'meetings'>> {
    const body = await this.db.models.DeliberatingBody.findByPk(seat.bodyId);
    const person = await this.db.models.Person.findByPk(seat.personId, { attributes: ['name'] });
    const org = body ? await this.db.models.Organisation.findByPk(body.organisationId, { attributes: ['name'] }) : null;
    return { name: person?.name ?? '', bodyName: body?.name ?? '', organisationName: org?.name ?? '' };
  }
}
