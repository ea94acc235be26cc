import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext } from 'puppeteer-core';
import { buildClient } from '../scripts/build-client.js';
import { buildServer } from '../scripts/build-server.js';
import { generateCounty, type CountyResult } from '../scripts/county/generate.js';
import { systemClock } from '../server/clock.js';
import { openDatabase } from '../server/db/index.js';
import { runCli } from '../server/cli/program.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { createPostgresDatabase } from '../test/helpers/pg.js';
import { median, printBench, round } from './lib.js';
import { contextFor, loadOnce, type PageSpec } from './pages-browser.js';
import { demoLogins, startCompiled, type CompiledServer } from './pages-server.js';

/**
 * npm run bench:pages [-- --scale 1 --runs 5 --dialects sqlite,postgres]
 *
 * Time to content of the pages people wait on, on a county's worth of data (npm run demo:county,
 * built here into a fresh database) against the same pages of the normal first-run demo, both
 * served by the compiled server (dist/server/main.js, as `npm start` runs it) in the same run,
 * on SQLite and on PostgreSQL: the review queue, follow-up dashboard and statistics of a
 * county-level account; the review queue, follow-up dashboard and live meeting's console of a
 * village-level account; a village's public board. Each page's content is an element it renders
 * only once its data has arrived. Loads alternate between the two servers, so a busy machine
 * slows both alike; the median of --runs loads after one warm-up each. Target: 1.5 s each.
 * --county-sqlite <file> / --county-pg <url> measure a county built before instead of building one.
 */
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: process.env.BENCH_SCALE ?? '1' },
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '5' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    // A county built before (npm run demo:county): measured as it is, its two accounts' passwords reset.
    'county-sqlite': { type: 'string' },
    'county-pg': { type: 'string' },
  },
});
const SCALE = Number(args.scale);
const RUNS = Number(args.runs);
const TARGET_MS = 1500;

interface Accounts {
  county: PageSpec['login'];
  reviewer: PageSpec['login'];
  convener: PageSpec['login'];
  consolePath: string;
  boardPath: string;
}

const PAGES = (a: Accounts): PageSpec[] => [
  {
    name: 'review (county)',
    path: '/review',
    selector: '>>> yishi-review-page >>> [data-test="topic-row"]',
    login: a.county,
  },
  {
    name: 'follow (county)',
    path: '/follow',
    selector: '>>> yishi-follow-page >>> [data-test="resolution-row"]',
    login: a.county,
  },
  {
    name: 'stats (county)',
    path: '/stats',
    selector: '>>> yishi-stats-page >>> [data-test="stats-rates"]',
    login: a.county,
  },
  {
    name: 'review (village)',
    path: '/review',
    selector: '>>> yishi-review-page >>> [data-test="topic-row"]',
    login: a.reviewer,
  },
  {
    name: 'follow (village)',
    path: '/follow',
    selector: '>>> yishi-follow-page >>> [data-test="resolution-row"]',
    login: a.convener,
  },
  {
    name: 'console (village)',
    path: a.consolePath,
    selector: '>>> yishi-console-page >>> yishi-console-agenda >>> [data-test="console-item"]',
    login: a.convener,
  },
  {
    name: 'board (village)',
    path: a.boardPath,
    selector: '>>> yishi-board-page >>> [data-test="board-resolution"]',
    login: null,
  },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-pages-'));
const dropped: (() => Promise<void>)[] = [];
async function freshDatabase(dialect: string, name: string): Promise<string> {
  if (dialect === 'sqlite') return `sqlite:${path.join(dir, `${name}.sqlite`)}`;
  const pg = await createPostgresDatabase();
  dropped.push(() => pg.drop());
  return pg.url;
}

async function buildCounty(url: string): Promise<CountyResult> {
  const db = await openDatabase(url);
  try {
    await db.migrate();
    const cpu = process.cpuUsage();
    const result = await generateCounty(db, systemClock, { scale: SCALE, fresh: true });
    const used = process.cpuUsage(cpu);
    console.log(
      `  county built in ${result.seconds.toFixed(1)} s (${((used.user + used.system) / 1e6).toFixed(1)} s CPU): ` +
        `${result.rows.topics} topics, ${result.rows.people} people, ${result.rows.meetings} meetings, ${result.rows.resolutions} resolutions`,
    );
    return result;
  } finally {
    await db.close();
  }
}

/** New passwords for the county's two accounts, through the operator's command (npm run yishi). */
async function resetPasswords(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const username of ['county-staff', 'village-staff']) {
    let text = '';
    const io = { out: (t: string) => void (text += t), err: (t: string) => void (text += t) };
    const code = await runCli(['admin:reset-password', username, '--json'], { ...process.env, DATABASE_URL: url }, io);
    if (code !== 0) throw new Error(`resetting ${username} failed: ${text}`);
    out[username] = (JSON.parse(text) as { password: string }).password;
  }
  return out;
}

/** The village account's village: its live meeting (the console) and its board. */
async function benchTargets(url: string) {
  const db = await openDatabase(url);
  try {
    const user = await db.models.User.findOne({ where: { username: 'village-staff' } });
    const m = user && (await db.models.Membership.findOne({ where: { userId: user.id } }));
    const village = m && (await db.models.Organisation.findByPk(m.organisationId));
    const meeting =
      user &&
      (await db.models.Meeting.findOne({ where: { convenerId: user.id, status: 'live' }, order: [['id', 'DESC']] }));
    if (!village || !meeting) throw new Error(`${url} holds no county with a village-staff account and live meeting`);
    return { consolePath: `/m/${meeting.id}/console`, boardPath: `/board/${village.boardCode}` };
  } finally {
    await db.close();
  }
}

