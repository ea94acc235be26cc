import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';
import type { Socket } from 'socket.io-client';
import { median, percentile, round } from './lib.js';
import { connect, connectAll, measureRounds, serverChild, type Rounds } from './sockets.js';

/**
 * `npm run bench:cluster`: Yishi as several instances (PostgreSQL + Redis), each figure next to a
 * baseline measured in the same run.
 *
 *   idle    BENCH_IDLE (10,000) participants joined to one meeting on ONE instance, idle: the
 *           server's RSS (target ≤ 1 GB). Baseline: bare Socket.IO holding as many idle sockets.
 *   fanout  BENCH_CLIENTS (1,000) participants and a projector; the convener advances the item
 *           BENCH_ROUNDS times: time until every phone has it, with the participants split over
 *           two instances through Redis (convener on A, projector on B). Baseline: all of them on
 *           one instance over the same database. Target: ratio ≤ 1.5.
 *
 *   storm   BENCH_STORM (1,000) checked-in voters cast a secret ballot within one second, split
 *           over two instances (convener on A, projector on B): acknowledgement p50/p99, and the
 *           time from the last acknowledgement until the projector shows every ballot; lost or
 *           doubled ballots from the locked result. Baseline: the same storm on one instance.
 *           After a warm-up storm each, BENCH_STORMS (7) storms per configuration, alternating;
 *           figures are medians over the storms. Target: ratio ≤ 1.5.
 *
 * Scenarios are entries of SCENARIOS returning the same shape.
 * BENCH_SCENARIOS=idle,fanout picks some; BENCH_DATABASE_URL / BENCH_REDIS_URL name the servers
 * (a database of its own is created and dropped; Redis keys get a prefix of their own).
 */
const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const STORM = Number(process.env.BENCH_STORM ?? 1_000);
const STORMS = Number(process.env.BENCH_STORMS ?? 7);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench:${randomBytes(4).toString('hex')}:`;
const SERVE = 'bench/serve-cluster.ts';

interface Figures {
  ours: Record<string, number>;
  baseline: Record<string, number>;
  ratio: Record<string, number>;
  units: Record<string, string>;
  targets: Record<string, number>;
}

interface Setup {
  databaseUrl: string;
  meetingId: number;
  tokens: string[];
  screenToken: string;
  password: string;
}

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `yishi_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function dropRedisKeys(): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 500 }))
    if (keys.length) await client.del(keys);
  await client.close();
}

const instance = async (databaseUrl: string, redis: boolean) => {
  const child = serverChild(
    SERVE,
    ['serve', databaseUrl],
    redis ? { REDIS_URL, REDIS_KEY_PREFIX: PREFIX } : { REDIS_URL: '' },
  );
  const { url } = await child.next();
  return { child, url: url as string };
};

const joinAsParticipant = (setup: Setup) => async (url: string, token: string) => {
  const s = await connect(url);
  const r = await s.emitWithAck('meeting:join', { meetingId: setup.meetingId, inviteToken: token });
  if (!r.ok) throw new Error(`join failed: ${JSON.stringify(r)}`);
  return s;
};

const closeAll = (sockets: Socket[]) => sockets.forEach((s) => s.close());

/* ---------- scenarios ---------- */

