import { onRegister, seatCovers, seatVotes, statusOn } from '../../shared/rules/attendance-rules.js';
import type { BodyRole } from '../../server/db/models/body-member.js';
import type { County, Village } from './context.js';
import { entitledAdult, type Person, type Register } from './register.js';

export type BodyKind =
  'villagers_assembly' | 'representatives_meeting' | 'party_assembly' | 'two_committees' | 'custom';

export interface Seat {
  id: number;
  person: Person;
  role: BodyRole;
  startsOn: string;
  endsOn: string | null;
}

export interface Body {
  id: number;
  kind: BodyKind;
  name: string;
  guestsVote: boolean;
  seats: Seat[];
}

/** One person entitled to attend a body's meeting on a date, as entitledOn() lists them. */
export interface Entitled {
  person: Person;
  role: string;
  votes: boolean;
}

/**
 * Who may attend a meeting of `body` on `on` ('YYYY-MM-DD'), by the rules entitledOn() applies:
 * the assembly is every adult on the register that day; other bodies, their members whose seat
 * covers the day and who are still on the register (the voting seat wins over a guest's).
 */
export function entitled(body: Body, register: Register, on: string): Entitled[] {
  if (body.kind === 'villagers_assembly')
    return register.people
      .filter((p) => entitledAdult(p, on))
      .map((person) => ({ person, role: 'member', votes: true }));
  const chosen = new Map<number, Entitled>();
  for (const seat of body.seats) {
    if (!seatCovers(seat, on) || !onRegister(statusOn(seat.person, seat.person.events, on))) continue;
    const e = { person: seat.person, role: seat.role, votes: seatVotes(seat.role, body.guestsVote) };
    const before = chosen.get(seat.person.id);
    if (!before || (!before.votes && e.votes)) chosen.set(seat.person.id, e);
  }
  return [...chosen.values()];
}

/**
 * The village's deliberating bodies, as the demo village has them: the villagers' assembly, the
 * representatives' meeting (committee plus representatives, about one for every ten households,
 * women above a third), the party members' assembly, the two committees, and a round-table with
 * standing guests; one representative stood down and was replaced.
 */
export function generateBodies(county: County, village: Village, register: Register): Record<BodyKind, Body> {
  const { dice, writer } = county;
  const year = county.now.getUTCFullYear();
  const eligible = dice.shuffle(
    register.people.filter((p) => p.status === 'resident' && p.birthYear <= year - 25 && p.birthYear >= year - 70),
  );
  const used = new Set<number>();
  const take = (n: number, gender?: 'female' | 'male') => {
    const out: Person[] = [];
    for (const p of eligible) {
      if (out.length === n) break;
      if (used.has(p.id) || (gender && p.gender !== gender)) continue;
      used.add(p.id);
      out.push(p);
    }
    return out;
  };
  const committee = [...take(5, 'male'), ...take(2, 'female')];
  const reps = Math.max(8, Math.min(60, Math.round(register.households / 10)));
  const women = Math.ceil(reps * 0.4);
  const representatives = [...take(reps - women, 'male'), ...take(women, 'female')];
  const guests = take(4);
  const party = [...committee.slice(0, 6), ...take(Math.max(10, Math.round(register.people.length * 0.045)) - 6)];
  for (const p of party) p.party = true;
  writer.later(
    `UPDATE people SET party_member = ${writer.bool(true)} WHERE id IN (${party.map((p) => p.id).join(',')})`,
  );

  const now = new Date(county.start.getTime() + 12 * 86_400_000);
  const body = (kind: BodyKind, name: string, extra: { guestsVote?: boolean; maxProxies?: number } = {}): Body => {
    const id = writer.add('deliberating_bodies', {
      organisation_id: village.id,
      kind,
      name: name.slice(0, 60),
      guests_vote: extra.guestsVote ?? false,
      max_proxies: extra.maxProxies ?? 0,
      archived_at: null,
      created_at: now,
      updated_at: now,
    });
    return { id, kind, name: name.slice(0, 60), guestsVote: extra.guestsVote ?? false, seats: [] };
  };
  const bodies: Record<BodyKind, Body> = {
    villagers_assembly: body('villagers_assembly', `${village.name}村民会议`, { maxProxies: 1 }),
    representatives_meeting: body('representatives_meeting', `${village.name}村民代表会议`),
    party_assembly: body('party_assembly', `${village.name}党员大会`),
    two_committees: body('two_committees', `${village.name}"两委"联席会`),
    custom: body('custom', '乡贤圆桌会'),
  };
  const seat = (b: Body, person: Person, role: BodyRole, startsOn: string, endsOn: string | null = null) => {
    const id = writer.add('body_members', {
      body_id: b.id,
      person_id: person.id,
      role,
      starts_on: startsOn,
      ends_on: endsOn,
      pass_token_hash: null,
      pass_issued_at: null,
      created_at: now,
      updated_at: now,
    });
    b.seats.push({ id, person, role, startsOn, endsOn });
  };
  for (const p of representatives) seat(bodies.representatives_meeting, p, 'representative', '2021-01-20');
  for (const p of committee) seat(bodies.representatives_meeting, p, 'committee', '2021-01-10');
  for (const p of committee) seat(bodies.two_committees, p, 'committee', '2021-01-10');
  party.forEach((p, i) => seat(bodies.party_assembly, p, 'member', `${1990 + (i % 30)}-07-01`));
  for (const p of committee.slice(0, 3)) seat(bodies.custom, p, 'member', '2024-05-01');
  for (const p of guests) seat(bodies.custom, p, 'guest', '2024-05-01');
  const former = take(1, 'male')[0];
  if (former) seat(bodies.representatives_meeting, former, 'representative', '2021-01-20', '2023-06-30');
  return bodies;
}
