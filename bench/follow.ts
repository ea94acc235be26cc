import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { seedFirstRun } from '../server/services/seed.js';
import { RESOLUTION_STATES } from '../shared/rules/resolution.js';
import { Client } from '../test/helpers/http.js';
import { createPostgresDatabase } from '../test/helpers/pg.js';
import { median, percentile, printBench, round } from './lib.js';

/**
 * The follow-up surfaces under load: 20,000 resolutions across 500 villages (10 townships of
 * 50), on SQLite and on PostgreSQL. Per request, over HTTP against a real server:
 *   - dashboard (village): GET /api/resolutions as one village's representative;
 *   - dashboard (county): GET /api/resolutions as the county admin (all 500 villages, 50 rows);
 *   - board: GET /api/board/:village (public).
 * Baseline: a plain indexed SELECT of the same rows (one village's resolutions by deadline,
 * LIMIT 50) run in-process, i.e. what the database alone costs. Target: p99 ≤ 100 ms.
 * BENCH_REQUESTS (300) per query; BENCH_DATABASE_URL names the PostgreSQL admin database.
 */
const VILLAGES = 500;
const PER_VILLAGE = 40;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function run(dialect: 'sqlite' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-follow-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase(PG_ADMIN) : null;
  const url = pgDb?.url ?? `sqlite:${path.join(dir, 'db.sqlite')}`;
  const db = await openDatabase(url);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const county = (await db.models.Organisation.findOne({ where: { kind: 'county' } }))!;

  // 10 townships × 50 villages, and 40 resolutions per village in every state, deadlines spread
  // around now so some are overdue and some due soon.
  const seeded = performance.now();
  const villages: number[] = [];
  for (let t = 0; t < VILLAGES / 50; t++) {
    const township = await db.models.Organisation.create({
      name: `压测镇${t}`,
      kind: 'township',
      parentId: county.id,
      settings: {},
      isDemo: false,
    });
    const rows = await db.models.Organisation.bulkCreate(
      Array.from({ length: 50 }, (_, v) => ({
        name: `压测村${t}-${v}`,
        kind: 'village' as const,
        parentId: township.id,
        settings: {},
        isDemo: false,
      })),
    );
    villages.push(...rows.map((r) => r.id));
  }
  const now = Date.now();
  const all = villages.flatMap((organisationId, v) =>
    Array.from({ length: PER_VILLAGE }, (_, i) => {
      const state = RESOLUTION_STATES[(v + i) % RESOLUTION_STATES.length]!;
      const dispatched = state !== 'draft' && state !== 'withdrawn';
      return {
        organisationId,
        sourceKind: 'consensus' as const,
        sourceId: null,
        meetingId: null,
        decisionId: null,
        referralId: null,
        text: `压测决议 ${v}-${i}：修缮村道与排水沟`,
        category: '公共设施',
        responsibleOrganisationId: dispatched ? county.id : null,
        responsibleUserId: null,
        collaborators: [],
        state,
        deadline: dispatched ? new Date(now + ((i % 30) - 10) * DAY) : null,
        dispatchedAt: dispatched ? new Date(now - 20 * DAY) : null,
        reportedAt: null,
        closedAt: state === 'closed' ? new Date(now - DAY) : null,
        result: state === 'closed' ? '已完成' : null,
        rating: state === 'closed' ? ('satisfied' as const) : null,
        ratedAt: null,
        unitSpeed: null,
        unitQuality: null,
        overdueNotifiedAt: null,
        dueSoonNotifiedAt: null,
        createdAt: new Date(now - 30 * DAY),
        updatedAt: new Date(now - 30 * DAY),
      };
    }),
  );
  for (let i = 0; i < all.length; i += 1000) await db.models.Resolution.bulkCreate(all.slice(i, i + 1000));
  if (dialect === 'postgres') await db.sequelize.query('ANALYZE');
  const seedMs = performance.now() - seeded;

  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl: url, loginRateLimit: 100_000 };
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const admin = await new Client(base).login('admin', logins.admin.password);
    const village = villages[137]!;
    const issued = await admin.post('/api/users', {
      username: 'bench-rep',
      displayName: '压测代表',
      organisationId: village,
      role: 'representative',
    });
    const rep = await new Client(base).login('bench-rep', issued.body.password as string);
    const check = await rep.get('/api/resolutions?limit=50');
    if (check.status !== 200 || check.body.total !== PER_VILLAGE)
      throw new Error(JSON.stringify(check.body).slice(0, 300));
    const anon = new Client(base);
    const villageDash = await time(REQUESTS, () => rep.get('/api/resolutions?limit=50'));
    const countyDash = await time(REQUESTS, () => admin.get('/api/resolutions?limit=50'));
    const board = await time(REQUESTS, (i) => anon.get(`/api/board/${villages[i % villages.length]}`));
    const baseline = await time(REQUESTS, (i) =>
      app.services.resolutionQueries.plainSelect([villages[i % villages.length]!], 50),
    );
    return { seedMs, villageDash, countyDash, board, baseline };
  } finally {
    await app.close();
    await db.close();
    await pgDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ours: Record<string, number> = {};
const baseline: Record<string, number> = {};
const ratio: Record<string, number> = {};
const units: Record<string, string> = {};
for (const dialect of ['sqlite', 'postgres'] as const) {
  const r = await run(dialect);
  const row = (name: string, xs: number[]) => {
    ours[`${dialect}_${name}_p50_ms`] = round(median(xs));
    ours[`${dialect}_${name}_p99_ms`] = round(percentile(xs, 99));
    units[`${dialect}_${name}_p50_ms`] = 'ms';
    units[`${dialect}_${name}_p99_ms`] = 'ms';
    ratio[`${dialect}_${name}_p50`] = round(median(xs) / median(r.baseline));
  };
  row('dashboard_village', r.villageDash);
  row('dashboard_county', r.countyDash);
  row('board', r.board);
  baseline[`${dialect}_plain_select_p50_ms`] = round(median(r.baseline), 3);
  baseline[`${dialect}_plain_select_p99_ms`] = round(percentile(r.baseline, 99), 3);
  units[`${dialect}_plain_select_p50_ms`] = 'ms';
  units[`${dialect}_plain_select_p99_ms`] = 'ms';
  console.log(
    `${dialect}: seeded ${VILLAGES * PER_VILLAGE} resolutions in ${(r.seedMs / 1000).toFixed(1)} s; ` +
      `village dashboard p50 ${median(r.villageDash).toFixed(1)} / p99 ${percentile(r.villageDash, 99).toFixed(1)} ms; ` +
      `county dashboard p50 ${median(r.countyDash).toFixed(1)} / p99 ${percentile(r.countyDash, 99).toFixed(1)} ms; ` +
      `board p50 ${median(r.board).toFixed(1)} / p99 ${percentile(r.board, 99).toFixed(1)} ms; ` +
      `plain SELECT p50 ${median(r.baseline).toFixed(2)} / p99 ${percentile(r.baseline, 99).toFixed(2)} ms`,
  );
}
printBench({
  name: 'follow',
  ours,
  baseline,
  ratio,
  units,
  notes: `${VILLAGES} villages × ${PER_VILLAGE} resolutions, ${REQUESTS} sequential requests per query over HTTP; baseline is the same village's rows by one indexed SELECT in-process`,
});
