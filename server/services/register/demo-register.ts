import { Op, type Transaction } from 'sequelize';
import { ADULT_AGE } from '../../../shared/rules/register.js';
import type { Database } from '../../db/index.js';
import type { BodyRole } from '../../db/models/body-member.js';
import type { Gender, PersonStatus } from '../../db/models/person.js';

/** The demo village's bodies, by kind: the check-in demo attaches its meeting to `representatives`. */
export interface DemoBodies {
  assembly: number;
  representatives: number;
  party: number;
  committees: number;
  roundtable: number;
}

/** A small seeded generator (mulberry32): the same register on every first start. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A village has a few dominant surnames (桃园村: 陶, 王, 李) and a long tail. Shared with the county demo.
export const SURNAMES = '陶陶陶陶王王王李李李张张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
export const MALE = '建国伟强军磊勇杰涛明超华平刚辉健波斌林峰春海德福贵荣家兴文志永'.split('');
export const FEMALE = '秀英芳娟敏静丽艳霞玲燕红梅兰凤桂珍翠萍琴云华淑慧洁'.split('');

const ADULTS = 860;
const HOUSEHOLDS = 312;
const REPRESENTATIVES = 35;
const PARTY_MEMBERS = 40;

interface Draft {
  household: number;
  name: string;
  gender: Gender;
  birthYear: number;
  relation: string;
  status: PersonStatus;
  phone: string | null;
  party: boolean;
}

/**
 * Generates the demo village's register (issue 13): about 860 adults (and their children) in
 * 312 households over the village's grids, some working away, a few moved out or deceased
 * (with dated, reasoned history), 40 party members and 35 representatives; and its bodies — the
 * villagers' assembly, the representatives' meeting (35 representatives and 7 committee members:
 * representatives above four fifths, women above one third), the party members' assembly, the
 * two committees and a custom round-table with standing guests. Runs inside the first-run seed's
 * transaction; returns the bodies' ids.
 */
