import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { seedFirstRun } from '../server/services/seed.js';
import { seedDemoProceduresInFirstVillage } from '../server/services/demo-procedures.js';
import { FLAGS, STAGES, STEPS } from '../shared/rules/procedure.js';
import { Client } from '../test/helpers/http.js';
import { createPostgresDatabase } from '../test/helpers/pg.js';
import { median, percentile, printBench, round } from './lib.js';

/**
 * 四议两公开 under load: 500 villages × 20 procedures (10,000 matters, 4 stage rows each), on SQLite
 * and PostgreSQL. Over HTTP as the county admin: the township view (GET /api/procedures, 50 rows,
 * alternating no filter / a flag / a kind) and its summary (GET /api/procedures/stats). Baseline:
 * one indexed SELECT of the same rows in-process. Then the archive bundle (PDF) of a matter with
 * four meetings: time and RSS growth. Targets: p99 ≤ 200 ms; archive ≤ 2 s and ≤ 100 MB.
 */
const VILLAGES = 500;
const PER_VILLAGE = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function run(dialect: 'sqlite' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-procedures-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase(PG_ADMIN) : null;
  const url = pgDb?.url ?? `sqlite:${path.join(dir, 'db.sqlite')}`;
  const db = await openDatabase(url);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const county = (await db.models.Organisation.findOne({ where: { kind: 'county' } }))!;
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
  // One meeting per village stands in for the stages' meetings (the view never reads them).
  const meetings = await db.models.Meeting.bulkCreate(
    villages.map((organisationId) => ({
      organisationId,
      kind: 'consultation' as const,
      title: '压测会议',
      venue: '村委会',
      startsAt: new Date(),
      endsAt: new Date(),
      body: 'two_committees' as const,
      membersFrom: 'roster' as const,
      status: 'closed' as const,
      convenerId: null,
      secretaryIds: [],
      currentItemId: null,
      screenMode: 'agenda' as const,
      screenMessage: null,
      timerEndsAt: null,
      screenTokenHash: null,
      checkinSecret: 'x',
      publishedAt: new Date(),
    })),
  );
  const now = Date.now();
  const procs = villages.flatMap((organisationId, v) =>
    Array.from({ length: PER_VILLAGE }, (_, i) => ({
      organisationId,
      kind: 'land' as const,
      title: `压测事项${v}-${i}`,
      topicId: null,
      state: (i % 5 === 0 ? 'completed' : 'open') as 'completed' | 'open',
      step: STEPS[i % 8]!,
      openedBy: null,
      resolutionId: null,
      resultRatedAt: null,
      flags: i % 7 === 0 ? `,${FLAGS[i % FLAGS.length]},` : ',',
      objectionDueAt: i % 11 === 0 ? new Date(now - DAY) : null,
      resultDueAt: null,
      endReason: null,
      closedAt: null,
      createdAt: new Date(now - (i + 10) * DAY),
      updatedAt: new Date(now - i * 3_600_000),
    })),
  );
  for (let i = 0; i < procs.length; i += 1000) {
    const rows = await db.models.Procedure.bulkCreate(procs.slice(i, i + 1000));
    await db.models.ProcedureStage.bulkCreate(
      rows.flatMap((p, k) =>
        STAGES.map((stage, s) => ({
          procedureId: p.id,
          stage,
          attempt: 1,
          state: 'passed' as const,
          body: 'two_committees' as const,
          meetingId: meetings[Math.floor((i + k) / PER_VILLAGE)]!.id,
          agendaItemId: null,
          version: 1,
          motionId: null,
          decidedAt: new Date(now - (4 - s) * DAY),
          statement: null,
          quorumMet: true,
          quorumRequired: 3,
          entitled: 5,
          present: 5,
          days: 1 + s,
          reason: null,
          returnedTo: null,
        })),
      ),
    );
  }
  if (dialect === 'postgres') await db.sequelize.query('ANALYZE');
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl: url, loginRateLimit: 100_000 };
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const admin = await new Client(base).login('admin', logins.admin.password);
    const queries = ['', '&flag=short_notice', '&kind=land', '&flag=objection_unanswered'];
    const check = await admin.get(`/api/procedures?organisationId=${county.id}&limit=50`);
    if (check.status !== 200 || check.body.total < VILLAGES * PER_VILLAGE)
      throw new Error(JSON.stringify(check.body).slice(0, 300));
    const view = await time(REQUESTS, (i) =>
      admin.get(`/api/procedures?organisationId=${county.id}&limit=50${queries[i % queries.length]}`),
    );
    const stats = await time(Math.ceil(REQUESTS / 4), () =>
      admin.get(`/api/procedures/stats?organisationId=${county.id}`),
    );
    const ids = villages;
    const baseline = await time(REQUESTS, () =>
      db.sequelize.query('SELECT * FROM procedures WHERE organisation_id IN (:ids) ORDER BY updated_at DESC LIMIT 50', {
        replacements: { ids },
        type: QueryTypes.SELECT,
      }),
    );
    // The archive of a matter carried through four real meetings (the demo's completed one).
    await seedDemoProceduresInFirstVillage(app.services);
    const land = (await db.models.Procedure.findOne({ where: { title: '村东集体土地流转给果蔬合作社' } }))!;
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const a0 = performance.now();
    const pdf = await fetch(`${base}/api/procedures/${land.id}/archive.pdf`, {
      headers: { cookie: admin.cookieHeader },
    });
    const size = (await pdf.arrayBuffer()).byteLength;
    const archiveMs = performance.now() - a0;
    const rssMb = (process.memoryUsage().rss - rss0) / 1e6;
    // Warm: pdfkit, its font engine and the CJK font are loaded once per process (lazily).
    const w0 = performance.now();
    await (
      await fetch(`${base}/api/procedures/${land.id}/archive.pdf`, { headers: { cookie: admin.cookieHeader } })
    ).arrayBuffer();
    const warmMs = performance.now() - w0;
    return { view, stats, baseline, archiveMs, warmMs, rssMb, size };
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
  for (const [name, xs] of [
    ['township_view', r.view],
    ['township_stats', r.stats],
  ] as const) {
    ours[`${dialect}_${name}_p50_ms`] = round(median(xs));
    ours[`${dialect}_${name}_p99_ms`] = round(percentile(xs, 99));
    units[`${dialect}_${name}_p50_ms`] = units[`${dialect}_${name}_p99_ms`] = 'ms';
    ratio[`${dialect}_${name}_p99`] = round(percentile(xs, 99) / percentile(r.baseline, 99));
  }
  ours[`${dialect}_archive_pdf_ms`] = round(r.archiveMs);
  ours[`${dialect}_archive_pdf_warm_ms`] = round(r.warmMs);
  units[`${dialect}_archive_pdf_warm_ms`] = 'ms';
  ours[`${dialect}_archive_rss_growth_mb`] = round(r.rssMb);
  units[`${dialect}_archive_pdf_ms`] = 'ms';
  units[`${dialect}_archive_rss_growth_mb`] = 'MB';
  baseline[`${dialect}_indexed_select_p50_ms`] = round(median(r.baseline), 3);
  baseline[`${dialect}_indexed_select_p99_ms`] = round(percentile(r.baseline, 99), 3);
  units[`${dialect}_indexed_select_p50_ms`] = units[`${dialect}_indexed_select_p99_ms`] = 'ms';
  console.log(
    `${dialect}: township view p50 ${median(r.view).toFixed(1)} / p99 ${percentile(r.view, 99).toFixed(1)} ms; ` +
      `summary p50 ${median(r.stats).toFixed(1)} / p99 ${percentile(r.stats, 99).toFixed(1)} ms; ` +
      `indexed SELECT p50 ${median(r.baseline).toFixed(2)} / p99 ${percentile(r.baseline, 99).toFixed(2)} ms; ` +
      `archive PDF ${r.archiveMs.toFixed(0)} ms cold / ${r.warmMs.toFixed(0)} ms warm (${(r.size / 1024).toFixed(0)} KB), RSS +${r.rssMb.toFixed(1)} MB`,
  );
}
printBench({
  name: 'procedures',
  ours,
  baseline,
  ratio,
  units,
  notes: `${VILLAGES} villages × ${PER_VILLAGE} procedures over HTTP as the county admin (${REQUESTS} sequential requests); baseline: one indexed SELECT of the same rows in-process; archive of a matter with four meetings`,
});
