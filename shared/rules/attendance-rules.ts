/**
 * Who counts (issue 13): pure rules over the village register. Dates are 'YYYY-MM-DD' in China
 * time and compare as strings.
 */

export type RegisterStatus = 'resident' | 'away' | 'moved_out' | 'deceased';

/** Age of majority for the villagers' assembly (aged 18 and over). */
import { ADULT_AGE, isAdultOn } from './register.js';

export { ADULT_AGE };

/** Whether a person is an adult on a date: the register's one rule (shared/rules/register.ts, isAdultOn). */
export function isAdult(person: { birthYear: number | null; adult: boolean | null }, on: string): boolean {
  return isAdultOn(person.birthYear, person.adult, on);
}

/**
 * A person's status on a date: the latest dated change on or before it; with none, the current
 * status when it already held then, else the earliest status known (the register knew nothing
 * older).
 */
export function statusOn(
  current: { status: RegisterStatus; statusSince: string },
  events: readonly { status: RegisterStatus; effectiveOn: string }[],
  on: string,
): RegisterStatus {
  const sorted = [...events].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  let found: RegisterStatus | null = null;
  for (const e of sorted) if (e.effectiveOn <= on) found = e.status;
  if (found) return found;
  if (current.statusSince <= on) return current.status;
  return sorted[0]?.status ?? current.status;
}

/** Villagers working in the city (外出务工) stay villagers: they count, and keep their links. */
export const onRegister = (status: RegisterStatus): boolean => status === 'resident' || status === 'away';

/** Whether a dated seat [startsOn, endsOn] covers a date (both inclusive; endsOn null = open). */
export const seatCovers = (seat: { startsOn: string; endsOn: string | null }, on: string): boolean =>
  seat.startsOn <= on && (seat.endsOn === null || on <= seat.endsOn);

/** Guests (乡贤, 企业, 部门代表) are listed; they vote only where the body says so. */
export const seatVotes = (role: string, guestsVote: boolean): boolean => role !== 'guest' || guestsVote;

/**
 * Whether a member may take one more proxy (委托): only where the body allows proxies at all,
 * and never beyond its limit.
 */
export function mayHoldProxy(maxProxies: number, alreadyHeld: number): boolean {
  return maxProxies > 0 && alreadyHeld < maxProxies;
}

/** How a member attends a meeting so far, from their attendance row (null: no row yet). */
export function attending(
  row: { present: boolean; method: string; proxyForInviteeId?: number | null } | null | undefined,
): 'none' | 'remote' | 'hall' {
  if (!row?.present) return 'none';
  return row.method === 'remote' && !row.proxyForInviteeId ? 'remote' : 'hall';
}

/**
 * Why a member may not start following a meeting remotely by their personal pass, or null. Someone
 * present in the hall (scanned in, marked by the desk) or represented by a proxy already counts
 * once; a remote presence on top would let one person be counted, and vote, twice — or let a
 * leaked pass take over from the person sitting in the hall. Following remotely again (a second
 * phone, a reload) is allowed: it stays one remote presence, and the newest phone holds the pass.
 */
export function remoteRefusal(
  row: { present: boolean; method: string; proxyForInviteeId?: number | null } | null | undefined,
): 'in_hall' | 'by_proxy' | null {
  if (!row?.present) return null;
  if (row.proxyForInviteeId) return 'by_proxy';
  return row.method === 'remote' ? null : 'in_hall';
}

/** 'YYYY-MM-DD' in China time: one definition, in the reception rules where it was first needed. */
export { chinaDate } from './reception.js';
