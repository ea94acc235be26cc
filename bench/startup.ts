import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printBench, round } from './lib.js';

/**
 * `npm run bench:startup` (issue 16): what an operator waits for and what the hall laptop keeps
 * in memory. Builds client and server once (timed), then for each round a fresh SQLite database
 * with the demo: the compiled server's first start (seeds the demo county in a child process) and
 * its second start on the same data — time from spawn to `/readyz` answering 200, and resident
 * memory after 15 s idle. Baseline in the same run: the same server and data under tsx
 * (`node --import tsx server/main.ts`, what `npm start` ran before the compiled build).
 * Targets: idle RSS ≤ 150 MB first and second start, ≤ 2 s to ready, build ≤ 10 s.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 15_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

const rssMb = (pid: number) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
};

async function run(args: string[], dbFile: string): Promise<{ readyMs: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dbFile}`,
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    let readyMs = NaN;
    while (Number.isNaN(readyMs)) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) readyMs = performance.now() - started;
      else await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { readyMs, rss: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const buildStarted = performance.now();
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
const buildS = (performance.now() - buildStarted) / 1000;

// As `npm start` runs it (package.json).
const compiled = ['--enable-source-maps', '--max-semi-space-size=4', 'dist/server/main.js'];
const tsx = ['--import', 'tsx', 'server/main.ts'];
const rows: Record<'first' | 'second' | 'tsxSecond', { readyMs: number; rss: number }[]> = {
  first: [],
  second: [],
  tsxSecond: [],
};
for (let i = 0; i < ROUNDS; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-startup-'));
  const db = path.join(dir, 'yishi.sqlite');
  try {
    rows.first.push(await run(compiled, db));
    rows.second.push(await run(compiled, db));
    rows.tsxSecond.push(await run(tsx, db));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `round ${i + 1}: first ${rows.first[i]!.readyMs.toFixed(0)} ms / ${rows.first[i]!.rss.toFixed(0)} MB, ` +
      `second ${rows.second[i]!.readyMs.toFixed(0)} ms / ${rows.second[i]!.rss.toFixed(0)} MB, ` +
      `under tsx ${rows.tsxSecond[i]!.readyMs.toFixed(0)} ms / ${rows.tsxSecond[i]!.rss.toFixed(0)} MB`,
  );
}

const med = (k: keyof typeof rows, f: 'readyMs' | 'rss') => round(median(rows[k].map((r) => r[f])), 1);
const ours = {
  build_s: round(buildS, 2),
  first_ready_ms: med('first', 'readyMs'),
  first_idle_rss_mb: med('first', 'rss'),
  second_ready_ms: med('second', 'readyMs'),
  second_idle_rss_mb: med('second', 'rss'),
};
const baseline = { second_ready_ms: med('tsxSecond', 'readyMs'), second_idle_rss_mb: med('tsxSecond', 'rss') };
console.log(`\nbuild ${ours.build_s} s (target ≤ 10)`);
console.log(
  `first start: ready ${ours.first_ready_ms} ms (seeds the demo), idle RSS ${ours.first_idle_rss_mb} MB (target ≤ 150)`,
);
console.log(
  `second start: ready ${ours.second_ready_ms} ms (target ≤ 2000), idle RSS ${ours.second_idle_rss_mb} MB (target ≤ 150)`,
);
console.log(`baseline under tsx: ready ${baseline.second_ready_ms} ms, idle RSS ${baseline.second_idle_rss_mb} MB`);
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${ROUNDS} rounds, medians`,
);
printBench({
  name: 'startup',
  ours,
  baseline,
  ratio: {
    second_ready: round(ours.second_ready_ms / baseline.second_ready_ms, 2),
    second_idle_rss: round(ours.second_idle_rss_mb / baseline.second_idle_rss_mb, 2),
    first_vs_second_rss: round(ours.first_idle_rss_mb / ours.second_idle_rss_mb, 2),
  },
  units: {
    build_s: 's',
    first_ready_ms: 'ms',
    second_ready_ms: 'ms',
    first_idle_rss_mb: 'MB',
    second_idle_rss_mb: 'MB',
  },
});
