/**
 * Co-signs that count (附议核验). A co-sign counts toward a legal trigger — one tenth of the
 * village's adults demanding a villagers' assembly — only when it is matched to a person on the
 * register, by a one-time code sent to the phone the register holds for that person or in person
 * at the village desk. Anything else is shown as support, separately, and never counted.
 */

import { isAdultOn, toHalfWidth } from './register.js';

/** A mainland mobile number: 11 digits starting 13–19. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Full-width digits (１３８…) and spaces or dashes typed by habit are accepted and normalised. */
export function normalisePhone(raw: string): string {
  return toHalfWidth(raw).replace(/[\s-]/g, '');
}

/** How long a code stays valid, how often it may be tried, how often one phone may get one. */
export const SMS_CODE = {
  digits: 6,
  validMinutes: 10,
  maxAttempts: 5,
  /** A second code for the same phone only after this many seconds. */
  resendAfterSeconds: 60,
  /** Codes per phone per hour, whatever topic they are for. */
  perPhonePerHour: 5,
} as const;

/**
 * Residents may demand a villagers' assembly when one tenth of the adult villagers support it.
 * Only verified co-signs are counted and the denominator is the register's adults, so neither
 * a crowd of made-up devices nor a typed population figure can pull the trigger.
 * Integers only: verified ≥ adults / 10 ⇔ verified × 10 ≥ adults.
 */
export function reachesAssemblyDemand(verifiedCosigns: number, registerAdults: number): boolean {
  if (!Number.isInteger(verifiedCosigns) || !Number.isInteger(registerAdults)) return false;
  if (registerAdults <= 0 || verifiedCosigns <= 0) return false;
  return verifiedCosigns * 10 >= registerAdults;
}

/** Smallest number of verified co-signs that reaches the demand (shown as "还差 N 人"). */
export function assemblyDemandNeeds(registerAdults: number): number {
  return registerAdults > 0 ? Math.ceil(registerAdults / 10) : 0;
}

/** Statuses whose people are villagers for the register's counts (working away still counts). */
export const VILLAGER_STATUSES = ['resident', 'away'] as const;

/** Adult during a year, by the register's rule (shared/rules/register.ts, isAdultOn). */
export function isAdult(birthYear: number | null, adultFlag: boolean | null, year: number): boolean {
  return isAdultOn(birthYear, adultFlag, `${year}-12-31`);
}

/**
 * Villagers' representatives may demand a meeting too (Organic Law art. 21 and 26): one third of
 * them a villagers' assembly, one fifth of them a representatives' meeting. The denominator is
 * the representatives seated on the register's representatives' meeting on the day (村民代表, not
 * the committee members who also sit there), and a co-sign counts only when it is verified and
 * matched to one of them — the same proof as the one-tenth demand.
 */
export const REPRESENTATIVE_DEMAND_SHARE = { villagers_assembly: 3, representatives_meeting: 5 } as const;
export type RepresentativeDemand = keyof typeof REPRESENTATIVE_DEMAND_SHARE;

/** Integers only: signed ≥ representatives / share ⇔ signed × share ≥ representatives. */
export function reachesRepresentativeDemand(
  signed: number,
  representatives: number,
  demand: RepresentativeDemand,
): boolean {
  if (!Number.isInteger(signed) || !Number.isInteger(representatives)) return false;
  if (representatives <= 0 || signed <= 0) return false;
  return signed * REPRESENTATIVE_DEMAND_SHARE[demand] >= representatives;
}

/** Smallest number of representatives' verified co-signs that makes the demand. */
export function representativeDemandNeeds(representatives: number, demand: RepresentativeDemand): number {
  return representatives > 0 ? Math.ceil(representatives / REPRESENTATIVE_DEMAND_SHARE[demand]) : 0;
}