async function idle(setup: Setup): Promise<Figures> {
  const tokens = setup.tokens.slice(0, IDLE);
  const ours = await instance(setup.databaseUrl, false);
  const emptyRss = await ours.child.rssMb();
  const join = joinAsParticipant(setup);
  const sockets = await connectAll(tokens, (t) => join(ours.url, t), 200);
  await new Promise((r) => setTimeout(r, 2_000));
  const rss = await ours.child.rssMb();
  closeAll(sockets);
  await ours.child.stop();

  const bare = serverChild('bench/serve-meeting.ts', ['bare']);
  const { url } = await bare.next();
  const bareEmpty = await bare.rssMb();
  const bareSockets = await connectAll(tokens, () => connect(url), 200);
  await new Promise((r) => setTimeout(r, 2_000));
  const bareRss = await bare.rssMb();
  closeAll(bareSockets);
  await bare.stop();

  console.log(
    `idle: ${tokens.length} participants on one instance: server RSS ${rss} MB (${emptyRss} MB before they joined, ` +
      `${round(((rss - emptyRss) * 1000) / tokens.length, 1)} KB each); bare Socket.IO ${bareRss} MB (${bareEmpty} MB empty)`,
  );
  return {
    ours: {
      idleSockets: tokens.length,
      idleRssMb: rss,
      idleKbPerSocket: round(((rss - emptyRss) * 1000) / tokens.length, 1),
    },
    baseline: { bareIdleRssMb: bareRss, bareKbPerSocket: round(((bareRss - bareEmpty) * 1000) / tokens.length, 1) },
    ratio: { idleRss: round(rss / bareRss, 2) },
    units: { idleRssMb: 'MB', idleKbPerSocket: 'KB', bareIdleRssMb: 'MB', bareKbPerSocket: 'KB' },
    targets: { idleRssMb: 1000 },
  };
}

