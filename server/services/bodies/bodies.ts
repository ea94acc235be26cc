import { Op, type Transaction } from 'sequelize';
import { chinaDate, countsAsVillager } from '../../../shared/rules/register.js';
import {
  ROLES_OF,
  type AddMemberBody,
  type BodyDetail,
  type BodyView,
  type CreateBodyBody,
  type UpdateBodyBody,
} from '../../../shared/schemas/bodies.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';
import { errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import type { RegisterAccess } from '../register/register-access.js';
import { compositionOn, seatedOn } from './composition.js';

/** Deliberating bodies (议事主体) of a village and their seats over dated spans. */
export class BodyService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly access: RegisterAccess,
  ) {}

  private today(): string {
    return chinaDate(this.clock.now());
  }

  private async view(body: DeliberatingBody, on: string): Promise<BodyView> {
    return {
      id: body.id,
      organisationId: body.organisationId,
      kind: body.kind as BodyView['kind'],
      name: body.name,
      guestsVote: Boolean(body.guestsVote),
      maxProxies: body.maxProxies,
      archived: body.archivedAt != null,
      on,
      ...(await compositionOn(this.db, body, on)),
    };
  }

  async list(principal: Principal, villageId: number, on?: string): Promise<BodyView[]> {
    await this.access.village(principal, villageId, 'read');
    const bodies = await this.db.models.DeliberatingBody.findAll({
      where: { organisationId: villageId },
      order: [['id', 'ASC']],
    });
    return Promise.all(bodies.map((b) => this.view(b, on ?? this.today())));
  }

  private async load(principal: Principal, id: number, level: 'read' | 'edit'): Promise<DeliberatingBody> {
    const body = await this.db.models.DeliberatingBody.findByPk(id);
    if (!body) throw errors.notFound();
    await this.access.village(principal, body.organisationId, level);
    return body;
  }

  async get(principal: Principal, id: number, on?: string): Promise<BodyDetail> {
    const body = await this.load(principal, id, 'read');
    const day = on ?? this.today();
    const seats = await this.db.models.BodyMember.findAll({
      where: { bodyId: id },
      order: [
        ['startsOn', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const people = new Map(
      (
        await this.db.models.Person.findAll({
          where: { id: { [Op.in]: [...new Set(seats.map((s) => s.personId))] } },
          attributes: ['id', 'name', 'gender', 'gridId'],
          raw: true,
        })
      ).map((p) => [p.id, p]),
    );
    const grids = await this.access.grids(body.organisationId);
    const members = seats.map((s) => {
      const p = people.get(s.personId);
      return {
        id: s.id,
        personId: s.personId,
        name: p?.name ?? '',
        gender: p?.gender ?? 'unknown',
        gridName: p?.gridId != null ? (grids.get(p.gridId) ?? null) : null,
        role: s.role,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
        current: s.startsOn <= day && (s.endsOn == null || s.endsOn >= day),
      };
    });
    // Seated on the day first, then the history; each group in the order seats were given.
    members.sort((a, b) => Number(b.current) - Number(a.current));
    return { ...(await this.view(body, day)), members };
  }

  async create(principal: Principal, villageId: number, input: CreateBodyBody): Promise<BodyDetail> {
    await this.access.village(principal, villageId, 'edit');
    const { DeliberatingBody } = this.db.models;
    const id = await this.db.tx(async (t) => {
      // The assembly is the whole register: a second one would be the same people twice.
      if (
        input.kind === 'villagers_assembly' &&
        (await DeliberatingBody.count({ where: { organisationId: villageId, kind: input.kind }, transaction: t }))
      )
        throw errors.conflict('bodies.error.one_assembly');
      const body = await DeliberatingBody.create(
        { organisationId: villageId, ...input, archivedAt: null },
        { transaction: t },
      );
      await this.audit(t, principal, 'body.created', body, { after: input });
      return body.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: number, input: UpdateBodyBody): Promise<BodyDetail> {
    const body = await this.load(principal, id, 'edit');
    await this.db.tx(async (t) => {
      const before = { name: body.name, guestsVote: body.guestsVote, maxProxies: body.maxProxies };
      const { archived, ...rest } = input;
      await body.update(
        { ...rest, ...(archived === undefined ? {} : { archivedAt: archived ? this.clock.now() : null }) },
        { transaction: t },
      );
      await this.audit(t, principal, 'body.updated', body, { before, after: input });
    });
    return this.get(principal, id);
  }

  /** Seats a person of the village's register for a span; overlapping seats in one body are refused. */
  async addMember(principal: Principal, id: number, input: AddMemberBody): Promise<BodyDetail> {
    const body = await this.load(principal, id, 'edit');
    if (!ROLES_OF[body.kind as keyof typeof ROLES_OF].includes(input.role))
      throw errors.invalid('bodies.error.role_not_here');
    const person = await this.db.models.Person.findByPk(input.personId);
    if (!person || person.organisationId !== body.organisationId) throw errors.invalid('bodies.error.not_on_register');
    if (!countsAsVillager(person.status) && input.role !== 'guest') throw errors.invalid('bodies.error.not_villager');
    if (body.kind === 'party_assembly' && input.role === 'member' && !person.partyMember)
      throw errors.invalid('bodies.error.not_party_member');
    await this.db.tx(async (t) => {
      const { BodyMember } = this.db.models;
      const overlapping = await BodyMember.count({
        where: {
          bodyId: id,
          personId: input.personId,
          ...(input.endsOn ? { startsOn: { [Op.lte]: input.endsOn } } : {}),
          [Op.or]: [{ endsOn: null }, { endsOn: { [Op.gte]: input.startsOn } }],
        },
        transaction: t,
      });
      if (overlapping) throw errors.conflict('bodies.error.already_seated');
      const seat = await BodyMember.create(
        { bodyId: id, ...input, passTokenHash: null, passIssuedAt: null },
        { transaction: t },
      );
      await this.audit(t, principal, 'body.member_added', body, { seatId: seat.id, ...input });
    });
    return this.get(principal, id);
  }

  /** Ends a seat on a date (inclusive); seats are never deleted, so past rolls can be rebuilt. */
  async endMember(principal: Principal, id: number, memberId: number, endsOn: string): Promise<BodyDetail> {
    const body = await this.load(principal, id, 'edit');
    const seat = await this.db.models.BodyMember.findOne({ where: { id: memberId, bodyId: id } });
    if (!seat) throw errors.notFound();
    if (seat.endsOn != null && seat.endsOn <= this.today()) throw errors.conflict('bodies.error.already_ended');
    if (endsOn < seat.startsOn) throw errors.invalid('bodies.error.ends_before_start');
    await this.db.tx(async (t) => {
      const before = seat.endsOn;
      await seat.update({ endsOn }, { transaction: t });
      await this.audit(t, principal, 'body.member_ended', body, {
        seatId: seat.id,
        personId: seat.personId,
        before,
        endsOn,
      });
    });
    return this.get(principal, id);
  }

  /** Seats a person holds on a day, for the check-in side and for ending seats when someone leaves. */
  async seatsOf(personId: number, day: string, t?: Transaction) {
    return this.db.models.BodyMember.findAll({ where: { personId, ...seatedOn(day) }, transaction: t });
  }

  private audit(
    t: Transaction,
    principal: Principal,
    action: string,
    body: DeliberatingBody,
    summary: Record<string, unknown>,
  ): Promise<void> {
    return recordAudit(this.db, this.clock, t, {
      actorId: principal.userId,
      action,
      subjectType: 'deliberating_body',
      subjectId: body.id,
      organisationId: body.organisationId,
      summary,
    });
  }
}
