import { QueryTypes } from 'sequelize';
import type { ResolutionState } from '../../shared/rules/resolution.js';
import type { Clock } from '../../server/clock.js';
import type { Database } from '../../server/db/index.js';
import { generateBodies } from './bodies.js';
import { DAY, sizeAt, type County, type CountySize } from './context.js';
import { planMeetings } from './meeting-plan.js';
import { writeMeeting } from './meetings.js';
import { writeMinutes } from './minutes.js';
import { buildTree, hashKey, type CountyLogin } from './organisations.js';
import { apportion, Dice } from './random.js';
import { generateRegister } from './register.js';
import { writeResolutions } from './resolutions.js';
import { writeTopics } from './topic-rows.js';
import { planTopics, receiptMaker } from './topics.js';
import { writeVotes, type DecisionInfo } from './votes.js';
import { BulkWriter, type Table } from './writer.js';

/** Lets the writing of the previous village go on between parts of this one. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface CountyOptions {
  /** 1 = the full county (250 villages, 300,000 people, 200,000 topics, ...). */
  scale: number;
  seed?: number;
  /** Progress lines (villages done, rows, seconds). */
  log?: (line: string) => void;
}

export interface CountyResult {
  size: CountySize;
  seconds: number;
  logins: CountyLogin[];
  rows: Partial<Record<Table, number>>;
  resolutionStates: Partial<Record<ResolutionState, number>>;
  /** Adults on each village's register this year, as registerAdults() should count them. */
  adults: Record<number, number>;
  /** The bench's village: its id and its live meeting (the console the bench opens). */
  benchVillage: { id: number; name: string; boardCode: string; liveMeetingId: number | null };
  countyId: number;
}

/**
 * Builds a county into `db` (migrated; empty unless the caller allows otherwise): the tree and
 * its staff, then village by village its register and bodies, three years of topics with
 * co-signs and review, meetings with attendance, votes, decisions and minutes, and the
 * resolutions followed from them. Each village is written in one transaction, so the rows
 * arrive in bulk while the next village is generated.
 */
export async function generateCounty(db: Database, clock: Clock, options: CountyOptions): Promise<CountyResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const size = sizeAt(options.scale);
  const now = clock.now();
  const county: County = {
    db,
    writer: new BulkWriter(db),
    dice: new Dice(options.seed ?? 20261206),
    now,
    start: new Date(now.getTime() - 3 * 365 * DAY),
    hashKey: await hashKey({ db }),
    userNames: new Map(),
  };
  const { writer, dice } = county;
  if (db.dialect === 'sqlite') await db.sequelize.query('PRAGMA cache_size = -131072');
  const tree = await buildTree(county, clock, size);
  await db.tx((t) => writer.flush(t));
  const share = (total: number) => apportion(total, tree.weights);
  const [people, topics, meetings, resolutions] = [size.people, size.topics, size.meetings, size.resolutions].map(
    share,
  ) as [number[], number[], number[], number[]];
  const taken = new Set(
    (await db.sequelize.query<{ receipt: string }>('SELECT receipt FROM topics', { type: QueryTypes.SELECT })).map(
      (r) => r.receipt,
    ),
  );
  const receipt = receiptMaker(taken);
  const states: Partial<Record<ResolutionState, number>> = {};
  const adults: Record<number, number> = {};
  let liveMeetingId: number | null = null;
  let topicsDone = 0;
  let writing: Promise<void> = Promise.resolve();

  for (const village of tree.villages) {
    const i = village.index;
    const register = generateRegister(county, village, people[i]!);
    adults[village.id] = register.adultsNow;
    const bodies = generateBodies(county, village, register);
    await pause();
    writer.later(
      `UPDATE organisations SET settings = '${JSON.stringify({ adultPopulation: register.adultsNow, households: register.households })}' WHERE id = ${village.id}`,
    );
    const live = village.benchUserId !== null || i % 60 === 30;
    const plan = planMeetings(county, meetings[i]!, Math.round(resolutions[i]! * 0.5), { live });
    const decided = plan.flatMap((m) => m.items).filter((x) => x.outcome === 'motion' || x.outcome === 'consensus');
    const referrals = resolutions[i]! - decided.length;
    const village_topics = planTopics(
      county,
      topics[i]!,
      plan,
      referrals,
      receipt,
      () => dice.pick(register.people).name,
    );
    writeTopics(county, village, register, village_topics);
    topicsDone += village_topics.length;
    await pause();
    const names = new Set(village_topics.map((t) => t.submitterName).filter((n): n is string => !!n));
    const decisions: DecisionInfo[] = [];
    for (const [n, m] of plan.entries()) {
      if (n % 8 === 7) await pause();
      const written = writeMeeting(county, village, register, bodies, m);
      if (m.status === 'live' && village.benchUserId !== null) liveMeetingId = written.id;
      if (m.status !== 'closed' && m.status !== 'live') continue;
      const { decisions: d, records } = writeVotes(county, village, written);
      decisions.push(...d);
      writeMinutes(county, village, written, records, names);
    }
    if (decisions.length !== decided.length) throw new Error(`village ${village.name}: decisions off plan`);
    const byState = writeResolutions(
      county,
      village,
      decisions,
      village_topics.filter((t) => t.status === 'referred'),
    );
    for (const [s, n] of byState) states[s] = (states[s] ?? 0) + n;
    // The previous village's rows were written while this one was generated; now this one's.
    await writing;
    const batch = writer.take();
    writing = db.tx((t) => writer.write(batch, t));
    if ((i + 1) % Math.max(1, Math.round(size.villages / 20)) === 0 || i + 1 === size.villages)
      log(
        `  ${i + 1}/${size.villages} villages · ${topicsDone.toLocaleString('en')} topics · ${Math.round((performance.now() - started) / 1000)} s`,
      );
  }
  await writing;
  await writer.finish();
  // PostgreSQL's autovacuum would analyse tables this size soon after; the bench should not wait for it.
  if (db.dialect === 'postgres') await db.sequelize.query('ANALYZE');
  const bench = tree.villages[0]!;
  const boardCode = (await db.models.Organisation.findByPk(bench.id, { attributes: ['boardCode'] }))!.boardCode;
  return {
    size,
    seconds: (performance.now() - started) / 1000,
    logins: tree.logins,
    rows: Object.fromEntries(writer.written),
    resolutionStates: states,
    adults,
    benchVillage: { id: bench.id, name: bench.name, boardCode, liveMeetingId },
    countyId: tree.countyId,
  };
}
