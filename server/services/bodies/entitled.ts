import { Op, type Transaction } from 'sequelize';
import { isAdult, onRegister, seatCovers, seatVotes, statusOn } from '../../../shared/rules/attendance-rules.js';
import type { Database } from '../../db/index.js';
import type { DeliberatingBody } from '../../db/models/deliberating-body.js';

/** One person entitled to attend a body's meeting on a date. */
export interface EntitledSeat {
  personId: number;
  name: string;
  householdId: number | null;
  role: string;
  /** Counts toward quorum and may vote: members always, guests where the body says so. */
  votes: boolean;
  /** The body_members row whose pass proves who this is (none for the villagers' assembly). */
  seatId: number | null;
}

export interface Entitlement {
  seats: EntitledSeat[];
  /** Voting seats: the quorum's denominator. */
  count: number;
  /** Villagers' assembly only: households with at least one entitled adult. */
  households: number | null;
}

/** People of the organisation with their dated status changes, to read each one's status on a date. */
async function standing(db: Database, personIds: number[] | 'all', organisationId: number, t?: Transaction) {
  const people = await db.models.Person.findAll({
    where: personIds === 'all' ? { organisationId } : { organisationId, id: { [Op.in]: personIds } },
    order: [['id', 'ASC']],
    transaction: t,
  });
  const events = await db.models.PersonStatusEvent.findAll({
    where: { personId: { [Op.in]: people.map((p) => p.id) } },
    transaction: t,
  });
  const byPerson = new Map<number, typeof events>();
  for (const e of events) byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]);
  return people.map((p) => ({ person: p, events: byPerson.get(p.id) ?? [] }));
}

/**
 * Who is entitled to attend a body's meeting on a date ('YYYY-MM-DD', China time). The villagers'
 * assembly is every adult on the organisation's register that day (resident or working away),
 * with their households; any other body is its members whose dated seat covers the day and who
 * are still on the register. Guests are listed and count only where the body lets them vote.
 */
export async function entitledOn(
  db: Database,
  body: DeliberatingBody,
  on: string,
  t?: Transaction,
): Promise<Entitlement> {
  const seats: EntitledSeat[] = [];
  if (body.kind === 'villagers_assembly') {
    for (const { person, events } of await standing(db, 'all', body.organisationId, t)) {
      if (!onRegister(statusOn(person, events, on)) || !isAdult(person, on)) continue;
      seats.push({
        personId: person.id,
        name: person.name,
        householdId: person.householdId,
        role: 'member',
        votes: true,
        seatId: null,
      });
    }
    const households = new Set(seats.map((s) => s.householdId).filter((h) => h !== null)).size;
    return { seats, count: seats.length, households };
  }
  const rows = (
    await db.models.BodyMember.findAll({ where: { bodyId: body.id }, order: [['id', 'ASC']], transaction: t })
  ).filter((r) => seatCovers(r, on));
  const people = new Map(
    (await standing(db, [...new Set(rows.map((r) => r.personId))], body.organisationId, t)).map((s) => [
      s.person.id,
      s,
    ]),
  );
  const chosen = new Map<number, EntitledSeat>();
  for (const row of rows) {
    const p = people.get(row.personId);
    if (!p || !onRegister(statusOn(p.person, p.events, on))) continue;
    const seat = {
      personId: p.person.id,
      name: p.person.name,
      householdId: p.person.householdId,
      role: row.role,
      votes: seatVotes(row.role, body.guestsVote),
      seatId: row.id,
    };
    // Two overlapping seats of one person (a guest who became a member): the voting one wins.
    const before = chosen.get(seat.personId);
    if (!before || (!before.votes && seat.votes)) chosen.set(seat.personId, seat);
  }
  seats.push(...chosen.values());
  return { seats, count: seats.filter((s) => s.votes).length, households: null };
}
