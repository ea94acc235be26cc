import { Op, UniqueConstraintError } from 'sequelize';
import { INTAKE_CODE_LENGTH, normaliseCode } from '../../shared/rules/intake.js';
import { chinaDate, dutyIndex, nextReceptionDay, receptionOpen } from '../../shared/rules/reception.js';
import type {
  CreateStudioBody,
  QueueView,
  StudioPublicView,
  StudioView,
  VisitBody,
  VisitView,
} from '../../shared/schemas/reception.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { Studio } from '../db/models/studio.js';
import type { Visit } from '../db/models/visit.js';
import { AppError, errors } from '../errors.js';
import { hasRoleAt, type Principal } from './access.js';
import { recordAudit } from './audit.js';
import { randomCode, type Hasher } from './codes.js';
import type { OrgTree } from './org-tree.js';

/**
 * Representatives' reception days (党代表接待日): studios with a monthly day and a rotating
 * roster, queue numbers taken by scanning the studio's code, and visit records that can become
 * accepted topics owned by the representative who received the visitor.
 */
export class ReceptionService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly tree: OrgTree,
    private readonly hasher: Hasher,
    private readonly publicUrl: string,
  ) {}

  /** The address the studio's printed code opens: take a number there on reception day. */
  url(code: string): string {
    return `${this.publicUrl}/s/${code}`;
  }

  private async names(ids: number[]): Promise<Map<number, string>> {
    const users = await this.db.models.User.findAll({
      where: { id: { [Op.in]: ids } },
      attributes: ['id', 'displayName'],
      raw: true,
    });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  private async publicView(studio: Studio): Promise<StudioPublicView> {
    const now = this.clock.now();
    const next = nextReceptionDay(studio.schedule, now);
    const index = dutyIndex(studio.roster.length, studio.rosterAnchor, next.date);
    const names = await this.names(studio.roster);
    const org = await this.db.models.Organisation.findByPk(studio.organisationId, { attributes: ['name'] });
    return {
      code: studio.code,
      name: studio.name,
      location: studio.location,
      organisationName: org?.name ?? '',
      next: { date: next.date, startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() },
      onDuty: index === null ? null : (names.get(studio.roster[index]!) ?? null),
      open: receptionOpen(studio.schedule, now),
    };
  }

  async view(studio: Studio): Promise<StudioView> {
    const names = await this.names(studio.roster);
    return {
      ...(await this.publicView(studio)),
      id: studio.id,
      organisationId: studio.organisationId,
      schedule: studio.schedule,
      roster: studio.roster.map((id) => ({ id, displayName: names.get(id) ?? '' })),
      rosterAnchor: studio.rosterAnchor,
      url: this.url(studio.code),
    };
  }

  /** Roster members must be staff of the organisation (or above) with the representative role. */
  private async checkRoster(organisationId: number, roster: number[]): Promise<void> {
    for (const userId of roster) {
      const memberships = await this.db.models.Membership.findAll({ where: { userId }, raw: true });
      const principal = {
        userId,
        memberships: memberships.map((m) => ({ id: m.id, organisationId: m.organisationId, role: m.role })),
      };
      if (!(await hasRoleAt(this.tree, principal, ['representative'], organisationId)))
        throw errors.invalid('reception.error.roster');
    }
  }

  async create(principal: Principal, body: CreateStudioBody): Promise<StudioView> {
    if (!(await hasRoleAt(this.tree, principal, ['admin'], body.organisationId))) throw errors.forbidden();
    await this.checkRoster(body.organisationId, body.roster);
    for (let attempt = 0; ; attempt++) {
      try {
        const studio = await this.db.tx(async (t) => {
          const s = await this.db.models.Studio.create(
            {
              organisationId: body.organisationId,
              code: randomCode(INTAKE_CODE_LENGTH),
              name: body.name,
              location: body.location,
              schedule: body.schedule,
              roster: body.roster,
              rosterAnchor: chinaDate(this.clock.now()).slice(0, 7),
            },
            { transaction: t },
          );
          await recordAudit(this.db, this.clock, t, {
            actorId: principal.userId,
            action: 'studio.created',
            subjectType: 'studio',
            subjectId: s.id,
            organisationId: s.organisationId,
            summary: { after: { name: s.name } },
          });
          return s;
        });
        return this.view(studio);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError) || attempt > 5) throw err;
      }
    }
  }

  /** A studio the principal holds one of `roles` for; 404 for unknown ids, 403 outside their tree. */
  async load(
    principal: Principal,
    id: number,
    roles: readonly ('admin' | 'representative' | 'reviewer' | 'convener' | 'secretary' | 'department')[],
  ): Promise<Studio> {
    const studio = await this.db.models.Studio.findByPk(id);
    if (!studio) throw errors.notFound();
    if (!(await hasRoleAt(this.tree, principal, roles, studio.organisationId))) throw errors.forbidden();
    return studio;
  }

  async update(
    principal: Principal,
    id: number,
    body: Partial<Pick<Studio, 'name' | 'location' | 'schedule' | 'roster'>>,
  ): Promise<StudioView> {
    const studio = await this.load(principal, id, ['admin']);
    if (body.roster) await this.checkRoster(studio.organisationId, body.roster);
    const before = { name: studio.name, location: studio.location, schedule: studio.schedule, roster: studio.roster };
    await this.db.tx(async (t) => {
      await studio.update(body, { transaction: t });
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'studio.updated',
        subjectType: 'studio',
        subjectId: studio.id,
        organisationId: studio.organisationId,
        summary: {
          before,
          after: { name: studio.name, location: studio.location, schedule: studio.schedule, roster: studio.roster },
        },
      });
    });
    return this.view(studio);
  }

  async list(principal: Principal, organisationId: number): Promise<StudioView[]> {
    if (
      !(await hasRoleAt(
        this.tree,
        principal,
        ['admin', 'reviewer', 'convener', 'secretary', 'representative', 'department'],
        organisationId,
      ))
    )
      throw errors.forbidden();
    const studios = await this.db.models.Studio.findAll({ where: { organisationId }, order: [['id', 'ASC']] });
    return Promise.all(studios.map((s) => this.view(s)));
  }

  async byCode(code: string): Promise<Studio> {
    const studio = await this.db.models.Studio.findOne({ where: { code: normaliseCode(code) } });
    if (!studio) throw new AppError('not_found', 'reception.error.unknown_studio');
    return studio;
  }

  async publicByCode(code: string): Promise<StudioPublicView> {
    return this.publicView(await this.byCode(code));
  }

  /**
   * A queue number, in order even when the whole waiting room scans at once: numbers are
   * allocated inside a write transaction and guarded by a unique index. One per device per day.
   */
  async takeTicket(code: string, deviceId: string): Promise<{ number: number; waitingAhead: number; day: string }> {
    const studio = await this.byCode(code);
    const now = this.clock.now();
    if (!receptionOpen(studio.schedule, now)) throw new AppError('conflict', 'reception.error.closed');
    return this.allocate(studio, await this.hasher.hash('device', deviceId));
  }

  /**
   * Today's next number for a device (or the one it already has). Numbers are allocated inside a
   * write transaction and guarded by a unique index, so they stay in order under concurrent scans.
   */
  async allocate(studio: Studio, deviceHash: string): Promise<{ number: number; waitingAhead: number; day: string }> {
    const day = chinaDate(this.clock.now());
    for (let attempt = 0; ; attempt++) {
      try {
        const ticket = await this.db.tx(async (t) => {
          // PostgreSQL: scans of one studio queue on its row instead of racing for the same number
          // (25 at once could exhaust the retries below on a loaded machine). SQLite serializes anyway.
          await this.db.models.Studio.findByPk(studio.id, { attributes: ['id'], transaction: t, lock: t.LOCK.UPDATE });
          const mine = await this.db.models.QueueTicket.findOne({
            where: { studioId: studio.id, day, deviceHash },
            transaction: t,
          });
          if (mine) return mine;
          // One allocation per studio at a time, across instances: a whole waiting room scanning
          // at once on PostgreSQL otherwise collides on max + 1 over and over, and the retries
          // below ran out (a 500). SQLite's write queue serializes this already (no FOR UPDATE there).
          await this.db.models.Studio.findByPk(studio.id, { transaction: t, lock: t.LOCK.UPDATE });
          const last =
            ((await this.db.models.QueueTicket.max('number', {
              where: { studioId: studio.id, day },
              transaction: t,
            })) as number | null) ?? 0;
          return this.db.models.QueueTicket.create(
            { studioId: studio.id, day, number: last + 1, deviceHash, status: 'waiting' },
            { transaction: t },
          );
        });
        const waitingAhead = await this.db.models.QueueTicket.count({
          where: { studioId: studio.id, day, status: 'waiting', number: { [Op.lt]: ticket.number } },
        });
        return { number: ticket.number, waitingAhead, day };
      } catch (err) {
        // Belt and braces behind the lock: the unique index refuses a duplicate number, which retries.
        if (!(err instanceof UniqueConstraintError) || attempt > 10) throw err;
      }
    }
  }

  async queue(code: string): Promise<QueueView> {
    return this.queueOf(await this.byCode(code));
  }

  async queueOf(studio: Studio): Promise<QueueView> {
    const day = chinaDate(this.clock.now());
    const called =
      ((await this.db.models.QueueTicket.max('number', { where: { studioId: studio.id, day, status: 'called' } })) as
        number | null) ?? null;
    const waiting = await this.db.models.QueueTicket.count({ where: { studioId: studio.id, day, status: 'waiting' } });
    return { day, calling: called, waiting };
  }

  /** The representative calls the next number. */
  async callNext(principal: Principal, id: number): Promise<QueueView> {
    const studio = await this.load(principal, id, ['admin', 'representative']);
    const day = chinaDate(this.clock.now());
    await this.db.tx(async (t) => {
      const next = await this.db.models.QueueTicket.findOne({
        where: { studioId: studio.id, day, status: 'waiting' },
        order: [['number', 'ASC']],
        transaction: t,
      });
      if (next) await next.update({ status: 'called' }, { transaction: t });
    });
    return this.queueOf(studio);
  }

  async recordVisit(principal: Principal, id: number, body: VisitBody): Promise<VisitView> {
    const studio = await this.load(principal, id, ['admin', 'representative']);
    const visit = await this.db.tx(async (t) => {
      const v = await this.db.models.Visit.create(
        {
          studioId: studio.id,
          representativeId: principal.userId,
          day: chinaDate(this.clock.now()),
          ticketNumber: body.ticketNumber,
          visitorName: body.visitorName || null,
          visitorPhone: body.visitorPhone || null,
          matter: body.matter,
          category: body.category,
          answer: body.answer,
          followUp: body.followUp,
          topicId: null,
        },
        { transaction: t },
      );
      await recordAudit(this.db, this.clock, t, {
        actorId: principal.userId,
        action: 'visit.recorded',
        subjectType: 'visit',
        subjectId: v.id,
        organisationId: studio.organisationId,
      });
      return v;
    });
    return (await this.presentVisits([visit]))[0]!;
  }

  async visits(principal: Principal, id: number, day?: string): Promise<VisitView[]> {
    const studio = await this.load(principal, id, ['admin', 'representative', 'reviewer']);
    const rows = await this.db.models.Visit.findAll({
      where: { studioId: studio.id, ...(day ? { day } : {}) },
      order: [['id', 'DESC']],
      limit: 500,
    });
    return this.presentVisits(rows);
  }

  private async presentVisits(rows: Visit[]): Promise<VisitView[]> {
    const names = await this.names([...new Set(rows.map((r) => r.representativeId))]);
    return rows.map((v) => ({
      id: v.id,
      studioId: v.studioId,
      representativeId: v.representativeId,
      representativeName: names.get(v.representativeId) ?? '',
      day: v.day,
      ticketNumber: v.ticketNumber,
      visitorName: v.visitorName,
      visitorPhone: v.visitorPhone,
      matter: v.matter,
      category: v.category,
      answer: v.answer,
      followUp: v.followUp,
      topicId: v.topicId,
      createdAt: v.createdAt.toISOString(),
    }));
  }
}