export async function seedDemoRegister(
  db: Database,
  t: Transaction,
  villageId: number,
  now: Date,
): Promise<DemoBodies> {
  const rand = random(20261206);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const year = now.getUTCFullYear();
  const given = (gender: Gender) => {
    const chars = gender === 'female' ? FEMALE : MALE;
    return rand() < 0.35 ? pick(chars) : pick(chars) + pick(chars);
  };
  const phone = () =>
    rand() < 0.65 ? `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : null;
  const grids = (
    await db.models.Organisation.findAll({ where: { parentId: villageId, kind: 'grid' }, transaction: t, raw: true })
  ).map((g) => g.id);

  const drafts: Draft[] = [];
  let adults = 0;
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const surname = pick(SURNAMES);
    const headBorn = year - 30 - Math.floor(rand() * 45);
    const left = HOUSEHOLDS - h;
    // Spread what is left of the 860 adults over the households still to come (two or three each).
    const want = Math.max(1, Math.min(4, Math.round((ADULTS - adults) / left + (rand() - 0.5))));
    const members: Omit<Draft, 'household' | 'status' | 'phone' | 'party'>[] = [];
    const headGender: Gender = rand() < 0.85 ? 'male' : 'female';
    members.push({ name: surname + given(headGender), gender: headGender, birthYear: headBorn, relation: '户主' });
    if (want >= 2) {
      const g: Gender = headGender === 'male' ? 'female' : 'male';
      members.push({
        name: pick(SURNAMES) + given(g),
        gender: g,
        birthYear: headBorn + Math.floor(rand() * 5) - 2,
        relation: '配偶',
      });
    }
    for (let c = 2; c < want; c++) {
      const g: Gender = rand() < 0.5 ? 'female' : 'male';
      const born = Math.min(year - ADULT_AGE, headBorn + 22 + Math.floor(rand() * 8));
      members.push({ name: surname + given(g), gender: g, birthYear: born, relation: g === 'female' ? '女' : '子' });
    }
    adults += members.length;
    // Younger households have children, who are on the register but not in the assembly.
    if (headBorn > year - 50 && rand() < 0.6) {
      const g: Gender = rand() < 0.5 ? 'female' : 'male';
      members.push({
        name: surname + given(g),
        gender: g,
        birthYear: year - 3 - Math.floor(rand() * 14),
        relation: g === 'female' ? '女' : '子',
      });
    }
    for (const m of members) {
      const working = m.birthYear > year - 50 && m.birthYear <= year - ADULT_AGE && rand() < 0.3;
      drafts.push({ ...m, household: h, status: working ? 'away' : 'resident', phone: phone(), party: false });
    }
  }
  // A few who left, so the register shows history: they stay, with the date and the reason.
  const left: { index: number; status: PersonStatus; on: string; reason: string }[] = [];
  for (let i = 0; i < 14; i++) {
    const index = 5 + i * 67;
    const status: PersonStatus = i % 2 ? 'deceased' : 'moved_out';
    left.push({
      index,
      status,
      on: `${2023 + (i % 3)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      reason: status === 'deceased' ? '病故' : pick(['户口迁往县城', '婚嫁迁出', '随子女迁居']),
    });
  }
  for (const l of left) drafts[l.index]!.status = l.status;

  const { Household, Person, PersonStatusEvent, DeliberatingBody, BodyMember } = db.models;
  await Household.bulkCreate(
    Array.from({ length: HOUSEHOLDS }, (_, h) => ({
      organisationId: villageId,
      number: String(h + 1).padStart(3, '0'),
      gridId: grids.length ? grids[h % grids.length]! : null,
      address: `桃园村${1 + (h % 9)}组${h + 1}号`,
      headPersonId: null,
    })),
    { transaction: t },
  );
  const households = await Household.findAll({ where: { organisationId: villageId }, transaction: t, raw: true });
  const householdId = new Map(households.map((h) => [h.number, h]));
  const number = (h: number) => String(h + 1).padStart(3, '0');
  const since = '2021-01-01';
  for (let i = 0; i < drafts.length; i += 500) {
    await Person.bulkCreate(
      drafts.slice(i, i + 500).map((d, j) => ({
        organisationId: villageId,
        householdId: householdId.get(number(d.household))!.id,
        gridId: householdId.get(number(d.household))!.gridId,
        externalKey: `TY${String(i + j + 1).padStart(4, '0')}`,
        name: d.name,
        gender: d.gender,
        birthYear: d.birthYear,
        adult: null,
        idSuffix: null,
        phone: d.phone,
        relation: d.relation,
        status: d.status,
        statusSince: left.find((l) => l.index === i + j)?.on ?? since,
        partyMember: false,
      })),
      { transaction: t },
    );
  }
  const people = await Person.findAll({
    where: { organisationId: villageId },
    order: [['externalKey', 'ASC']],
    transaction: t,
  });
  const events = people.map((p) => ({
    personId: p.id,
    status: 'resident' as PersonStatus,
    effectiveOn: since,
    reason: '名册建立',
    recordedBy: null,
    at: now,
  }));
  for (const l of left)
    events.push({
      personId: people[l.index]!.id,
      status: l.status,
      effectiveOn: l.on,
      reason: l.reason,
      recordedBy: null,
      at: now,
    });
  for (const p of people)
    if (p.status === 'away')
      events.push({
        personId: p.id,
        status: 'away',
        effectiveOn: '2024-03-01',
        reason: '外出务工',
        recordedBy: null,
        at: now,
      });
  for (let i = 0; i < events.length; i += 1000)
    await PersonStatusEvent.bulkCreate(events.slice(i, i + 1000), { transaction: t });
  for (const p of people) {
    if (p.relation === '户主')
      await Household.update({ headPersonId: p.id }, { where: { id: p.householdId! }, transaction: t });
  }

  // Seats go to resident adults, chosen deterministically, women and men in the numbers the law asks.
  const eligible = people.filter(
    (p) => p.status === 'resident' && p.birthYear! <= year - 25 && p.birthYear! >= year - 70,
  );
  const used = new Set<number>();
  const take = (n: number, gender?: Gender) => {
    const out = [];
    for (const p of eligible) {
      if (out.length === n) break;
      if (used.has(p.id) || (gender && p.gender !== gender)) continue;
      if (rand() < 0.5) continue;
      used.add(p.id);
      out.push(p);
    }
    return out;
  };
  const committee = [...take(5, 'male'), ...take(2, 'female')];
  const representatives = [...take(REPRESENTATIVES - 13, 'male'), ...take(13, 'female')];
  const guests = take(4);
  const party = [...committee.slice(0, 6), ...take(PARTY_MEMBERS - 6)];
  await Person.update({ partyMember: true }, { where: { id: { [Op.in]: party.map((p) => p.id) } }, transaction: t });

  const body = async (kind: DemoBodyKind, name: string, extra: { guestsVote?: boolean; maxProxies?: number } = {}) =>
    (
      await DeliberatingBody.create(
        { organisationId: villageId, kind, name, archivedAt: null, ...extra },
        { transaction: t },
      )
    ).id;
  const ids: DemoBodies = {
    assembly: await body('villagers_assembly', '桃园村村民会议', { maxProxies: 1 }),
    representatives: await body('representatives_meeting', '桃园村村民代表会议'),
    party: await body('party_assembly', '桃园村党员大会'),
    committees: await body('two_committees', '桃园村"两委"联席会'),
    roundtable: await body('custom', '乡贤圆桌会'),
  };
  const seats: { bodyId: number; personId: number; role: BodyRole; startsOn: string; endsOn: string | null }[] = [];
  const seat = (bodyId: number, list: { id: number }[], role: BodyRole, startsOn: string) =>
    list.forEach((p) => seats.push({ bodyId, personId: p.id, role, startsOn, endsOn: null }));
  seat(ids.representatives, representatives, 'representative', '2021-01-20');
  seat(ids.representatives, committee, 'committee', '2021-01-10');
  seat(ids.committees, committee, 'committee', '2021-01-10');
  party.forEach((p, i) =>
    seats.push({
      bodyId: ids.party,
      personId: p.id,
      role: 'member',
      startsOn: `${1990 + (i % 30)}-07-01`,
      endsOn: null,
    }),
  );
  seat(ids.roundtable, committee.slice(0, 3), 'member', '2024-05-01');
  seat(ids.roundtable, guests, 'guest', '2024-05-01');
  // One representative stood down and was replaced: the roll keeps both seats, dated.
  const former = take(1, 'male')[0];
  if (former)
    seats.push({
      bodyId: ids.representatives,
      personId: former.id,
      role: 'representative',
      startsOn: '2021-01-20',
      endsOn: '2023-06-30',
    });
  await BodyMember.bulkCreate(
    seats.map((s) => ({ ...s, passTokenHash: null, passIssuedAt: null })),
    { transaction: t },
  );
  return ids;
}

type DemoBodyKind = 'villagers_assembly' | 'representatives_meeting' | 'party_assembly' | 'two_committees' | 'custom';

/** The demo village's bodies after the seed (for demo content seeded later, such as the check-in demo). */
export async function findDemoBodies(db: Database, villageId: number): Promise<DemoBodies | null> {
  const rows = await db.models.DeliberatingBody.findAll({
    where: { organisationId: villageId },
    order: [['id', 'ASC']],
  });
  const of = (kind: string) => rows.find((r) => r.kind === kind)?.id;
  const ids = {
    assembly: of('villagers_assembly'),
    representatives: of('representatives_meeting'),
    party: of('party_assembly'),
    committees: of('two_committees'),
    roundtable: of('custom'),
  };
  return Object.values(ids).every((x) => x !== undefined) ? (ids as DemoBodies) : null;
}
