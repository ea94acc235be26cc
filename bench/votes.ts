import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { openDatabase } from '../server/db/index.js';
import { median, percentile, printBench, round } from './lib.js';

/**
 * 1,000 checked-in voters cast a secret ballot within one second against Yishi in its own
 * process on SQLite: ballots lost and doubled, latency of the two acknowledgements ("received":
 * the ack of vote:cast; "recorded": the ack when it says so, else the later vote:recorded, the
 * choice being in a committed mix of five or more), the time from the last "received" until the
 * projector shows all of them, then sustained recorded ballots per second with the same voters
 * flooding further motions. The few ballots still held when a storm ends (fewer than a mix) are
 * recorded when the motion closes, which the bench does once every ballot is received: their
 * "recorded" latency includes that wait, and they are counted apart. Baseline in the same run: a
 * bare Socket.IO server acknowledging an echo of the same payload, paced and flooded the same way.
 */
const N = Number(process.env.BENCH_VOTERS ?? 1000);
const FLOOD_MOTIONS = Number(process.env.BENCH_FLOOD_MOTIONS ?? 5);
const WINDOW_MS = 1000;

function child(args: string[]) {
  // The young generation capped as `npm start` caps it (BENCH_NODE_FLAGS='' for V8's default).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=4').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', 'bench/serve-votes.ts', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => (waiters.shift() ?? ((x: string) => queue.push(x)))(l));
  const next = () =>
    new Promise<Record<string, any>>((resolve) =>
      queue.length ? resolve(JSON.parse(queue.shift()!)) : waiters.push((l) => resolve(JSON.parse(l))),
    );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { next, send: (line: string) => proc.stdin!.write(`${line}\n`), stop: () => (proc.stdin!.end(), exited) };
}

const connect = (url: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

async function connectAll(url: string, n: number): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 50)
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => connect(url)))));
  return out;
}

/**
 * Follows "recorded" on a socket: resolves when the receipt was heard recorded, by the ack itself
 * or by a later vote:recorded (which may in principle overtake the ack of another ballot).
 */
function recordings(s: Socket) {
  const heard = new Set<string>();
  const waiting = new Map<string, () => void>();
  s.on('vote:recorded', ({ receipt }: { receipt: string }) => {
    heard.add(receipt);
    waiting.get(receipt)?.();
  });
  return (receipt: string) =>
    new Promise<void>((resolve) => (heard.has(receipt) ? resolve() : waiting.set(receipt, resolve)));
}

/** Sends one request per socket, spread evenly over the window; resolves each ack's latency and time. */
async function paced(
  sockets: Socket[],
  send: (s: Socket, i: number, ack: (r: any) => void) => void,
): Promise<{ latencies: number[]; lastAckAt: number; results: any[] }> {
  const latencies: number[] = [];
  const results: any[] = new Array(sockets.length);
  let lastAckAt = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(
      (s, i) =>
        new Promise<void>((resolve) => {
          const due = started + (i * WINDOW_MS) / sockets.length;
          setTimeout(() => {
            const sent = performance.now();
            send(s, i, (r) => {
              const now = performance.now();
              latencies.push(now - sent);
              lastAckAt = Math.max(lastAckAt, now);
              results[i] = r;
              resolve();
            });
          }, due - performance.now());
        }),
    ),
  );
  return { latencies, lastAckAt, results };
}

/**
 * Every socket sends `perSocket` requests at once; returns requests completed per second. For
 * ballots, `settle` waits after each ack until the ballot is recorded, and `finish` runs once every
 * ack is in (closing the motions records what is still held), inside the timed span.
 */
