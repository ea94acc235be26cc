import type { ResolutionState } from '../../shared/rules/resolution.js';
import { generateBodies } from './bodies.js';
import type { County, Village } from './context.js';
import { planMeetings } from './meeting-plan.js';
import { writeMeeting } from './meetings.js';
import { writeMinutes } from './minutes.js';
import { generateRegister } from './register.js';
import { writeResolutions } from './resolutions.js';
import { writeTopics } from './topic-rows.js';
import { planTopics } from './topics.js';
import { writeVotes, type DecisionInfo } from './votes.js';

export interface VillageQuota {
  people: number;
  topics: number;
  meetings: number;
  resolutions: number;
}

export interface FilledVillage {
  adults: number;
  topics: number;
  liveMeetingId: number | null;
  states: Map<ResolutionState, number>;
}

/** Lets the writing of the previous village go on between parts of this one. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One village's history, queued on the county's writer: its register and bodies, the meetings
 * planned first (so that about half its resolutions come from their decisions and referrals
 * make up the rest), its topics and what review did with them, each meeting with its votes and
 * minutes, and the resolutions.
 */
export async function fillVillage(
  county: County,
  village: Village,
  quota: VillageQuota,
  receipt: () => string,
): Promise<FilledVillage> {
  const { dice, writer } = county;
  const register = generateRegister(county, village, quota.people);
  const bodies = generateBodies(county, village, register);
  writer.later(
    `UPDATE organisations SET settings = '${JSON.stringify({ adultPopulation: register.adultsNow, households: register.households })}' WHERE id = ${village.id}`,
  );
  await pause();
  const live = village.benchUserId !== null || village.index % 60 === 30;
  const plan = planMeetings(county, quota.meetings, Math.round(quota.resolutions * 0.5), { live });
  const decided = plan.flatMap((m) => m.items).filter((x) => x.outcome === 'motion' || x.outcome === 'consensus');
  const topics = planTopics(
    county,
    quota.topics,
    plan,
    quota.resolutions - decided.length,
    receipt,
    () => dice.pick(register.people).name,
  );
  writeTopics(county, village, register, topics);
  await pause();
  const names = new Set(topics.map((t) => t.submitterName).filter((n): n is string => !!n));
  const decisions: DecisionInfo[] = [];
  let liveMeetingId: number | null = null;
  for (const [n, m] of plan.entries()) {
    if (n % 8 === 7) await pause();
    const written = writeMeeting(county, village, register, bodies, m);
    if (m.status === 'live' && village.benchUserId !== null) liveMeetingId = written.id;
    if (m.status !== 'closed' && m.status !== 'live') continue;
    const { decisions: d, records } = writeVotes(county, village, written);
    decisions.push(...d);
    writeMinutes(county, village, written, records, names);
  }
  if (decisions.length !== decided.length) throw new Error(`${village.name}: decisions off plan`);
  const referred = topics.filter((t) => t.status === 'referred');
  const states = writeResolutions(county, village, decisions, referred);
  return { adults: register.adultsNow, topics: topics.length, liveMeetingId, states };
}
