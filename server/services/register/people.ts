import { Op, UniqueConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import {
  PERSON_STATUSES,
  chinaDate,
  countsAsVillager,
  externalKey,
  isHeadRelation,
} from '../../../shared/rules/register.js';
import type {
  CreatePersonBody,
  PeopleQuery,
  PersonDetail,
  PersonView,
  RegisterSummary,
  StatusChangeBody,
  UpdatePersonBody,
} from '../../../shared/schemas/register.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { Person } from '../../db/models/person.js';
import { errors } from '../../errors.js';
import type { Principal } from '../access.js';
import { recordAudit } from '../audit.js';
import { ensureHousehold } from './households.js';
import { adultVillagerWhere, presentPeople } from './present.js';
import type { RegisterAccess } from './register-access.js';

/** What an audit record may say about a person: never the phone, only that it changed. */
function auditable(values: Partial<CreatePersonBody & UpdatePersonBody>): Record<string, unknown> {
  const { phone, ...rest } = values;
  return phone === undefined ? rest : { ...rest, phoneChanged: true };
}

/** People on a village's register: read, add, edit, and change status with a dated history. */
export class PeopleService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly access: RegisterAccess,
  ) {}

  today(): string {
    return chinaDate(this.clock.now());
  }

  async summary(principal: Principal, villageId: number): Promise<RegisterSummary> {
    const village = await this.access.village(principal, villageId, 'read');
    const { Person } = this.db.models;
    const grids = await this.access.grids(villageId);
    const adultsWhere = adultVillagerWhere(villageId, this.today());
    const [people, adults, households, grouped] = await Promise.all([
      Person.count({ where: { organisationId: villageId } }),
      Person.count({ where: adultsWhere }),
      Person.count({ where: { ...adultsWhere, householdId: { [Op.ne]: null } }, distinct: true, col: 'household_id' }),
      Person.count({ where: { organisationId: villageId }, group: ['status'] }),
    ]);
    const byStatus = Object.fromEntries(PERSON_STATUSES.map((s) => [s, 0])) as RegisterSummary['byStatus'];
    for (const g of grouped as unknown as { status: Person['status']; count: number }[])
      byStatus[g.status] = Number(g.count);
    return {
      organisationId: village.id,
      name: village.name,
      canEdit: await this.access.canEdit(principal, villageId),
      grids: [...grids].map(([id, name]) => ({ id, name })),
      people,
      adults,
      households,
      byStatus,
    };
  }

  async list(
    principal: Principal,
    villageId: number,
    query: PeopleQuery,
  ): Promise<{ items: PersonView[]; total: number }> {
    await this.access.village(principal, villageId, 'read');
    const where: WhereOptions<Person>[] = [{ organisationId: villageId }];
    if (query.gridId) where.push({ gridId: query.gridId });
    if (query.status) where.push({ status: query.status });
    if (query.householdId) where.push({ householdId: query.householdId });
    const showPhone = await this.access.canEdit(principal, villageId);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // Only those who see phones may search by one: a reader must not find who owns a number.
      where.push(
        showPhone
          ? { [Op.or]: [{ name: { [Op.like]: like } }, { phone: { [Op.like]: like } }] }
          : { name: { [Op.like]: like } },
      );
    }
    const { rows, count } = await this.db.models.Person.findAndCountAll({
      where: { [Op.and]: where },
      order: [
        ['householdId', 'ASC'],
        ['id', 'ASC'],
      ],
      offset: query.offset,
      limit: query.limit,
    });
    return { items: await presentPeople(this.db, rows, this.today(), showPhone), total: count };
  }

  private async load(principal: Principal, id: number, level: 'read' | 'edit'): Promise<Person> {
    const person = await this.db.models.Person.findByPk(id);
    if (!person) throw errors.notFound();
    await this.access.village(principal, person.organisationId, level);
    return person;
  }

  async get(principal: Principal, id: number): Promise<PersonDetail> {
    const person = await this.load(principal, id, 'read');
    const { PersonStatusEvent, BodyMember, DeliberatingBody, User, Person } = this.db.models;
    const showPhone = await this.access.canEdit(principal, person.organisationId);
    const [view] = await presentPeople(this.db, [person], this.today(), showPhone);
    const events = await PersonStatusEvent.findAll({
      where: { personId: id },
      order: [
        ['effectiveOn', 'DESC'],
        ['id', 'DESC'],
      ],
    });
    const recorders = new Map(
      (
        await User.findAll({
          where: { id: { [Op.in]: events.map((e) => e.recordedBy).filter((x): x is number => x != null) } },
          attributes: ['id', 'displayName'],
          raw: true,
        })
      ).map((u) => [u.id, u.displayName]),
    );
    const seats = await BodyMember.findAll({ where: { personId: id }, order: [['startsOn', 'DESC']] });
    const bodies = new Map(
      (
        await DeliberatingBody.findAll({
          where: { id: { [Op.in]: seats.map((s) => s.bodyId) } },
          attributes: ['id', 'name', 'kind'],
          raw: true,
        })
      ).map((b) => [b.id, b]),
    );
    const household = person.householdId
      ? await Person.findAll({
          where: { householdId: person.householdId, id: { [Op.ne]: id } },
          attributes: ['id', 'name', 'relation', 'status'],
          order: [['id', 'ASC']],
          raw: true,
        })
      : [];
    return {
      ...view!,
      history: events.map((e) => ({
        id: e.id,
        status: e.status,
        effectiveOn: e.effectiveOn,
        reason: e.reason,
        recordedBy: e.recordedBy != null ? (recorders.get(e.recordedBy) ?? null) : null,
        at: e.at.toISOString(),
      })),
      seats: seats.map((s) => ({
        id: s.id,
        bodyId: s.bodyId,
        bodyName: bodies.get(s.bodyId)?.name ?? '',
        kind: bodies.get(s.bodyId)?.kind ?? '',
        role: s.role,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
      })),
      household: household.map((h) => ({ id: h.id, name: h.name, relation: h.relation, status: h.status })),
    };
  }

  private async checkGrid(villageId: number, gridId: number | null | undefined): Promise<void> {
    if (gridId == null) return;
    if (!(await this.access.grids(villageId)).has(gridId)) throw errors.invalid('register.error.grid_not_here');
  }

  async create(principal: Principal, villageId: number, body: CreatePersonBody): Promise<PersonDetail> {
    await this.access.village(principal, villageId, 'edit');
    await this.checkGrid(villageId, body.gridId);
    const today = this.today();
    const since = body.statusSince ?? today;
    if (since > today) throw errors.invalid('register.error.future_date');
    try {
      const id = await this.db.tx(async (t) => {
        const household = body.householdNumber
          ? await ensureHousehold(this.db, t, villageId, body.householdNumber, body.gridId)
          : null;
        const person = await this.db.models.Person.create(
          {
            organisationId: villageId,
            householdId: household?.id ?? null,
            gridId: body.gridId,
            externalKey: externalKey({ household: body.householdNumber, name: body.name, idSuffix: body.idSuffix }),
            name: body.name,
            gender: body.gender,
            birthYear: body.birthYear,
            adult: body.adult,
            idSuffix: body.idSuffix,
            phone: body.phone || null,
            relation: body.relation,
            status: body.status,
            statusSince: since,
            partyMember: body.partyMember,
          },
          { transaction: t },
        );
        if (household && !household.headPersonId && isHeadRelation(body.relation))
          await household.update({ headPersonId: person.id }, { transaction: t });
        await this.db.models.PersonStatusEvent.create(
          {
            personId: person.id,
            status: body.status,
            effectiveOn: since,
            reason: null,
            recordedBy: principal.userId,
            at: this.clock.now(),
          },
          { transaction: t },
        );
        await this.audit(t, principal, 'register.person_created', person, { after: auditable(body) });
        return person.id;
      });
      return this.get(principal, id);
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw errors.conflict('register.error.duplicate_person');
      throw err;
    }
  }

  async update(principal: Principal, id: number, body: UpdatePersonBody): Promise<PersonDetail> {
    const person = await this.load(principal, id, 'edit');
    await this.checkGrid(person.organisationId, body.gridId);
    await this.db.tx(async (t) => {
      const before = auditable({
        name: person.name,
        gender: person.gender,
        birthYear: person.birthYear,
        relation: person.relation,
        gridId: person.gridId,
        partyMember: Boolean(person.partyMember),
      });
      const { householdNumber, phone, ...rest } = body;
      const changes: Partial<Person> = { ...rest };
      if (phone !== undefined) changes.phone = phone || null;
      if (householdNumber !== undefined) {
        const household = householdNumber
          ? await ensureHousehold(this.db, t, person.organisationId, householdNumber, body.gridId ?? person.gridId)
          : null;
        changes.householdId = household?.id ?? null;
      }
      await person.update(changes, { transaction: t });
      await this.audit(t, principal, 'register.person_updated', person, { before, after: auditable(body) });
    });
    return this.get(principal, id);
  }

  /**
   * Records a dated status change with its reason. The person's current status is the latest
   * by effective date, so a late entry of an older change keeps the history right without
   * overwriting what is true today. Nobody is ever deleted.
   */
  async changeStatus(principal: Principal, id: number, body: StatusChangeBody): Promise<PersonDetail> {
    const person = await this.load(principal, id, 'edit');
    if (body.effectiveOn > this.today()) throw errors.invalid('register.error.future_date');
    await this.db.tx(async (t) => {
      const { PersonStatusEvent } = this.db.models;
      await PersonStatusEvent.create(
        { personId: id, ...body, recordedBy: principal.userId, at: this.clock.now() },
        { transaction: t },
      );
      const latest = await PersonStatusEvent.findOne({
        where: { personId: id },
        order: [
          ['effectiveOn', 'DESC'],
          ['id', 'DESC'],
        ],
        transaction: t,
      });
      const before = { status: person.status, statusSince: person.statusSince };
      await person.update({ status: latest!.status, statusSince: latest!.effectiveOn }, { transaction: t });
      // Who moves out or dies leaves every body's roll that day (guests are not villagers' seats).
      let seatsEnded = 0;
      if (!countsAsVillager(body.status)) {
        [seatsEnded] = await this.db.models.BodyMember.update(
          { endsOn: body.effectiveOn },
          {
            where: {
              personId: id,
              role: { [Op.ne]: 'guest' },
              startsOn: { [Op.lte]: body.effectiveOn },
              [Op.or]: [{ endsOn: null }, { endsOn: { [Op.gt]: body.effectiveOn } }],
            },
            transaction: t,
          },
        );
      }
      await this.audit(t, principal, 'register.status_changed', person, { before, after: body, seatsEnded });
    });
    return this.get(principal, id);
  }

  private audit(
    t: Transaction,
    principal: Principal,
    action: string,
    person: Person,
    summary: Record<string, unknown>,
  ): Promise<void> {
    return recordAudit(this.db, this.clock, t, {
      actorId: principal.userId,
      action,
      subjectType: 'person',
      subjectId: person.id,
      organisationId: person.organisationId,
      summary,
    });
  }
}
