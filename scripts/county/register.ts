import { ADULT_AGE, isAdult, onRegister, statusOn } from '../../shared/rules/attendance-rules.js';
import type { Gender, PersonStatus } from '../../server/db/models/person.js';
import { DAY, type County, type Village } from './context.js';
import { FEMALE, MALE, SURNAME_LIST } from './words.js';

/** A person on a village's register, as the rest of the generator needs them. */
export interface Person {
  id: number;
  name: string;
  gender: Gender;
  birthYear: number;
  householdId: number;
  status: PersonStatus;
  statusSince: string;
  events: { status: PersonStatus; effectiveOn: string }[];
  phone: string | null;
  party: boolean;
}

export interface Register {
  people: Person[];
  households: number;
  /** Adults on the register this year: what registerAdults() counts (the assembly demand's tenth). */
  adultsNow: number;
}

const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Whether a person may attend the villagers' assembly on a date (entitledOn's rule). */
export const entitledAdult = (p: Person, on: string) =>
  onRegister(statusOn(p, p.events, on)) && isAdult({ birthYear: p.birthYear, adult: null }, on);

/**
 * A village's register (the demo register's shape, server/services/register/demo-register.ts,
 * at the village's size): households of one to four adults and often a child, a few dominant
 * surnames, some working away, a few moved out or deceased with the dated reason; one
 * "register created" event per person, as an import writes.
 */
export function generateRegister(county: County, village: Village, quota: number): Register {
  const { dice, writer, now } = county;
  const year = Number(day(now).slice(0, 4));
  const imported = new Date(county.start.getTime() + 10 * DAY);
  const since = day(imported);
  const dominant = [dice.pick(SURNAME_LIST), dice.pick(SURNAME_LIST), dice.pick(SURNAME_LIST)];
  const surname = () => (dice.chance(0.55) ? dice.pick(dominant) : dice.pick(SURNAME_LIST));
  const given = (g: Gender) => {
    const chars = g === 'female' ? FEMALE : MALE;
    return dice.chance(0.35) ? dice.pick(chars) : dice.pick(chars) + dice.pick(chars);
  };
  const phone = () =>
    dice.chance(0.65) ? `1${dice.pick(['3', '5', '8'])}${String(dice.int(0, 999_999_999)).padStart(9, '0')}` : null;
  const people: Person[] = [];
  let households = 0;
  while (people.length < quota) {
    const householdId = writer.id('households');
    const number = String(++households).padStart(3, '0');
    const family = surname();
    const headBorn = year - 30 - dice.int(0, 45);
    const headGender: Gender = dice.chance(0.85) ? 'male' : 'female';
    const members: { name: string; gender: Gender; birthYear: number; relation: string }[] = [
      { name: family + given(headGender), gender: headGender, birthYear: headBorn, relation: '户主' },
    ];
    const adults = dice.weighted({ 1: 2, 2: 5, 3: 3, 4: 1 });
    if (Number(adults) >= 2) {
      const g: Gender = headGender === 'male' ? 'female' : 'male';
      members.push({ name: surname() + given(g), gender: g, birthYear: headBorn + dice.int(-2, 2), relation: '配偶' });
    }
    for (let c = 2; c < Number(adults); c++) {
      const g: Gender = dice.chance(0.5) ? 'female' : 'male';
      const born = Math.min(year - ADULT_AGE, headBorn + 22 + dice.int(0, 7));
      members.push({ name: family + given(g), gender: g, birthYear: born, relation: g === 'female' ? '女' : '子' });
    }
    if (headBorn > year - 50 && dice.chance(0.6)) {
      const g: Gender = dice.chance(0.5) ? 'female' : 'male';
      members.push({
        name: family + given(g),
        gender: g,
        birthYear: year - 3 - dice.int(0, 13),
        relation: g === 'female' ? '女' : '子',
      });
    }
    const gridId = village.gridIds[(households - 1) % village.gridIds.length]!;
    let headId: number | null = null;
    for (const m of members.slice(0, quota - people.length)) {
      const id = writer.id('people');
      headId ??= id;
      const events: Person['events'] = [{ status: 'resident', effectiveOn: since }];
      const working = m.birthYear > year - 50 && m.birthYear <= year - ADULT_AGE && dice.chance(0.3);
      let status: PersonStatus = working ? 'away' : 'resident';
      // A few leave the register, with the date and the reason (the roll of a past meeting keeps them).
      const left = dice.chance(0.015) ? dice.weighted({ moved_out: 2, deceased: 1 }) : null;
      const span = now.getTime() - imported.getTime();
      const awayFrom = imported.getTime() + dice.float() * span * 0.5;
      if (working) events.push({ status: 'away', effectiveOn: day(new Date(awayFrom)) });
      if (left) {
        status = left;
        events.push({ status: left, effectiveOn: day(new Date(awayFrom + dice.float() * span * 0.5)) });
      }
      const person: Person = {
        id,
        name: m.name,
        gender: m.gender,
        birthYear: m.birthYear,
        householdId,
        status,
        statusSince: events[events.length - 1]!.effectiveOn,
        events,
        phone: phone(),
        party: false,
      };
      people.push(person);
      writer.add('people', {
        id,
        organisation_id: village.id,
        household_id: householdId,
        grid_id: gridId,
        external_key: `C${village.index + 1}-${String(people.length).padStart(5, '0')}`,
        name: person.name,
        gender: person.gender,
        birth_year: person.birthYear,
        adult: null,
        id_suffix: null,
        phone: person.phone,
        relation: m.relation,
        status,
        status_since: person.statusSince,
        party_member: false,
        created_at: imported,
        updated_at: events.length > 1 ? new Date(`${person.statusSince}T10:00:00+08:00`) : imported,
      });
      for (const [i, e] of events.entries())
        writer.add('person_status_events', {
          person_id: id,
          status: e.status,
          effective_on: e.effectiveOn,
          reason:
            i === 0
              ? '名册建立'
              : e.status === 'away'
                ? '外出务工'
                : e.status === 'deceased'
                  ? '病故'
                  : dice.pick(['户口迁往县城', '婚嫁迁出', '随子女迁居']),
          recorded_by: i === 0 ? null : village.leadId,
          at: i === 0 ? imported : new Date(`${e.effectiveOn}T10:00:00+08:00`),
        });
    }
    writer.add('households', {
      id: householdId,
      organisation_id: village.id,
      grid_id: gridId,
      number,
      address: `${village.name}${1 + ((households - 1) % 9)}组${households}号`,
      head_person_id: headId,
      created_at: imported,
      updated_at: imported,
    });
  }
  const today = day(now);
  return { people, households, adultsNow: people.filter((p) => entitledAdult(p, today)).length };
}