async function measure(browser: Browser, dialect: string) {
  console.log(`\n${dialect}:`);
  const reuse = dialect === 'sqlite' ? args['county-sqlite'] : args['county-pg'];
  const countyUrl = reuse ? (dialect === 'sqlite' ? `sqlite:${reuse}` : reuse) : await freshDatabase(dialect, 'county');
  const county = reuse ? null : await buildCounty(countyUrl);
  const passwords = county
    ? Object.fromEntries(county.logins.map((l) => [l.username, l.password]))
    : await resetPasswords(countyUrl);
  const targets = await benchTargets(countyUrl);
  const baselineUrl = await freshDatabase(dialect, 'demo');
  const servers: CompiledServer[] = [];
  try {
    const small = await startCompiled(baselineUrl, { demo: true });
    servers.push(small);
    const big = await startCompiled(countyUrl, { demo: false });
    servers.push(big);
    const demo = demoLogins(small.output);
    const login = (username: string) => ({ username, password: passwords[username]! });
    const pages = {
      baseline: PAGES({
        county: { username: 'admin', password: demo.admin },
        reviewer: { username: 'demo-reviewer', password: demo.reviewer },
        convener: { username: 'demo-convener', password: demo.convener },
        consolePath: demo.consolePath,
        boardPath: demo.boardPath,
      }),
      ours: PAGES({
        county: login('county-staff'),
        reviewer: login('village-staff'),
        convener: login('village-staff'),
        ...targets,
      }),
    };
    const contexts = new Map<string, BrowserContext>();
    const context = async (server: CompiledServer, spec: PageSpec) => {
      const key = `${server.url} ${spec.login?.username ?? ''}`;
      if (!contexts.has(key)) contexts.set(key, await contextFor(browser, server.url, spec.login));
      return contexts.get(key)!;
    };
    const results: { name: string; ours: number; baseline: number; first: number; firstBaseline: number }[] = [];
    for (const [i, spec] of pages.ours.entries()) {
      const base = pages.baseline[i]!;
      const [smallCtx, bigCtx] = [await context(small, base), await context(big, spec)];
      // The first load of each: assets not cached yet, the server's caches cold. Reported, not counted.
      const firstBaseline = (await loadOnce(smallCtx, small.url, base)).ms;
      const first = (await loadOnce(bigCtx, big.url, spec)).ms;
      const ours: number[] = [];
      const baseline: number[] = [];
      const api: { path: string; ms: number }[] = [];
      for (let r = 0; r < RUNS; r++) {
        baseline.push((await loadOnce(smallCtx, small.url, base)).ms);
        const load = await loadOnce(bigCtx, big.url, spec);
        ours.push(load.ms);
        api.push(load.api);
      }
      const row = {
        name: spec.name,
        ours: round(median(ours), 0),
        baseline: round(median(baseline), 0),
        first: round(first, 0),
        firstBaseline: round(firstBaseline, 0),
      };
      results.push(row);
      const slowest = api.sort((a, b) => a.ms - b.ms)[Math.floor(api.length / 2)]!;
      console.log(
        `  ${spec.name.padEnd(18)} county ${String(row.ours).padStart(5)} ms   demo ${String(row.baseline).padStart(5)} ms` +
          `   (first load ${row.first} / ${row.firstBaseline} ms)` +
          `   slowest request ${slowest.path} ${Math.round(slowest.ms)} ms${row.ours > TARGET_MS ? '   OVER 1.5 s' : ''}`,
      );
    }
    for (const c of contexts.values()) await c.close();
    return { county, results };
  } finally {
    for (const s of servers) await s.stop();
  }
}

const started = performance.now();
console.log(
  `bench:pages — county at scale ${SCALE}, ${RUNS} loads per page after a warm-up; building the client and server…`,
);
await Promise.all([buildClient(), buildServer()]);
const browser = await launchBrowser();
const ours: Record<string, number> = {};
const baseline: Record<string, number> = {};
const ratio: Record<string, number> = {};
const units: Record<string, string> = {};
const notes: string[] = [];
try {
  for (const dialect of args.dialects.split(',')) {
    const { county, results } = await measure(browser, dialect);
    notes.push(
      county ? `${dialect}: scale ${SCALE}, built in ${county.seconds.toFixed(0)} s` : `${dialect}: one built before`,
    );
    for (const r of results) {
      const key = `${r.name} ${dialect}`;
      ours[key] = r.ours;
      baseline[key] = r.baseline;
      ratio[key] = round(r.ours / r.baseline, 2);
      units[key] = 'ms';
    }
  }
} finally {
  await browser.close();
  for (const drop of dropped) await drop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
}
const over = Object.entries(ours).filter(([, ms]) => ms > TARGET_MS);
console.log(
  `\n${over.length ? `over the 1.5 s target: ${over.map(([k, v]) => `${k} ${v} ms`).join(', ')}` : 'every page within 1.5 s'}` +
    ` (bench took ${Math.round((performance.now() - started) / 1000)} s)`,
);
printBench({
  name: 'pages',
  ours,
  baseline,
  ratio,
  units,
  notes: `time to content, median of ${RUNS}; ours: a county (${notes.join('; ')}), baseline: the first-run demo`,
});