/** One fan-out run: participants spread over `urls` (round-robin), projector on the last, convener on the first. */
async function fanoutOver(setup: Setup, urls: string[]): Promise<Rounds> {
  const join = joinAsParticipant(setup);
  const participants = await connectAll(setup.tokens.slice(0, CLIENTS), (t, i) => join(urls[i % urls.length]!, t), 100);
  const projector = await connect(urls.at(-1)!);
  await projector.emitWithAck('meeting:join', { meetingId: setup.meetingId, screenToken: setup.screenToken });
  const login = await fetch(`${urls[0]}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-convener', password: setup.password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const convener = await connect(urls[0]!, { cookie });
  await convener.emitWithAck('meeting:join', { meetingId: setup.meetingId });
  // Warm up (first broadcast on each instance reads the database), then measure.
  const drive = (action: string) => convener.emitWithAck('meeting:drive', { meetingId: setup.meetingId, action });
  await drive('previous');
  const start = (await drive('previous')).data.version as number;
  const rounds = await measureRounds(
    [...participants, projector],
    'meeting:state',
    ROUNDS,
    (r) => void drive(r % 2 ? 'next' : 'previous'),
    (state: { version: number }, r) => state.version >= start + r,
  );
  closeAll([...participants, projector, convener]);
  return rounds;
}

async function fanout(setup: Setup): Promise<Figures> {
  const single = await instance(setup.databaseUrl, false);
  const one = await fanoutOver(setup, [single.url]);
  await single.child.stop();

  const [a, b] = await Promise.all([instance(setup.databaseUrl, true), instance(setup.databaseUrl, true)]);
  const two = await fanoutOver(setup, [a.url, b.url]);
  await Promise.all([a.child.stop(), b.child.stop()]);

  const stats = (r: Rounds) => ({
    p50Ms: round(median(r.all), 1),
    p99Ms: round(percentile(r.all, 99), 1),
    allDeliveredMs: round(median(r.last), 1),
  });
  const split = stats(two);
  const alone = stats(one);
  console.log(
    `fanout: ${CLIENTS}+1 phones, ${ROUNDS} rounds — split over two instances via Redis: p50 ${split.p50Ms} ms, ` +
      `p99 ${split.p99Ms} ms, all delivered ${split.allDeliveredMs} ms; one instance: p50 ${alone.p50Ms} ms, ` +
      `p99 ${alone.p99Ms} ms, all delivered ${alone.allDeliveredMs} ms`,
  );
  return {
    ours: { splitP50Ms: split.p50Ms, splitP99Ms: split.p99Ms, splitAllDeliveredMs: split.allDeliveredMs },
    baseline: { singleP50Ms: alone.p50Ms, singleP99Ms: alone.p99Ms, singleAllDeliveredMs: alone.allDeliveredMs },
    ratio: {
      fanoutP50: round(split.p50Ms / alone.p50Ms, 2),
      fanoutP99: round(split.p99Ms / alone.p99Ms, 2),
      fanoutAllDelivered: round(split.allDeliveredMs / alone.allDeliveredMs, 2),
    },
    units: {
      splitP50Ms: 'ms',
      splitP99Ms: 'ms',
      splitAllDeliveredMs: 'ms',
      singleP50Ms: 'ms',
      singleP99Ms: 'ms',
      singleAllDeliveredMs: 'ms',
    },
    targets: { ratioFanoutAllDelivered: 1.5 },
  };
}

interface Storm {
  acks: number[];
  /** From the last acknowledgement until the projector counted every ballot. */
  seenAfterLastAckMs: number;
  lost: number;
  doubled: number;
}

let motions = 0;
/** One storm: voters over `urls` (round-robin), projector on the last, convener on the first. */
async function stormOver(setup: Setup, urls: string[]): Promise<Storm> {
  const tokens = setup.tokens.slice(0, STORM);
  const voters = await connectAll(tokens, (_t, i) => connect(urls[i % urls.length]!), 100);
  const projector = await connect(urls.at(-1)!);
  const listed = await projector.emitWithAck('motion:list', {
    meetingId: setup.meetingId,
    screenToken: setup.screenToken,
  });
  if (!listed.ok) throw new Error(`projector: ${JSON.stringify(listed)}`);
  const login = await fetch(`${urls[0]}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-convener', password: setup.password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const convener = await connect(urls[0]!, { cookie });
  const joined = await convener.emitWithAck('meeting:join', { meetingId: setup.meetingId });
  const created = await convener.emitWithAck('motion:create', {
    meetingId: setup.meetingId,
    agendaItemId: joined.data.currentItemId,
    question: `压测表决 ${++motions}`,
    kind: 'secret',
  });
  if (!created.ok) throw new Error(`motion: ${JSON.stringify(created)}`);
  const motionId = created.data.id as number;
  await convener.emitWithAck('motion:open', { motionId });
  let allSeenAt = 0;
  const seen = new Promise<void>((resolve) =>
    projector.on('vote:tallied', (t: { motionId: number; cast: number }) => {
      if (t.motionId === motionId && t.cast >= tokens.length && !allSeenAt) {
        allSeenAt = performance.now();
        resolve();
      }
    }),
  );
  const acks: number[] = [];
  let lastAckAt = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    voters.map(
      (s, i) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              const sent = performance.now();
              s.emit(
                'vote:cast',
                { motionId, choices: [i % 3], clientBallotId: `storm-${motionId}-${i}`, inviteToken: tokens[i] },
                (r: { ok: boolean }) => {
                  const now = performance.now();
                  acks.push(now - sent);
                  lastAckAt = Math.max(lastAckAt, now);
                  if (!r.ok) refused++;
                  resolve();
                },
              );
            },
            (i * 1000) / voters.length - (performance.now() - started),
          ),
        ),
    ),
  );
  await Promise.race([seen, new Promise((r) => setTimeout(r, 30_000))]);
  const closed = await convener.emitWithAck('motion:close', { motionId });
  const cast = closed.ok ? (closed.data.result.cast as number) : -1;
  closeAll([...voters, projector, convener]);
  if (refused) console.log(`storm: ${refused} ballots refused`);
  return {
    acks,
    seenAfterLastAckMs: allSeenAt ? allSeenAt - lastAckAt : Number.NaN,
    lost: Math.max(0, tokens.length - refused - cast),
    doubled: Math.max(0, cast - (tokens.length - refused)),
  };
}

