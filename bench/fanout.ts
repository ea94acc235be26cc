import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { median, percentile, round } from './lib.js';

/**
 * 1,000 participant sockets and a projector in one live meeting: the convener moves the hall to
 * another item; how long until each participant (and the projector) has it, and until the last
 * one does. Baseline in the same run: a bare Socket.IO server broadcasting the same payload to
 * the same number of clients.
 *
 * Each server runs in a process of its own (bench/serve-meeting.ts, bench/serve-bare.ts); the
 * clients share this one. Both sets of clients stay connected throughout and the rounds
 * alternate (ours, bare, bare, ours, …) after a few unmeasured warm-up rounds, so load from
 * elsewhere on the machine falls on both alike. Server RSS is read after the rounds. Every
 * participant holds a pass from the real check-in path and joined with it, as phones do.
 */
const N = Number(process.env.BENCH_CLIENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 3;

function child(script: string, args: string[] = []) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const queue: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => (waiters.shift() ?? ((x: string) => queue.push(x)))(l));
  const next = () =>
    new Promise<Record<string, any>>((resolve) =>
      queue.length ? resolve(JSON.parse(queue.shift()!)) : waiters.push((l) => resolve(JSON.parse(l))),
    );
  return {
    next,
    memory: async () => {
      proc.stdin!.write('rss\n');
      return (await next()) as { rssMb: number; heapUsedMb?: number };
    },
    stop: () => proc.stdin!.end(),
  };
}

const connect = (url: string, headers: Record<string, string> = {}) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

async function connectAll<T>(items: T[], fn: (x: T) => Promise<Socket>): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < items.length; i += 50) out.push(...(await Promise.all(items.slice(i, i + 50).map(fn))));
  return out;
}

/** Every client's latency of every measured round, and per round the time until the last one had it. */
interface Rounds {
  all: number[];
  last: number[];
}

/** One round: fires the trigger and resolves with each client's time to receive an accepted payload. */
async function round1(
  sockets: Socket[],
  event: string,
  trigger: () => void,
  accept: (payload: any) => boolean,
): Promise<number[]> {
  const start = performance.now();
  const arrivals = sockets.map(
    (s) =>
      new Promise<number>((resolve) => {
        const on = (payload: unknown) => {
          if (!accept(payload)) return;
          s.off(event, on);
          resolve(performance.now() - start);
        };
        s.on(event, on);
      }),
  );
  trigger();
  return Promise.all(arrivals);
}

const record = (into: Rounds, times: number[]) => {
  into.all.push(...times);
  into.last.push(Math.max(...times));
};
const pause = () => new Promise((r) => setTimeout(r, 50));

