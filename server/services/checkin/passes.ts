import { randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import type { PassView } from '../../../shared/schemas/checkin.js';
import { chinaDate } from '../../../shared/rules/attendance-rules.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { BodyMember } from '../../db/models/body-member.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';
import { AppError, errors } from '../../errors.js';
import { hasRoleAt, type Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { ORGANISER_ROLES } from '../meeting-access.js';
import { hashToken } from '../meeting-roster.js';
import type { OrgTree } from '../org-tree.js';
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

/**
 * Personal passes (参会证): one secret per seat in a body, only its SHA-256 stored. Printing a
 * sheet or sending one link issues new secrets, so a lost card or a forwarded link stops working
 * the moment a new one is made.
 */
export class BodyPasses {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly publicUrl: string,
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
    await this.db.tx(async (t) => {
      const now = this.clock.now();
      for (const [i, seat] of seats.entries())
        await seat.update({ passTokenHash: hashToken(tokens[i]!), passIssuedAt: now }, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'body.passes_issued',
        subjectType: 'body',
        subjectId: body.id,
        organisationId: body.organisationId,
        summary: { count: seats.length },
      });
    });
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

  /** A new personal link for one seat, to send by SMS; the previous card and link stop working. */
  async link(principal: Principal, bodyId: number, memberId: number): Promise<{ url: string }> {
    const body = await this.organised(principal, bodyId);
    const seat = await this.db.models.BodyMember.findOne({ where: { id: memberId, bodyId } });
    if (!seat) throw errors.notFound();
    const [card] = await this.issue(principal, body, [seat]);
    return { url: card!.url };
  }

  /** The seat a pass belongs to, or null. */
  async seatOf(token: string): Promise<BodyMember | null> {
    const plain = passTokenOf(token);
    if (plain.length < 16) return null;
    return this.db.models.BodyMember.findOne({ where: { passTokenHash: hashToken(plain) } });
  }

  /** What the personal link shows its holder: their name and body, nothing of anyone else. */
  async view(token: string): Promise<PassView> {
    const seat = await this.seatOf(token);
    if (!seat) throw new AppError('not_found', 'checkin.error.pass');
    const body = await this.db.models.DeliberatingBody.findByPk(seat.bodyId);
    const person = await this.db.models.Person.findByPk(seat.personId, { attributes: ['name'] });
    const org = body ? await this.db.models.Organisation.findByPk(body.organisationId, { attributes: ['name'] }) : null;
    return { name: person?.name ?? '', bodyName: body?.name ?? '', organisationName: org?.name ?? '' };
  }
}
