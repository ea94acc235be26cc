import { QueryTypes } from 'sequelize';
import type { ResolutionState } from '../../shared/rules/resolution.js';
import type { Clock } from '../../server/clock.js';
import type { Database } from '../../server/db/index.js';
import { DAY, sizeAt, type County, type CountySize } from './context.js';
import { buildTree, hashKey, type CountyLogin } from './organisations.js';
import { apportion, Dice } from './random.js';
import { receiptMaker } from './topics.js';
import { fillVillage } from './village.js';
import { withoutIndexes } from './bulk-load.js';
import { BulkWriter, type Table } from './writer.js';

export interface CountyOptions {
  /** 1 = the full county (250 villages, 300,000 people, 200,000 topics, ...). */
  scale: number;
  seed?: number;
  /** An empty database: its indexes may be set aside during the load (see bulk-load.ts). */
  fresh?: boolean;
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
  const { writer } = county;
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

  const fill = async () => {
    for (const village of tree.villages) {
      const i = village.index;
      const quota = { people: people[i]!, topics: topics[i]!, meetings: meetings[i]!, resolutions: resolutions[i]! };
      const filled = await fillVillage(county, village, quota, receipt);
      adults[village.id] = filled.adults;
      topicsDone += filled.topics;
      liveMeetingId ??= filled.liveMeetingId;
      for (const [s, n] of filled.states) states[s] = (states[s] ?? 0) + n;
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
  };
  if (options.fresh) await withoutIndexes(db, fill);
  else await fill();
  await writer.finish();
  // PostgreSQL's autovacuum would soon vacuum (PostgreSQL 13+ does after inserts, which lets
  // index-only scans skip the table) and analyse tables this size; nobody should wait for it.
  if (db.dialect === 'postgres') await db.sequelize.query('VACUUM ANALYZE');
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
