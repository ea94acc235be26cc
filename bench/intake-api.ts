import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { round } from './lib.js';

/**
 * POST /api/intake/{code}/topics on SQLite under autocannon for 10 s, next to a bare Express
 * JSON endpoint (same payload, same body parser, no database) in the same run.
 * Every request carries its own Idempotency-Key, and afterwards every acknowledged topic is
 * looked up in the database.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 20;
const body = JSON.stringify({
  title: '村口路灯坏了好几天',
  details: '晚上看不见路，老人容易摔倒。'.repeat(4),
  category: '公共设施',
  location: '村口',
  name: '',
  phone: '',
  anonymous: false,
});

async function run(url: string, keyed: boolean) {
  let n = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    duration: DURATION,
    connections: CONNECTIONS,
    headers: { 'content-type': 'application/json' },
    body,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, ...(keyed ? { 'idempotency-key': `bench-${process.pid}-${n++}` } : {}) },
        }),
      },
    ],
  });
  return result;
}

/** Starts a server child and reads its JSON lines. */
function child(mode: 'ours' | 'bare') {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-intake.ts', mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) =>
    (waiters.shift() ?? ((l: string) => lines.push(l)))(line),
  );
  const next = () =>
    new Promise<Record<string, any>>((resolve) =>
      lines.length ? resolve(JSON.parse(lines.shift()!)) : waiters.push((l) => resolve(JSON.parse(l))),
    );
  return { next, stop: () => proc.stdin!.end() };
}

const server = child('ours');
const { url } = await server.next();
const ours = await run(url, true);
server.stop();
const { stored } = await server.next();

const bareServer = child('bare');
const bare = await bareServer.next();
const baseline = await run(bare.url, false);
bareServer.stop();

const acked = ours['2xx'];
const summary = {
  topicsPerSecond: round(acked / DURATION, 0),
  p50Ms: ours.latency.p50,
  p99Ms: ours.latency.p99,
  errors: ours.errors + ours.non2xx,
  acknowledged: acked,
  stored,
};
console.log(
  `ours: ${summary.topicsPerSecond} topics/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, errors ${summary.errors}, acknowledged ${acked}, stored ${stored}`,
);
console.log(
  `bare express: ${round(baseline['2xx'] / DURATION, 0)} req/s, p50 ${baseline.latency.p50} ms, p99 ${baseline.latency.p99} ms`,
);
if (stored < acked) console.log(`MISMATCH: ${acked} acknowledged but ${stored} stored`);
console.log(
  `BENCH ${JSON.stringify({
    name: 'intake-api',
    ours: summary,
    baseline: {
      requestsPerSecond: round(baseline['2xx'] / DURATION, 0),
      p50Ms: baseline.latency.p50,
      p99Ms: baseline.latency.p99,
    },
    ratio: {
      throughput: round(acked / Math.max(1, baseline['2xx']), 3),
      p99: round(ours.latency.p99 / Math.max(1, baseline.latency.p99), 2),
    },
    units: { topicsPerSecond: 'topics/s', p50Ms: 'ms', p99Ms: 'ms', requestsPerSecond: 'req/s' },
    targets: { topicsPerSecond: 1000, p99Ms: 50, errors: 0 },
  })}`,
);
