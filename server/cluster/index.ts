import { randomBytes } from 'node:crypto';
import type { Store } from 'express-rate-limit';
import type { Logger } from '../logger.js';
import { localBus, redisBus, ID_BYTES, type ClusterBus } from './bus.js';
import { createLock, type ClusterLock } from './lock.js';
import type { RedisLink } from './redis.js';
import type { redisSocketAdapter } from './socket-adapter.js';

export { RedisUnavailableError } from './redis-errors.js';
export type { ClusterBus } from './bus.js';
export type { ClusterLock, LockOutcome } from './lock.js';

/**
 * What an instance shares with the other instances of its deployment. Without REDIS_URL it is
 * the single-process version of the same thing (in-memory rate limits and leases, no bus), so
 * code that uses it never checks which one it has.
 *
 * - `bus`: messages to the other instances (see bus.ts for the loss rules);
 * - `runExclusive` / `every`: the cluster lock for scheduled jobs (see lock.ts);
 * - `rateLimitStore(name)`: the store every express-rate-limit limiter must use;
 * - `socketAdapter()`: Socket.IO rooms across instances;
 * - `onRecovered(fn)`: resynchronise after a Redis outage (pub/sub messages were lost).
 */
export interface Cluster extends ClusterLock {
  /** Random per process; tells an instance's own bus messages apart, and names it in logs. */
  readonly instanceId: string;
  readonly redis: RedisLink | null;
  readonly bus: ClusterBus;
  /** A distinct store per limiter: the name keeps their counters apart. */
  rateLimitStore(name: string): Store | undefined;
  socketAdapter(): ReturnType<typeof redisSocketAdapter> | undefined;
  onRecovered(fn: () => void): void;
  close(): Promise<void>;
}

const newInstanceId = () => randomBytes(ID_BYTES / 2).toString('hex');

/** One process on its own: nothing to share. */
export function localCluster(logger: Logger): Cluster {
  const lock = createLock(null, logger);
  return {
    instanceId: newInstanceId(),
    redis: null,
    bus: localBus,
    runExclusive: lock.runExclusive,
    every: lock.every,
    rateLimitStore: () => undefined,
    socketAdapter: () => undefined,
    onRecovered: () => undefined,
    close: () => lock.close(),
  };
}

/** Connects to Redis or throws RedisUnavailableError (the caller refuses to start). */
export async function connectCluster(
  redisUrl: string,
  prefix: string,
  logger: Logger,
  options: { connectTimeoutMs?: number } = {},
): Promise<Cluster> {
  // The Redis client, the Socket.IO adapter and the shared rate-limit store load only here: a
  // single instance without REDIS_URL never needs them, and they weigh some 35 MB of memory.
  const [{ connectRedis }, { redisSocketAdapter }, { FailoverStore }] = await Promise.all([
    import('./redis.js'),
    import('./socket-adapter.js'),
    import('./rate-limit.js'),
  ]);
  const instanceId = newInstanceId();
  const link = await connectRedis(redisUrl, prefix, logger, options);
  const lock = createLock(link, logger);
  const names = new Set<string>();
  return {
    instanceId,
    redis: link,
    bus: redisBus(link, instanceId, logger),
    runExclusive: lock.runExclusive,
    every: lock.every,
    rateLimitStore(name) {
      if (names.has(name)) throw new Error(`rate-limit store ${name} created twice; give each limiter its own name`);
      names.add(name);
      return new FailoverStore(link, name, logger);
    },
    socketAdapter: () => redisSocketAdapter(link, logger),
    onRecovered: (fn) => link.onChange((healthy) => healthy && fn()),
    async close() {
      await lock.close();
      await link.close();
    },
  };
}

/**
 * A cache that every instance keeps of the same rows. Returns `changed()`: clears it here and,
 * over the bus, on every other instance at once. All clear it again when Redis returns, since
 * messages published while it was away were lost.
 */
export function invalidatedEverywhere(cluster: Cluster, channel: string, forget: () => void): () => void {
  cluster.bus.subscribe(channel, forget);
  cluster.onRecovered(forget);
  return () => {
    forget();
    cluster.bus.publish(channel, '');
  };
}
