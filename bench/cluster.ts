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
 * Scenarios are entries of SCENARIOS: a vote storm across instances (ballots cast on A and B,
 * tallies seen by the projector) is one more entry returning the same shape.
 * BENCH_SCENARIOS=idle,fanout picks some; BENCH_DATABASE_URL / BENCH_REDIS_URL name the servers
 * (a database of its own is created and dropped; Redis keys get a prefix of their own).
 */
const IDLE = Number(process.env.BENCH_IDLE ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
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

const SCENARIOS: Record<string, (setup: Setup) => Promise<Figures>> = { idle, fanout };

/* ---------- run ---------- */

const wanted = (process.env.BENCH_SCENARIOS ?? Object.keys(SCENARIOS).join(',')).split(',');
const database = await createDatabase();
try {
  const seeder = serverChild(SERVE, ['seed', database.url, String(Math.max(IDLE, CLIENTS))], { REDIS_URL: '' });
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
