import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient } from 'redis';
import { connectCluster, localCluster, type Cluster } from '../../server/cluster/index.js';
import { createLogger } from '../../server/logger.js';
import { dropRedisPrefix, privateRedis, REDIS_URL, uniquePrefix } from '../helpers/cluster.js';

/**
 * The cluster lock for scheduled jobs, between two instances' connections to one Redis (each
 * Cluster is what one instance holds; the lock lives entirely in Redis, so two in one process
 * contend exactly as two processes would).
 */
const logger = createLogger('silent');
const prefix = uniquePrefix();
const a = await connectCluster(REDIS_URL, prefix, logger);
const b = await connectCluster(REDIS_URL, prefix, logger);
test.after(async () => {
  await Promise.all([a.close(), b.close()]);
  await dropRedisPrefix(prefix);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a job started on both instances at once runs on exactly one', async () => {
  for (let round = 0; round < 20; round++) {
    let runs = 0;
    const job = async () => {
      runs++;
      await sleep(20);
      return round;
    };
    const outcomes = await Promise.all([a.runExclusive('job', 5_000, job), b.runExclusive('job', 5_000, job)]);
    assert.is(runs, 1, `round ${round}`);
    assert.equal(outcomes.map((o) => o.ran).sort(), [false, true]);
    const skipped = outcomes.find((o) => !o.ran);
    assert.equal(skipped, { ran: false, reason: 'held' });
  }
});

test('the lock is free again once the job ends, also when it throws', async () => {
  const failed = await a.runExclusive('failing', 5_000, () => Promise.reject(new Error('boom'))).catch((e: Error) => e);
  assert.instance(failed, Error);
  assert.is((failed as Error).message, 'boom');
  const next = await b.runExclusive('failing', 5_000, async () => 'ran');
  assert.equal(next, { ran: true, value: 'ran' });
});

test('a job longer than its lease keeps the lock: the lease is renewed while it runs', async () => {
  const long = a.runExclusive('long', 600, async (signal) => {
    await sleep(1_800);
    return signal.aborted;
  });
  await sleep(1_000);
  assert.equal(await b.runExclusive('long', 600, async () => 'intruder'), { ran: false, reason: 'held' });
  assert.equal(await long, { ran: true, value: false });
});

test('a holder that died without releasing blocks others only until its lease expires', async () => {
  const raw = createClient({ url: REDIS_URL });
  await raw.connect();
  // What a SIGKILLed instance leaves behind: its lease, and no one to release it.
  await raw.set(`${prefix}lock:orphan`, 'token-of-a-dead-instance', { expiration: { type: 'PX', value: 300 } });
  await raw.close();
  assert.equal(await a.runExclusive('orphan', 5_000, async () => 1), { ran: false, reason: 'held' });
  await sleep(350);
  assert.equal(await a.runExclusive('orphan', 5_000, async () => 2), { ran: true, value: 2 });
});

test('a holder whose lease ran out cannot release the lease the next holder took', async () => {
  const raw = createClient({ url: REDIS_URL });
  await raw.connect();
  let signalled = false;
  const slow = a.runExclusive('stolen', 300, async (signal) => {
    // Simulate a holder stalled past its lease (a paused VM): its lease is taken by B meanwhile.
    await raw.set(`${prefix}lock:stolen`, 'b-took-it', { expiration: { type: 'PX', value: 60_000 } });
    // The next renewal (every 100 ms) finds the lease gone and aborts the signal.
    await Promise.race([new Promise((resolve) => signal.addEventListener('abort', resolve)), sleep(3_000)]);
    signalled = signal.aborted;
  });
  await slow;
  assert.ok(signalled, 'the stalled holder is told its lease is lost');
  assert.is(await raw.get(`${prefix}lock:stolen`), 'b-took-it', 'and its release left the new lease alone');
  await raw.close();
});

test('every(): a job scheduled on both instances runs once per period across the cluster', async () => {
  const runs: { who: string; period: number }[] = [];
  const job = (who: string) => async () => void runs.push({ who, period: Math.floor(Date.now() / 200) });
  const stops = [a.every('tick', 200, job('a')), b.every('tick', 200, job('b'))];
  await sleep(1_500);
  for (const stop of stops) stop();
  // 1,500 ms hold 7 or 8 period boundaries (a loaded machine may wake late and miss one or two);
  // what must never happen is a period run twice.
  const periods = runs.map((r) => r.period);
  assert.ok(runs.length >= 4 && runs.length <= 8, `ran ${runs.length} times`);
  assert.is(new Set(periods).size, periods.length, `a period ran twice: ${JSON.stringify(runs)}`);
});

test('without Redis the same API excludes within the one process', async () => {
  const solo: Cluster = localCluster(logger);
  let runs = 0;
  const job = async () => {
    runs++;
    await sleep(20);
  };
  const outcomes = await Promise.all([solo.runExclusive('x', 1_000, job), solo.runExclusive('x', 1_000, job)]);
  assert.is(runs, 1);
  assert.equal(outcomes.map((o) => o.ran).sort(), [false, true]);
  await solo.close();
});

test('with Redis configured but gone, a job waits for its next turn instead of running everywhere', async () => {
  const redis = await privateRedis();
  const c = await connectCluster(redis.url, prefix, logger);
  await redis.stop();
  const outcome = await c.runExclusive('x', 1_000, async () => 'ran anyway');
  assert.equal(outcome, { ran: false, reason: 'unavailable' });
  await c.close();
});

test.run();
