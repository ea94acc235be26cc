import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { QueryTypes } from 'sequelize';
import { createApp } from '../server/app.js';
import { systemClock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/index.js';
import { createLogger } from '../server/logger.js';
import { seedFirstRun } from '../server/services/seed.js';
import { seedDemoProceduresInFirstVillage } from '../server/services/demo-procedures.js';
import { Client } from '../test/helpers/http.js';
import { createPostgresDatabase } from '../test/helpers/pg.js';
import { median, percentile, printBench, round } from './lib.js';
import { PER_VILLAGE, seedProcedureLoad, VILLAGES } from './procedures-seed.js';

/**
 * 四议两公开 under load: 500 villages under 10 townships × 20 procedures (10,000 matters, 4 stage rows
 * each), on SQLite and PostgreSQL, each in a fresh process of its own (so the archive's first render
 * is really the first, and one database's data does not sit in the other's heap).
 *
 * Over HTTP as the county admin: the township view (GET /api/procedures, 50 rows) over the county and
 * over one township, with no filter, a flag, a kind, a village, and the second page; its summary
 * (GET /api/procedures/stats) for the county and the township. Baseline: one indexed SELECT of the
 * same rows in-process. Then the archive (PDF, DOCX) of a matter with four meetings: time and RSS
 * growth. Targets: p99 ≤ 200 ms; archive ≤ 2 s and ≤ 100 MB.
 *
 * BENCH_DIALECTS=sqlite,postgres (the default) chooses the databases; BENCH_DATABASE_URL the
 * PostgreSQL server (a fresh database is created on it and dropped after).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
const CHILD = process.argv[2] === '--child' ? (process.argv[3] as 'sqlite' | 'postgres') : null;

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

interface Measured {
  county: number[];
  township: number[];
  stats: number[];
  baseline: number[];
  archiveMs: number;
  warmMs: number;
  docxMs: number;
  rssMb: number;
  liveMb: number;
  size: number;
  viewCpuMs: number;
  statsCpuMs: number;
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-procedures-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase(PG_ADMIN) : null;
  const url = pgDb?.url ?? `sqlite:${path.join(dir, 'db.sqlite')}`;
  const db = await openDatabase(url);
  await db.migrate();
  const logins = (await seedFirstRun(db, systemClock, { demo: true }))!;
  const { countyId, townships, villages } = await seedProcedureLoad(db);
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), databaseUrl: url, loginRateLimit: 100_000 };
  const app = createApp({ db, clock: systemClock, logger: createLogger('silent'), config });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const admin = await new Client(base).login('admin', logins.admin.password);
    const check = await admin.get(`/api/procedures?organisationId=${countyId}&limit=50`);
    if (check.status !== 200 || check.body.total < VILLAGES * PER_VILLAGE)
      throw new Error(JSON.stringify(check.body).slice(0, 300));
    const county = ['', '&flag=short_notice', '&kind=land', '&flag=objection_unanswered'];
    const township = townships[3]!;
    const inTownship = villages.slice(150, 200);
    const local = (i: number) =>
      ['', '&flag=stage_skipped', `&village=${inTownship[i % 50]}`, '&state=completed', '&offset=50'][i % 5];
    const cpu0 = process.cpuUsage();
    const countyView = await time(REQUESTS, (i) =>
      admin.get(`/api/procedures?organisationId=${countyId}&limit=50${county[i % county.length]}`),
    );
    const townshipView = await time(REQUESTS, (i) =>
      admin.get(`/api/procedures?organisationId=${township}&limit=50${local(i)}`),
    );
    // CPU time of this process (server and client; PostgreSQL's own work is not in it) per request:
    // less swayed than wall time by the other engineers' load on this shared machine.
    const cpu1 = process.cpuUsage(cpu0);
    const viewCpuMs = (cpu1.user + cpu1.system) / 1000 / (2 * (REQUESTS + 10));
    const stats = await time(Math.ceil(REQUESTS / 4), (i) =>
      admin.get(`/api/procedures/stats?organisationId=${i % 2 ? township : countyId}`),
    );
    const cpu2 = process.cpuUsage(cpu0);
    const statsCpuMs = (cpu2.user + cpu2.system - cpu1.user - cpu1.system) / 1000 / (Math.ceil(REQUESTS / 4) + 10);
    const baseline = await time(REQUESTS, () =>
      db.sequelize.query('SELECT * FROM procedures WHERE organisation_id IN (:ids) ORDER BY updated_at DESC LIMIT 50', {
        replacements: { ids: villages },
        type: QueryTypes.SELECT,
      }),
    );
    // The archive of a matter carried through four real meetings (the demo's completed one).
    await seedDemoProceduresInFirstVillage(app.services);
    const land = (await db.models.Procedure.findOne({ where: { title: '村东集体土地流转给果蔬合作社' } }))!;
    const archive = async (format: 'pdf' | 'docx') => {
      const res = await fetch(`${base}/api/procedures/${land.id}/archive.${format}`, {
        headers: { cookie: admin.cookieHeader },
      });
      if (res.status !== 200) throw new Error(`archive.${format}: ${res.status}`);
      return (await res.arrayBuffer()).byteLength;
    };
    // Peak RSS over every archive rendered below, above the heap after a full GC (the child runs
    // with --expose-gc): sampled on a timer and after each file, since a render blocks the timer.
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const live = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const live0 = live();
    let peak = rss0;
    let peakLive = live0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
      peakLive = Math.max(peakLive, live());
    };
    const sampler = setInterval(sample, 2);
    const a0 = performance.now();
    const size = await archive('pdf');
    const archiveMs = performance.now() - a0;
    sample();
    // Warm: pdfkit, its font engine and the CJK font are loaded once per process (lazily).
    // Few: the archive routes allow 30 files a minute per client.
    const few = async (format: 'pdf' | 'docx') => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await archive(format);
        out.push(performance.now() - t0);
        sample();
      }
      return out;
    };
    const warm = await few('pdf');
    const docx = await few('docx');
    clearInterval(sampler);
    const rssMb = (peak - rss0) / 1e6;
    // RSS rarely grows here: seeding 10,000 matters already made the heap that large. The memory
    // the archives themselves take (JS heap and buffers such as the fonts) is this figure.
    const liveMb = (peakLive - live0) / 1e6;
    return {
      county: countyView,
      township: townshipView,
      stats,
      baseline,
      archiveMs,
      warmMs: median(warm),
      docxMs: median(docx),
      rssMb,
      liveMb,
      size,
      viewCpuMs,
      statsCpuMs,
    };
  } finally {
    await app.close();
    await db.close();
    await pgDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (CHILD) {
  // A child measures one database and hands its samples to the parent as one JSON line.
  const r = await run(CHILD);
  console.log(`RESULT ${JSON.stringify(r)}`);
  process.exit(0);
}

const ours: Record<string, number> = {};
const baseline: Record<string, number> = {};
const ratio: Record<string, number> = {};
const units: Record<string, string> = {};
const load0 = os.loadavg();
const self = fileURLToPath(import.meta.url);
for (const dialect of DIALECTS) {
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`BENCH_DIALECTS: unknown ${dialect}`);
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, '--child', dialect], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || !line) throw new Error(`${dialect} run failed (exit ${child.status})\n${child.stdout}`);
  const r = JSON.parse(line.slice('RESULT '.length)) as Measured;
  const view = [...r.county, ...r.township];
  for (const [name, xs] of [
    ['township_view', view],
    ['township_stats', r.stats],
  ] as const) {
    ours[`${dialect}_${name}_p50_ms`] = round(median(xs));
    ours[`${dialect}_${name}_p99_ms`] = round(percentile(xs, 99));
    units[`${dialect}_${name}_p50_ms`] = units[`${dialect}_${name}_p99_ms`] = 'ms';
    ratio[`${dialect}_${name}_p99`] = round(percentile(xs, 99) / percentile(r.baseline, 99));
  }
  for (const [key, value, unit] of [
    ['archive_pdf_ms', r.archiveMs, 'ms'],
    ['archive_pdf_warm_ms', r.warmMs, 'ms'],
    ['archive_docx_warm_ms', r.docxMs, 'ms'],
    ['archive_rss_growth_mb', r.rssMb, 'MB'],
    ['archive_heap_external_growth_mb', r.liveMb, 'MB'],
    ['township_view_cpu_ms_per_request', r.viewCpuMs, 'ms'],
    ['township_stats_cpu_ms_per_request', r.statsCpuMs, 'ms'],
  ] as const) {
    ours[`${dialect}_${key}`] = round(value);
    units[`${dialect}_${key}`] = unit;
  }
  baseline[`${dialect}_indexed_select_p50_ms`] = round(median(r.baseline), 3);
  baseline[`${dialect}_indexed_select_p99_ms`] = round(percentile(r.baseline, 99), 3);
  units[`${dialect}_indexed_select_p50_ms`] = units[`${dialect}_indexed_select_p99_ms`] = 'ms';
  const pair = (xs: number[]) => `p50 ${median(xs).toFixed(1)} / p99 ${percentile(xs, 99).toFixed(1)} ms`;
  console.log(
    `${dialect}: township view ${pair(view)} (county ${pair(r.county)}; one township ${pair(r.township)}); ` +
      `summary ${pair(r.stats)}; indexed SELECT p50 ${median(r.baseline).toFixed(2)} / p99 ${percentile(r.baseline, 99).toFixed(2)} ms; ` +
      `archive PDF ${r.archiveMs.toFixed(0)} ms first / ${r.warmMs.toFixed(0)} ms warm (${(r.size / 1024).toFixed(0)} KB), ` +
      `DOCX ${r.docxMs.toFixed(0)} ms warm, peak RSS +${r.rssMb.toFixed(1)} MB (heap + buffers +${r.liveMb.toFixed(1)} MB) over 6 PDFs and 5 DOCX; ` +
      `CPU per request: view ${r.viewCpuMs.toFixed(1)} ms, summary ${r.statsCpuMs.toFixed(1)} ms`,
  );
}
const load1 = os.loadavg();
const loads = `load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${load1.map((x) => x.toFixed(2)).join(' ')} at end (${os.cpus().length} cores)`;
console.log(loads);
printBench({
  name: 'procedures',
  ours,
  baseline,
  ratio,
  units,
  notes: `${VILLAGES} villages × ${PER_VILLAGE} procedures over HTTP as the county admin (${REQUESTS} sequential requests over the county and ${REQUESTS} over one township); baseline: one indexed SELECT of the same rows in-process; archive of a matter with four meetings; ${loads}`,
});
