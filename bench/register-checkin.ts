import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { median, percentile, printBench, round } from './lib.js';

/**
 * Issue 13, the check-in half of `npm run bench:register`: 300 members of a body check in by
 * their personal pass within one minute of simulated arrival (random times, as people walk in)
 * against Yishi in its own process on SQLite. Measured per arrival: from the phone sending
 * {code, pass} until the projector (a socket on the screen link) shows a count that includes it.
 * Baseline in the same run: a bare Socket.IO server acknowledging an echo of the same payload,
 * on the same arrival schedule.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 300);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
const TARGET_P99_MS = 100;

function child(script: string, args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = new Promise<Record<string, any>>((resolve) =>
    createInterface({ input: proc.stdout! }).once('line', (l) => resolve(JSON.parse(l))),
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { first, stop: () => (proc.stdin!.end(), exited) };
}

const connect = (url: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

/** Arrival offsets within the window: uniformly random, sorted, the same for ours and the baseline. */
const schedule = Array.from({ length: MEMBERS }, () => Math.random() * WINDOW_MS).sort((a, b) => a - b);

async function arrive(run: (i: number) => Promise<number>): Promise<number[]> {
  const started = performance.now();
  return Promise.all(
    schedule.map(
      (at, i) =>
        new Promise<number>((resolve, reject) =>
          setTimeout(() => run(i).then(resolve, reject), Math.max(0, started + at - performance.now())),
        ),
    ),
  );
}

async function ours(): Promise<{ latencies: number[]; refused: number; finalCount: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-checkin-'));
  const server = child('bench/serve-register-checkin.ts', [`sqlite:${path.join(dir, 'db.sqlite')}`, String(MEMBERS)]);
  const info = await server.first;
  const projector = await connect(info.url);
  let code = '';
  let present = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const seen = (state: { attendance: { present: number }; checkin: { code: string } | null }) => {
    if (state.checkin) code = state.checkin.code;
    present = Math.max(present, state.attendance.present);
    for (const w of [...waiters])
      if (present >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  projector.on('meeting:state', seen);
  const joined = await projector.emitWithAck('meeting:join', {
    meetingId: info.meetingId,
    screenToken: info.screenToken,
  });
  if (!joined.ok) throw new Error(`projector: ${JSON.stringify(joined)}`);
  seen(joined.data);
  let sent = 0;
  let refused = 0;
  const latencies = await arrive(async (i) => {
    const start = performance.now();
    const counted = new Promise<void>((resolve) => {
      const count = ++sent;
      if (present >= count) resolve();
      else waiters.push({ count, resolve });
    });
    const res = await fetch(`${info.url}/api/meetings/${info.meetingId}/checkin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, pass: info.passes[i] }),
    });
    const body = (await res.json()) as { status?: string };
    if (body.status !== 'checked_in') refused++;
    await counted;
    return performance.now() - start;
  });
  const finalCount = present;
  projector.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return { latencies, refused, finalCount };
}

async function baseline(): Promise<number[]> {
  const server = child('bench/serve-votes.ts', ['echo']);
  const { url } = await server.first;
  const phones = await Promise.all(schedule.map(() => connect(url)));
  const latencies = await arrive(async (i) => {
    const start = performance.now();
    await phones[i]!.emitWithAck('echo', { code: 'ABCDEF', pass: 'x'.repeat(24) });
    return performance.now() - start;
  });
  for (const p of phones) p.close();
  await server.stop();
  return latencies;
}

export async function runCheckinBench() {
  const mine = await ours();
  const bare = await baseline();
  const summary = {
    ours: { p50: round(median(mine.latencies)), p99: round(percentile(mine.latencies, 99)), refused: mine.refused },
    baseline: { p50: round(median(bare)), p99: round(percentile(bare, 99)) },
  };
  console.log(`check-in by pass: ${MEMBERS} members arriving within ${WINDOW_MS / 1000} s (SQLite, own process)`);
  console.log(
    `  scan → projector count   p50 ${summary.ours.p50} ms   p99 ${summary.ours.p99} ms   (target p99 ≤ ${TARGET_P99_MS} ms)`,
  );
  console.log(`  refused ${mine.refused}, projector's final count ${mine.finalCount} / ${MEMBERS}`);
  console.log(`  bare Socket.IO echo       p50 ${summary.baseline.p50} ms   p99 ${summary.baseline.p99} ms`);
  return {
    name: 'register-checkin',
    ours: { ...summary.ours, finalCount: mine.finalCount },
    baseline: summary.baseline,
    ratio: { p50: round(summary.ours.p50 / summary.baseline.p50), p99: round(summary.ours.p99 / summary.baseline.p99) },
    units: { p50: 'ms', p99: 'ms', refused: 'check-ins', finalCount: 'members' },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printBench(await runCheckinBench());
  process.exit(0);
}