// --- ours: a live meeting of N checked-in participants, a projector and the convener's console
const ours = child('bench/serve-meeting.ts', [String(N)]);
const setup = await ours.next();
const participants = await connectAll(setup.tokens as string[], async (token) => {
  const s = await connect(setup.url);
  const joined = await s.emitWithAck('meeting:join', { meetingId: setup.meetingId, inviteToken: token });
  if (!joined.ok) throw new Error(`participant could not join: ${JSON.stringify(joined.error)}`);
  return s;
});
const projector = await connect(setup.url);
await projector.emitWithAck('meeting:join', { meetingId: setup.meetingId, screenToken: setup.screenToken });
const login = await fetch(`${setup.url}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'demo-convener', password: setup.password }),
});
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const convener = await connect(setup.url, { cookie });
const joined = await convener.emitWithAck('meeting:join', { meetingId: setup.meetingId });
const agenda = (joined.data.agenda as { id: number }[]).map((i) => i.id);
let version: number = joined.data.version;
let at = agenda.indexOf(joined.data.currentItemId);
/** The convener advances to the next item ('next'); past the last one the hall goes back to the first. */
const oursRound = () => {
  at = (at + 1) % agenda.length;
  const target = agenda[at]!;
  const command = at === 0 ? { action: 'goto', itemId: target } : { action: 'next' };
  const after = version;
  return round1(
    [...participants, projector],
    'meeting:state',
    () => void convener.emit('meeting:drive', { meetingId: setup.meetingId, ...command }, () => undefined),
    (state: { version: number; currentItemId: number }) => {
      if (state.currentItemId !== target || state.version <= after) return false;
      version = Math.max(version, state.version);
      return true;
    },
  );
};
// What a participant's phone receives: the payload the baseline broadcasts too.
const phone = await participants[0]!.emitWithAck('meeting:join', {
  meetingId: setup.meetingId,
  inviteToken: (setup.tokens as string[])[0],
});
const { canDrive: _c, viewer: _v, you: _y, ...payload } = phone.data as Record<string, unknown>;
const payloadBytes = JSON.stringify(payload).length;

// --- bare Socket.IO, same payload, same number of clients
const bare = child('bench/serve-bare.ts');
const { url } = await bare.next();
const clients = await connectAll(Array.from({ length: N + 1 }), () => connect(url));
const driver = await connect(url);
let sent = 0;
const bareRound = () => {
  const v = ++sent;
  return round1(
    clients,
    'state',
    () => void driver.emit('go', { ...payload, version: v }, () => undefined),
    (p: { version: number }) => p.version === v,
  );
};

const oursRounds: Rounds = { all: [], last: [] };
const bareRounds: Rounds = { all: [], last: [] };
for (let r = 0; r < WARMUP; r++) {
  await oursRound();
  await pause();
  await bareRound();
  await pause();
}
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so neither always follows the other's garbage collection.
  const order = r % 2 ? ([bareRound, oursRound] as const) : ([oursRound, bareRound] as const);
  for (const run of order) {
    record(run === oursRound ? oursRounds : bareRounds, await run());
    await pause();
  }
}
const memoryOurs = await ours.memory();
const rssOurs = memoryOurs.rssMb;
const rssBare = (await bare.memory()).rssMb;
for (const s of [...participants, projector, convener, ...clients, driver]) s.close();
ours.stop();
bare.stop();

const stats = (r: Rounds) => ({
  p50Ms: round(median(r.all), 1),
  p99Ms: round(percentile(r.all, 99), 1),
  lastMedianMs: round(median(r.last), 1),
});
// Per round, so an outlier (a pause elsewhere on the machine) can be told from a trend.
const perRound = (r: Rounds) => r.last.map((x) => Math.round(x)).join(' ');
console.log(`until the last phone had it, per round (ms): ours ${perRound(oursRounds)}`);
console.log(`until the last phone had it, per round (ms): bare ${perRound(bareRounds)}`);
const o = stats(oursRounds);
const b = stats(bareRounds);
const ratio = {
  p50: round(o.p50Ms / b.p50Ms, 2),
  p99: round(o.p99Ms / b.p99Ms, 2),
  allDelivered: round(o.lastMedianMs / b.lastMedianMs, 2),
};
console.log(`clients ${N}+1, payload ${payloadBytes} B, ${ROUNDS} measured rounds each (after ${WARMUP} warm-up)`);
console.log(
  `ours: p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms, all delivered (median of rounds) ${o.lastMedianMs} ms, server RSS ${rssOurs} MB (JS heap ${memoryOurs.heapUsedMb} MB)`,
);
console.log(
  `bare socket.io: p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms, all delivered ${b.lastMedianMs} ms, server RSS ${rssBare} MB`,
);
console.log(
  `ratio p50 ${ratio.p50} (target ≤ 1.3), p99 ${ratio.p99}, all delivered ${ratio.allDelivered}; ` +
    `RSS ${rssOurs} MB (target ≤ 250)`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'fanout',
    ours: { ...o, serverRssMb: rssOurs },
    baseline: { ...b, serverRssMb: rssBare },
    ratio,
    units: { p50Ms: 'ms', p99Ms: 'ms', lastMedianMs: 'ms', serverRssMb: 'MB' },
    targets: { ratioP50: 1.3, serverRssMb: 250 },
  })}`,
);
process.exit(0);