async function flood(
  sockets: Socket[],
  perSocket: number,
  send: (s: Socket, i: number, k: number, ack: (r: any) => void) => void,
  settle: (i: number, r: any) => Promise<void> = async () => undefined,
  finish: () => Promise<void> = async () => undefined,
): Promise<{ perSecond: number; ok: number }> {
  let ok = 0;
  const settled: Promise<void>[] = [];
  const started = performance.now();
  await Promise.all(
    sockets.flatMap((s, i) =>
      Array.from(
        { length: perSocket },
        (_, k) =>
          new Promise<void>((resolve) =>
            send(s, i, k, (r) => {
              if (r?.ok) {
                ok++;
                settled.push(settle(i, r));
              }
              resolve();
            }),
          ),
      ),
    ),
  );
  await finish();
  await Promise.all(settled);
  return { perSecond: (sockets.length * perSocket) / ((performance.now() - started) / 1000), ok };
}

// --- ours: Yishi on a fresh SQLite file
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-votes-'));
const databaseUrl = `sqlite:${path.join(dir, 'db.sqlite')}`;
const ours = child(['fresh', databaseUrl, String(N), 'secret', String(1 + FLOOD_MOTIONS)]);
const setup = await ours.next();
const tokens = setup.tokens as string[];
const [storm, ...floodMotions] = setup.motionIds as number[];
const voters = await connectAll(setup.url, N);
const projector = await connect(setup.url);
await projector.emitWithAck('motion:list', { meetingId: setup.meetingId, screenToken: setup.screenToken });
let projectorAllAt = 0;
const projectorSawAll = new Promise<void>((resolve) =>
  projector.on('vote:tallied', (t: { motionId: number; cast: number }) => {
    if (t.motionId === storm && t.cast === N && !projectorAllAt) {
      projectorAllAt = performance.now();
      resolve();
    }
  }),
);
const ballot = (motionId: number, i: number) => ({
  motionId,
  choices: [i % 3],
  clientBallotId: `bench-${motionId}-${i}`,
  inviteToken: tokens[i],
});
const recorded = voters.map(recordings);
const recordedMs: number[] = [];
let recordedAtClose = 0;
let closing = false;
const allRecorded: Promise<void>[] = [];
const run = await paced(voters, (s, i, ack) => {
  const sent = performance.now();
  s.emit('vote:cast', ballot(storm!, i), (r: any) => {
    ack(r);
    if (!r?.ok) return;
    const done = r.data.recorded ? Promise.resolve() : recorded[i]!(r.data.receipt);
    allRecorded.push(
      done.then(() => {
        recordedMs.push(performance.now() - sent);
        if (closing) recordedAtClose++;
      }),
    );
  });
});
await projectorSawAll;
// Give the last mixes their moment, then close: what is still held is recorded all at once.
await new Promise((r) => setTimeout(r, 200));
closing = true;
ours.send(`close ${storm}`);
const closeMs = (await ours.next()).ms as number;
await Promise.all(allRecorded);
const refused = run.results.filter((r) => !r?.ok);
if (refused.length) console.error(`refused: ${JSON.stringify(refused[0])} (${refused.length})`);
const floodRun = await flood(
  voters,
  FLOOD_MOTIONS,
  (s, i, k, ack) => s.emit('vote:cast', ballot(floodMotions[k]!, i), ack),
  (i, r) => (r.data.recorded ? Promise.resolve() : recorded[i]!(r.data.receipt)),
  async () => {
    for (const id of floodMotions) {
      ours.send(`close ${id}`);
      await ours.next();
    }
  },
);
ours.send('rss');
const oursRss = (await ours.next()).rssMb as number;
for (const s of [...voters, projector]) s.close();
await ours.stop();

// What the database holds, read after the server stopped.
const db = await openDatabase(databaseUrl);
const stored = await db.models.Vote.findAll({
  where: { motionId: storm },
  attributes: ['receipt', 'inviteeId', 'recorded'],
});
const receipts = new Set(stored.map((v) => v.receipt));
const acknowledged = run.results.filter((r) => r?.ok).map((r) => r.data.receipt as string);
const tally = await db.models.MotionTally.findByPk(storm);
// Lost: a receipt given and no voter row, a voter row never recorded, or counters short of the rows.
const lost =
  acknowledged.filter((r) => !receipts.has(r)).length +
  stored.filter((v) => !v.recorded).length +
  Math.abs(stored.length - (tally?.ballots ?? 0));
