import fs from 'node:fs';
import path from 'node:path';
import { killAll, runChild } from './lib/run-child.js';
import { countsForRun, failedTestNames, tallyLine, type Counts } from './lib/uvu-summary.js';

const USAGE = `npm test [-- [--no-checks] [substring...]]
  Type-checks, lints and checks formatting, then runs every uvu file under test/unit, test/integration,
  test/cluster and test/browser in its own process; integration files run again on PostgreSQL ("[pg]")
  when TEST_DATABASE_URL is set. test/cluster always uses PostgreSQL and Redis (TEST_DATABASE_URL and
  TEST_REDIS_URL, defaulting to the local servers on their standard ports). Substrings keep only the checks and files whose name contains one.
  TEST_FILE_TIMEOUT_S (default 240) caps each file.`;

const args = process.argv.slice(2);
const unknown = args.filter((a) => a.startsWith('-') && a !== '--no-checks');
if (unknown.length) {
  console.error(`unknown option ${unknown.join(' ')}\n\n${USAGE}`);
  process.exit(2);
}
const noChecks = args.includes('--no-checks');
const filters = args.filter((a) => !a.startsWith('-'));
const wanted = (label: string) => !filters.length || filters.some((f) => label.includes(f));

const timeoutMs = Number(process.env.TEST_FILE_TIMEOUT_S ?? 240) * 1000;
const bin = (name: string) => path.join('node_modules', '.bin', name);
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const rows: { label: string; ms: number; counts: Counts }[] = [];
const problems: string[] = [];

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Children sit in their own process groups, so they do not get the terminal's Ctrl-C.
    killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

function record(label: string, counts: Counts, ms: number, problem = '', failedTests: string[] = []): void {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  rows.push({ label, ms, counts });
  if (problem || counts.failed) problems.push(`${label}: ${problem || `${counts.failed} failed`}`);
  problems.push(...failedTests.map((name) => `    ${name}`));
}

// Blank lines carry nothing once prefixed; uvu prints several.
const prefixed = (label: string) => (line: string) => {
  if (line.trim()) process.stdout.write(`[${label}] ${line}\n`);
};

/** A check (or the client build) is one pass or one failure; its output is shown only on failure. */
async function check(label: string, cmd: string, cmdArgs: string[]): Promise<void> {
  const run = await runChild(cmd, cmdArgs, { timeoutMs });
  const ok = run.code === 0;
  if (!ok) run.output.trimEnd().split('\n').forEach(prefixed(label));
  console.log(`[${label}] ${ok ? 'ok' : 'FAILED'} (${(run.ms / 1000).toFixed(1)} s)`);
  const problem = ok ? '' : run.killedFor || `exit ${run.code}`;
  record(label, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }, run.ms, problem);
}

let filesRun = 0;
async function testFile(file: string, label: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const run = await runChild(process.execPath, ['--import', 'tsx', file], {
    env,
    timeoutMs,
    graceAfterSummaryMs: 20_000,
    onLine: prefixed(label),
  });
  filesRun++;
  const { problem, ...counts } = countsForRun(run.stdout, run.code, run.killedFor);
  record(label, counts, run.ms, problem, failedTestNames(run.stdout));
}

function find(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

const started = Date.now();
const checks: [string, string, string[]][] = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
];
const checksWanted = noChecks ? [] : checks.filter(([label]) => wanted(label));
await pool(checksWanted, 2, (c) => check(...c));

// Unit files share no state, so two run at once (the machines have two cores). Files that start
// servers and Chromium run one at a time, so their timings stay honest.
await pool(find('test/unit').filter(wanted), 2, (f) => testFile(f, f));
const integration = find('test/integration');
const browser = find('test/browser').filter(wanted);
for (const f of integration.filter(wanted)) await testFile(f, f);
// Several instances over PostgreSQL + Redis: one pass, they choose their database themselves.
for (const f of find('test/cluster').filter(wanted)) await testFile(f, f);
// The server serves the built client; build it fresh so the browser tests see this tree.
if (browser.length) await check('build client', process.execPath, ['--import', 'tsx', 'scripts/build-client.ts']);
for (const f of browser) await testFile(f, f);
if (process.env.TEST_DATABASE_URL) {
  const env = { YISHI_TEST_DIALECT: 'postgres' };
  for (const f of integration.filter((f) => wanted(`${f} [pg]`))) await testFile(f, `${f} [pg]`, env);
}

// With no filter, finding no test file at all is a failure too, not a green run of the checks.
const ran = filters.length || filesRun ? total.passed + total.failed : 0;
if (problems.length) console.log(`\nFailed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
if (ran === 0) console.log(`\nNo test ran${filters.length ? ` for ${filters.join(' ')}` : ''}.`);
console.log('\nDurations:');
const width = Math.max(0, ...rows.map((r) => r.label.length));
for (const { label, ms, counts } of rows) {
  console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label.padEnd(width)}  ${tallyLine(counts)}`);
}
console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  wall time\n`);
// Written last and flushed before exiting: CI reads this line.
process.stdout.write(`${tallyLine(total)}\n`, () => process.exit(total.failed > 0 || ran === 0 ? 1 : 0));