async function storm(setup: Setup): Promise<Figures> {
  // All three instances run throughout, so both configurations storm the same warm database and
  // neither meets freshly started processes: a fresh process compiles the ballot path during its
  // first storm, which would charge JIT warm-up to whichever configuration went first.
  const single = await instance(setup.databaseUrl, false);
  const [a, b] = await Promise.all([instance(setup.databaseUrl, true), instance(setup.databaseUrl, true)]);
  const urls = { single: [single.url], split: [a.url, b.url] };
  const storms: Record<keyof typeof urls, Storm[]> = { single: [], split: [] };
  const warmUps: Record<keyof typeof urls, Storm[]> = { single: [], split: [] };
  // A warm-up storm each: its times are not measured, its lost or doubled ballots are counted.
  for (const config of ['single', 'split'] as const) warmUps[config].push(await stormOver(setup, urls[config]));
  for (let r = 0; r < STORMS; r++)
    // Alternating order, so neither configuration always follows the other's garbage.
    for (const config of r % 2 ? (['split', 'single'] as const) : (['single', 'split'] as const))
      storms[config].push(await stormOver(setup, urls[config]));
  await Promise.all([single.child.stop(), a.child.stop(), b.child.stop()]);
  // Per storm its p50 and p99 over every voter's acknowledgement; across storms the median.
  const stats = (list: Storm[], warmUp: Storm[]) => ({
    ackP50Ms: round(median(list.map((s) => median(s.acks))), 1),
    ackP99Ms: round(median(list.map((s) => percentile(s.acks, 99))), 1),
    seenMs: round(median(list.map((s) => s.seenAfterLastAckMs)), 1),
    lost: [...warmUp, ...list].reduce((n, s) => n + s.lost, 0),
    doubled: [...warmUp, ...list].reduce((n, s) => n + s.doubled, 0),
    p99s: list.map((s) => Math.round(percentile(s.acks, 99))),
  });
  const split = stats(storms.split, warmUps.split);
  const alone = stats(storms.single, warmUps.single);
  console.log(`storm: ack p99 per storm (ms): split ${split.p99s.join(' ')}; one instance ${alone.p99s.join(' ')}`);
  console.log(
    `storm: ${STORM} secret ballots in 1 s, median of ${STORMS} storms each — split over two instances: ack p50 ` +
      `${split.ackP50Ms} ms, p99 ${split.ackP99Ms} ms, projector complete ${split.seenMs} ms after the last ack, ` +
      `lost ${split.lost}, doubled ${split.doubled}; one instance: ack p50 ${alone.ackP50Ms} ms, p99 ` +
      `${alone.ackP99Ms} ms, complete ${alone.seenMs} ms, lost ${alone.lost}, doubled ${alone.doubled}`,
  );
  return {
    ours: {
      stormSplitAckP50Ms: split.ackP50Ms,
      stormSplitAckP99Ms: split.ackP99Ms,
      stormSplitSeenMs: split.seenMs,
      stormSplitLost: split.lost,
      stormSplitDoubled: split.doubled,
    },
    baseline: {
      stormSingleAckP50Ms: alone.ackP50Ms,
      stormSingleAckP99Ms: alone.ackP99Ms,
      stormSingleSeenMs: alone.seenMs,
    },
    ratio: {
      stormAckP50: round(split.ackP50Ms / alone.ackP50Ms, 2),
      stormAckP99: round(split.ackP99Ms / alone.ackP99Ms, 2),
    },
    units: {
      stormSplitAckP50Ms: 'ms',
      stormSplitAckP99Ms: 'ms',
      stormSplitSeenMs: 'ms',
      stormSingleAckP50Ms: 'ms',
      stormSingleAckP99Ms: 'ms',
      stormSingleSeenMs: 'ms',
      stormSplitLost: 'ballots',
      stormSplitDoubled: 'ballots',
    },
    targets: { ratioStormAckP99: 1.5, stormSplitLost: 0, stormSplitDoubled: 0 },
  };
}

const SCENARIOS: Record<string, (setup: Setup) => Promise<Figures>> = { idle, fanout, storm };

/* ---------- run ---------- */

const wanted = (process.env.BENCH_SCENARIOS ?? Object.keys(SCENARIOS).join(',')).split(',');
const database = await createDatabase();
try {
  const seeder = serverChild(SERVE, ['seed', database.url, String(Math.max(IDLE, CLIENTS, STORM))], { REDIS_URL: '' });
  const setup = { ...(await seeder.next()), databaseUrl: database.url } as Setup;
  const merged: Figures = { ours: {}, baseline: {}, ratio: {}, units: {}, targets: {} };
  for (const name of wanted) {
    const run = SCENARIOS[name];
    if (!run) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    const f = await run(setup);
    for (const k of Object.keys(merged) as (keyof Figures)[]) Object.assign(merged[k], f[k]);
  }
  console.log(`BENCH ${JSON.stringify({ name: 'cluster', ...merged })}`);
} finally {
  await database.drop();
  await dropRedisKeys();
}
process.exit(0);
