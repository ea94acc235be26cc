import { QueryTypes } from 'sequelize';
import { insertResolutions } from '../test/helpers/resolutions-table.js';
import { createPostgresDatabase } from '../test/helpers/pg.js';
import { completionRate, defaultPeriod, ratingBuckets, responseRate } from '../shared/rules/stats.js';
import { median, percentile, printBench, round, startBenchServer } from './lib.js';

/**
 * npm run bench:stats — 100,000 topics and 20,000 resolutions across 500 villages; the county
 * dashboard's first load (org cache dropped before every request) p50/p99 over HTTP, on SQLite
 * and PostgreSQL; a 100,000-row CSV export's time and peak RSS growth. Baseline, same run: the
 * on-the-fly approach (read every row in scope, apply the rules in JS).
 */
const TOPICS = Number(process.env.BENCH_TOPICS ?? 100_000);
const RESOLUTIONS = TOPICS / 5;
const VILLAGES = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CATEGORIES = ['道路交通', '环境卫生', '养老助老', '产业发展', '矛盾纠纷', '公共设施', '其他'];

async function run(dialect: 'sqlite' | 'postgres') {
  const pg = dialect === 'postgres' ? await createPostgresDatabase() : null;
  if (pg) process.env.BENCH_DATABASE_URL = pg.url;
  else delete process.env.BENCH_DATABASE_URL;
  const srv = await startBenchServer({ loginRateLimit: 10_000 });
  const { Organisation } = srv.db.models;
  const county = (await Organisation.findOne({ where: { kind: 'county' } }))!;
  const villages: number[] = [];
  for (let tw = 0; tw < 25; tw++) {
    const township = await Organisation.create({
      name: `测试镇${tw}`,
      kind: 'township',
      parentId: county.id,
      settings: {},
    });
    const rows = await Organisation.bulkCreate(
      Array.from({ length: VILLAGES / 25 }, (_, i) => ({
        name: `测试村${tw}-${i}`,
        kind: 'village' as const,
        parentId: township.id,
        settings: {},
      })),
    );
    villages.push(...rows.map((r) => r.id));
  }
  await srv.app.services.tree.reload();
  const now = Date.now();
  const qi = srv.db.sequelize.getQueryInterface();
  for (let i = 0; i < TOPICS; i += 2000) {
    await qi.bulkInsert(
      'topics',
      Array.from({ length: Math.min(2000, TOPICS - i) }, (_, j) => {
        const n = i + j;
        const created = new Date(now - (n % 360) * 86_400_000 - (n % 1440) * 60_000);
        return {
          receipt: `B${n.toString(36).toUpperCase().padStart(10, '0')}`,
          organisation_id: villages[n % VILLAGES],
          title: `议题${n}`,
          details: '基准测试',
          category: CATEGORIES[n % 7],
          location: '村口',
          grid_id: null,
          anonymous: false,
          status: 'accepted',
          cosign_count: n % 13,
          assembly_demand: false,
          submitter_phone: '13800138000',
          first_action_at: n % 5 ? new Date(created.getTime() + (n % 48) * 3_600_000) : null,
          created_at: created,
          updated_at: created,
        };
      }),
    );
  }
  const states = ['closed', 'in_progress', 'dispatched', 'reported', 'closed'] as const;
  const ratings = ['satisfied', 'basically_satisfied', 'dissatisfied', null] as const;
  await insertResolutions(
    srv.db,
    Array.from({ length: RESOLUTIONS }, (_, n) => {
      const created = new Date(now - (n % 360) * 86_400_000);
      const state = states[n % 5]!;
      return {
        organisationId: villages[n % VILLAGES]!,
        state,
        category: CATEGORIES[n % 7],
        deadline: new Date(created.getTime() + 30 * 86_400_000),
        dispatchedAt: created,
        closedAt: state === 'closed' ? new Date(created.getTime() + (n % 40) * 86_400_000) : null,
        rating: state === 'closed' ? ratings[n % 4]! : null,
        ratedAt: state === 'closed' && ratings[n % 4] ? new Date(created.getTime() + 41 * 86_400_000) : null,
        createdAt: created,
      };
    }),
  );
  if (dialect === 'postgres') await srv.db.sequelize.query('ANALYZE');

  const login = await fetch(`${srv.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: srv.logins.admin.password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (process.env.BENCH_PROFILE) {
    // BENCH_PROFILE=1: one first load with every statement's own time, to see which query costs what.
    const opts = (srv.db.sequelize as unknown as { options: { benchmark?: boolean; logging?: unknown } }).options;
    for (let i = 0; i < 3; i++) {
      const seen: [number, string][] = [];
      [opts.benchmark, opts.logging] = [true, (sql: string, ms: number) => seen.push([ms, sql])];
      srv.app.services.stats.forget();
      const t = performance.now();
      await fetch(`${srv.url}/api/stats`, { headers: { cookie } });
      console.log(dialect, 'total', round(performance.now() - t));
      for (const [ms, sql] of seen) console.log(String(ms).padStart(6), sql.replace(/\s+/g, ' ').slice(0, 140));
      [opts.benchmark, opts.logging] = [false, false];
    }
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    srv.app.services.stats.forget();
    const t = performance.now();
    const res = await fetch(`${srv.url}/api/stats`, { headers: { cookie } });
    const body = (await res.json()) as { totals: { topics: number } };
    if (res.status !== 200 || body.totals.topics < TOPICS * 0.9) throw new Error(`bad dashboard ${res.status}`);
    if (i >= 3) times.push(performance.now() - t);
  }
  // Baseline: every row in scope read and judged in JS (what the earlier attempt did).
  const base: number[] = [];
  const period = defaultPeriod(new Date());
  for (let i = 0; i < Math.min(5, RUNS); i++) {
    const t = performance.now();
    const topics = await srv.db.sequelize.query<Record<string, unknown>>(
      'SELECT organisation_id, created_at, first_action_at FROM topics',
      { type: QueryTypes.SELECT },
    );
    const d = (v: unknown) => (v == null ? null : new Date(String(v).replace(' +00:00', 'Z').replace(' ', 'T')));
    responseRate(
      topics.map((r) => ({ receivedAt: d(r.created_at)!, firstActionAt: d(r.first_action_at), limitHours: 24 })),
    );
    const res = await srv.db.sequelize.query<Record<string, unknown>>('SELECT * FROM resolutions', {
      type: QueryTypes.SELECT,
    });
    const facts = res.map((r) => ({
      state: r.state as 'closed',
      deadline: d(r.deadline),
      closedAt: d(r.closed_at),
      rating: r.rating as null,
      ratedAt: d(r.rated_at),
    }));
    completionRate(facts, period);
    ratingBuckets(facts, period);
    base.push(performance.now() - t);
  }

  // Export: 100,000 rows of CSV, RSS sampled while it streams.
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const exp = await fetch(`${srv.url}/api/stats/exports/topics/csv`, { headers: { cookie } });
  let lines = 0;
  const reader = exp.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const b of value) if (b === 10) lines++;
  }
  const exportMs = performance.now() - t;
  clearInterval(sampler);
  await srv.close();
  await pg?.drop();
  return {
    p50: round(median(times)),
    p99: round(percentile(times, 99)),
    baseP50: round(median(base)),
    exportMs: round(exportMs),
    exportRows: lines - 1,
    rssGrowthMb: round((peak - rss0) / 1e6),
  };
}

const sqlite = await run('sqlite');
console.log('sqlite', sqlite);
const postgres = await run('postgres');
console.log('postgres', postgres);
printBench({
  name: 'stats',
  ours: {
    sqlite_p50_ms: sqlite.p50,
    sqlite_p99_ms: sqlite.p99,
    pg_p50_ms: postgres.p50,
    pg_p99_ms: postgres.p99,
    sqlite_export_ms: sqlite.exportMs,
    sqlite_export_rss_mb: sqlite.rssGrowthMb,
    pg_export_ms: postgres.exportMs,
    pg_export_rss_mb: postgres.rssGrowthMb,
  },
  baseline: { sqlite_p50_ms: sqlite.baseP50, pg_p50_ms: postgres.baseP50 },
  ratio: { sqlite_p50: round(sqlite.baseP50 / sqlite.p50), pg_p50: round(postgres.baseP50 / postgres.p50) },
  units: { time: 'ms', rss: 'MB' },
  notes: `${TOPICS} topics, ${RESOLUTIONS} resolutions, ${VILLAGES} villages, ${RUNS} first loads; export rows ${sqlite.exportRows}/${postgres.exportRows}`,
});
process.exit(0);
