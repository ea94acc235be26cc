import { Op, QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../../db/index.js';
import type { Person } from '../../db/models/person.js';
import type { Draft } from './import-rows.js';

type Existing = Pick<
  Person,
  | 'id'
  | 'externalKey'
  | 'name'
  | 'gender'
  | 'birthYear'
  | 'adult'
  | 'householdId'
  | 'gridId'
  | 'phone'
  | 'idSuffix'
  | 'relation'
  | 'status'
  | 'partyMember'
>;

export interface ImportPlan {
  create: Draft[];
  update: { draft: Draft; existing: Existing; changes: Partial<Person> }[];
  /** 户号 → id of the households that exist already. */
  households: Map<string, number>;
  newHouseholds: string[];
  counts: { new: number; updated: number; unchanged: number; households: number };
}

/** The columns a draft sets, as the person row would hold them (household resolved separately). */
function fields(d: Draft): Partial<Person> {
  const out: Partial<Person> = { name: d.name };
  if (d.gender !== undefined) out.gender = d.gender;
  if (d.birthYear !== undefined) out.birthYear = d.birthYear;
  if (d.adult !== undefined) out.adult = d.adult;
  if (d.gridId !== undefined) out.gridId = d.gridId;
  if (d.phone !== undefined) out.phone = d.phone;
  if (d.idSuffix !== undefined) out.idSuffix = d.idSuffix;
  if (d.relation !== undefined) out.relation = d.relation;
  if (d.partyMember !== undefined) out.partyMember = d.partyMember;
  return out;
}

const same = (a: unknown, b: unknown) => (typeof b === 'boolean' ? Boolean(a) === b : (a ?? null) === (b ?? null));

/** Compares the drafts with the register by stable key: what is new, what changes, what stays. */
export async function planImport(
  db: Database,
  villageId: number,
  drafts: Draft[],
  t?: Transaction,
): Promise<ImportPlan> {
  const [people, households] = await Promise.all([
    db.models.Person.findAll({
      where: { organisationId: villageId },
      attributes: [
        'id',
        'externalKey',
        'name',
        'gender',
        'birthYear',
        'adult',
        'householdId',
        'gridId',
        'phone',
        'idSuffix',
        'relation',
        'status',
        'partyMember',
      ],
      raw: true,
      transaction: t,
    }),
    db.models.Household.findAll({
      where: { organisationId: villageId },
      attributes: ['id', 'number'],
      raw: true,
      transaction: t,
    }),
  ]);
  const byKey = new Map(people.map((p) => [p.externalKey, p as Existing]));
  const householdIds = new Map(households.map((h) => [h.number, h.id]));
  const plan: ImportPlan = {
    create: [],
    update: [],
    households: householdIds,
    newHouseholds: [],
    counts: { new: 0, updated: 0, unchanged: 0, households: 0 },
  };
  const fresh = new Set<string>();
  for (const d of drafts) {
    if (d.household && !householdIds.has(d.household) && !fresh.has(d.household)) {
      fresh.add(d.household);
      plan.newHouseholds.push(d.household);
    }
    const existing = byKey.get(d.key);
    if (!existing) {
      plan.create.push(d);
      continue;
    }
    const changes: Partial<Person> = {};
    for (const [k, v] of Object.entries(fields(d)) as [keyof Person, unknown][]) {
      if (!same(existing[k as keyof Existing], v)) (changes as Record<string, unknown>)[k] = v;
    }
    if (d.household !== undefined) {
      const id = d.household ? (householdIds.get(d.household) ?? null) : null;
      if (id === null && d.household) changes.householdId = -1;
      else if (id !== existing.householdId) changes.householdId = id;
    }
    if (d.status !== undefined && d.status !== existing.status) changes.status = d.status;
    if (Object.keys(changes).length) plan.update.push({ draft: d, existing, changes });
    else plan.counts.unchanged++;
  }
  plan.counts.new = plan.create.length;
  plan.counts.updated = plan.update.length;
  plan.counts.households = plan.newHouseholds.length;
  return plan;
}

const CHUNK = 500;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes a plan inside the caller's transaction. Bulk inserts in chunks, one UPDATE per changed
 * person, and the households' heads in a few CASE updates: a 10,000-person sheet is some 60
 * statements, not 20,000 (bench/register-import.ts).
 */
export async function applyPlan(
  db: Database,
  t: Transaction,
  input: { villageId: number; plan: ImportPlan; today: string; reason: string; actorId: number | null; at: Date },
): Promise<void> {
  const { Household, Person, PersonStatusEvent } = db.models;
  const { villageId, plan, today, reason, actorId, at } = input;
  const draftsByHousehold = new Map<string, Draft[]>();
  for (const d of [...plan.create, ...plan.update.map((u) => u.draft)]) {
    if (d.household) draftsByHousehold.set(d.household, [...(draftsByHousehold.get(d.household) ?? []), d]);
  }
  for (const part of chunks(plan.newHouseholds)) {
    await Household.bulkCreate(
      part.map((number) => {
        const members = draftsByHousehold.get(number) ?? [];
        const first = members.find((m) => m.isHead) ?? members[0];
        return {
          organisationId: villageId,
          number,
          gridId: first?.gridId ?? null,
          address: members.find((m) => m.address)?.address ?? null,
          headPersonId: null,
        };
      }),
      { transaction: t },
    );
  }
  if (plan.newHouseholds.length) {
    const rows = await Household.findAll({
      where: { organisationId: villageId, number: { [Op.in]: plan.newHouseholds } },
      attributes: ['id', 'number'],
      raw: true,
      transaction: t,
    });
    for (const h of rows) plan.households.set(h.number, h.id);
  }
  const householdOf = (d: Draft) => (d.household ? (plan.households.get(d.household) ?? null) : null);

  for (const part of chunks(plan.create)) {
    await Person.bulkCreate(
      part.map((d) => ({
        organisationId: villageId,
        householdId: householdOf(d),
        gridId: d.gridId ?? null,
        externalKey: d.key,
        name: d.name,
        gender: d.gender ?? 'unknown',
        birthYear: d.birthYear ?? null,
        adult: d.adult ?? null,
        idSuffix: d.idSuffix ?? null,
        phone: d.phone ?? null,
        relation: d.relation ?? null,
        status: d.status ?? 'resident',
        statusSince: today,
        partyMember: d.partyMember ?? false,
      })),
      { transaction: t },
    );
  }
  const ids = new Map(
    (
      await Person.findAll({
        where: { organisationId: villageId },
        attributes: ['id', 'externalKey'],
        raw: true,
        transaction: t,
      })
    ).map((p) => [p.externalKey, p.id]),
  );
  const events: { personId: number; status: Person['status']; effectiveOn: string; reason: string }[] = [];
  for (const d of plan.create)
    events.push({ personId: ids.get(d.key)!, status: d.status ?? 'resident', effectiveOn: today, reason });
  for (const { draft, existing, changes } of plan.update) {
    if (changes.householdId === -1) changes.householdId = householdOf(draft);
    if (changes.status) {
      changes.statusSince = today;
      events.push({ personId: existing.id, status: changes.status, effectiveOn: today, reason });
    }
    await Person.update(changes, { where: { id: existing.id }, transaction: t });
  }
  for (const part of chunks(events, 1_000)) {
    await PersonStatusEvent.bulkCreate(
      part.map((e) => ({ ...e, recordedBy: actorId, at })),
      { transaction: t },
    );
  }
  await setHeads(db, t, draftsByHousehold, plan.households, ids);
  const representatives = [...plan.create, ...plan.update.map((u) => u.draft)]
    .filter((d) => d.representative === true)
    .map((d) => ids.get(d.key)!);
  await seatRepresentatives(db, t, villageId, representatives, today);
}

/**
 * A 村民代表 column marked 是 gives the person a representative's seat in the village's
 * representatives' meeting from today, unless they hold a seat there already. A blank or 否 ends
 * nobody's seat: that is a decision with a date, made on the body's page.
 */
async function seatRepresentatives(
  db: Database,
  t: Transaction,
  villageId: number,
  personIds: number[],
  today: string,
): Promise<void> {
  if (!personIds.length) return;
  const body = await db.models.DeliberatingBody.findOne({
    where: { organisationId: villageId, kind: 'representatives_meeting', archivedAt: null },
    order: [['id', 'ASC']],
    transaction: t,
  });
  if (!body) return;
  const seated = new Set(
    (
      await db.models.BodyMember.findAll({
        where: { bodyId: body.id, [Op.or]: [{ endsOn: null }, { endsOn: { [Op.gte]: today } }] },
        attributes: ['personId'],
        raw: true,
        transaction: t,
      })
    ).map((m) => m.personId),
  );
  const seats = personIds
    .filter((id) => !seated.has(id))
    .map((personId) => ({
      bodyId: body.id,
      personId,
      role: 'representative' as const,
      startsOn: today,
      endsOn: null,
      passTokenHash: null,
      passIssuedAt: null,
    }));
  for (const part of chunks(seats)) await db.models.BodyMember.bulkCreate(part, { transaction: t });
}

/** Each household whose sheet names a head gets it, in CASE updates of a few hundred households each. */
async function setHeads(
  db: Database,
  t: Transaction,
  draftsByHousehold: Map<string, Draft[]>,
  households: Map<string, number>,
  ids: Map<string, number>,
): Promise<void> {
  const pairs: [number, number][] = [];
  for (const [number, members] of draftsByHousehold) {
    const head = members.find((m) => m.isHead);
    const householdId = households.get(number);
    const personId = head ? ids.get(head.key) : undefined;
    if (householdId && personId) pairs.push([householdId, personId]);
  }
  for (const part of chunks(pairs)) {
    const cases = part.map(([h, p]) => `WHEN ${Number(h)} THEN ${Number(p)}`).join(' ');
    await db.sequelize.query(`UPDATE households SET head_person_id = CASE id ${cases} END WHERE id IN (:ids)`, {
      replacements: { ids: part.map(([h]) => h) },
      type: QueryTypes.UPDATE,
      transaction: t,
    });
  }
}