const doubled = stored.length - new Set(stored.map((v) => v.inviteeId)).size;
const floodStored = await db.models.Vote.count({ where: { motionId: floodMotions, recorded: true } });
await db.close();
fs.rmSync(dir, { recursive: true, force: true });

// --- baseline: bare Socket.IO echo of the same payload, same clients, same pacing
const bare = child(['echo']);
const { url } = await bare.next();
const echoes = await connectAll(url, N);
const echoRun = await paced(echoes, (s, i, ack) => s.emit('echo', ballot(storm!, i), ack));
const echoFlood = await flood(echoes, FLOOD_MOTIONS, (s, i, k, ack) =>
  s.emit('echo', ballot(floodMotions[k]!, i), ack),
);
bare.send('rss');
const bareRss = (await bare.next()).rssMb as number;
for (const s of echoes) s.close();
await bare.stop();

const o = {
  lost,
  doubled,
  refused: refused.length,
  p50AckMs: round(median(run.latencies), 1),
  p99AckMs: round(percentile(run.latencies, 99), 1),
  p50RecordedMs: round(median(recordedMs), 1),
  p99RecordedMs: round(percentile(recordedMs, 99), 1),
  recordedAtClose,
  closeMs: round(closeMs, 1),
  projectorAfterLastAckMs: round(Math.max(0, projectorAllAt - run.lastAckAt), 1),
  ballotsPerSec: Math.round(floodRun.perSecond),
  serverRssMb: oursRss,
};
const b = {
  p50AckMs: round(median(echoRun.latencies), 1),
  p99AckMs: round(percentile(echoRun.latencies, 99), 1),
  echoesPerSec: Math.round(echoFlood.perSecond),
  serverRssMb: bareRss,
};
console.log(`${N} voters within ${WINDOW_MS} ms, then ${N} × ${FLOOD_MOTIONS} ballots flooded (SQLite, own process)`);
console.log(
  `ours: lost ${o.lost}, doubled ${o.doubled}, refused ${o.refused}; "received" p50 ${o.p50AckMs} ms, p99 ${o.p99AckMs} ms; ` +
    `"recorded" p50 ${o.p50RecordedMs} ms, p99 ${o.p99RecordedMs} ms (${o.recordedAtClose} held until the close, ${o.closeMs} ms); ` +
    `projector showed ${N} ${o.projectorAfterLastAckMs} ms after the last ack; ` +
    `${o.ballotsPerSec} recorded ballots/s (${floodStored}/${N * FLOOD_MOTIONS} recorded); counters ${tally?.ballots}; RSS ${o.serverRssMb} MB`,
);
console.log(
  `bare socket.io echo: ack p50 ${b.p50AckMs} ms, p99 ${b.p99AckMs} ms; ${b.echoesPerSec} echoes/s; RSS ${b.serverRssMb} MB`,
);
printBench({
  name: 'votes',
  ours: o,
  baseline: b,
  ratio: {
    p50: round(o.p50AckMs / b.p50AckMs, 2),
    p99: round(o.p99AckMs / b.p99AckMs, 2),
    p99Recorded: round(o.p99RecordedMs / b.p99AckMs, 2),
    throughput: round(o.ballotsPerSec / b.echoesPerSec, 2),
  },
  units: {
    lost: 'ballots',
    doubled: 'ballots',
    refused: 'ballots',
    p50AckMs: 'ms',
    p99AckMs: 'ms',
    p50RecordedMs: 'ms',
    p99RecordedMs: 'ms',
    recordedAtClose: 'ballots',
    closeMs: 'ms',
    projectorAfterLastAckMs: 'ms',
    ballotsPerSec: 'ballots/s',
    echoesPerSec: 'messages/s',
    serverRssMb: 'MB',
  },
  notes:
    'targets: lost 0, doubled 0, "recorded" p99 ≤ 150 ms, projector ≤ 300 ms, ≥ 3,000 recorded ballots/s; ' +
    'p50/p99AckMs are "received", secret choices recorded in mixes of ≥ 5 or at the close',
});
process.exit(lost || doubled || floodStored !== floodRun.ok ? 1 : 0);
