import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { RedisLink } from './redis.js';

export type LockOutcome<T> = { ran: true; value: T } | { ran: false; reason: 'held' | 'unavailable' };

/**
 * Mutual exclusion for scheduled work across every instance of a deployment (overdue marking,
 * minutes compaction, webhook retries): the job runs on one instance, not on each.
 *
 * ```ts
 * // once a minute, on one instance of the cluster:
 * const stop = s.cluster.every('resolutions:overdue', 60_000, (signal) => markOverdue(signal));
 * // or, for work triggered elsewhere that must not run twice at once:
 * const outcome = await s.cluster.runExclusive(`minutes:compact:${id}`, 30_000, () => compact(id));
 * if (!outcome.ran) return; // someone else is on it (or Redis is away: try again next time)
 * ```
 *
 * Jobs must still be idempotent: a lock with expiry is a guarantee of "almost always once", not
 * of exactly once (a holder paused longer than its lease — a stopped VM — may overlap the next).
 */
export interface ClusterLock {
  /**
   * Runs `fn` if nobody holds `name` anywhere in the cluster; otherwise resolves at once with
   * `{ ran: false, reason: 'held' }`. The lease lasts `ttlMs` and is renewed every `ttlMs / 3`
   * while `fn` runs, so `ttlMs` bounds how long a crashed holder blocks the others, not how long
   * `fn` may take. If a renewal fails (Redis lost, or the lease ran out), `signal` aborts: stop
   * before the next write. Released when `fn` settles; `fn`'s own error is rethrown.
   * With Redis configured but unreachable it does not run (`reason: 'unavailable'`) rather than
   * risk running on every instance at once.
   */
  runExclusive<T>(name: string, ttlMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<LockOutcome<T>>;
  /**
   * Runs `fn` at most once per period across the cluster. Every instance wakes at each period
   * boundary and the first to claim that period runs the job (claims are never released, they
   * expire); a run still going when the next period starts makes that period skip. Errors are
   * logged. Returns a function that stops the schedule on this instance.
   */
  every(name: string, periodMs: number, fn: (signal: AbortSignal) => Promise<void>): () => void;
  /** Stops every schedule and waits for running jobs. */
  close(): Promise<void>;
}

/** How the two implementations take, renew and give back a lease. */
interface Leases {
  acquire(key: string, token: string, ttlMs: number): Promise<boolean>;
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  release(key: string, token: string): Promise<void>;
}

// Compare-and-delete / compare-and-expire: a holder whose lease ran out (and was taken by
// another instance) must never delete or extend the new holder's lease.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

function redisLeases(link: RedisLink): Leases {
  const key = (name: string) => `${link.prefix}lock:${name}`;
  return {
    async acquire(name, token, ttlMs) {
      const reply = await link.client.set(key(name), token, {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    },
    async renew(name, token, ttlMs) {
      return (await link.client.eval(RENEW, { keys: [key(name)], arguments: [token, String(ttlMs)] })) === 1;
    },
    async release(name, token) {
      await link.client.eval(RELEASE, { keys: [key(name)], arguments: [token] });
    },
  };
}

/** One process: a map of leases with the same expiry rules, so code behaves alike with and without Redis. */
function memoryLeases(): Leases {
  const held = new Map<string, { token: string; until: number }>();
  const live = (name: string) => {
    const lease = held.get(name);
    if (lease && lease.until <= Date.now()) held.delete(name);
    return held.get(name);
  };
  return {
    async acquire(name, token, ttlMs) {
      // Period claims are never touched again: sweep expired leases now and then.
      if (held.size > 256) for (const key of [...held.keys()]) live(key);
      if (live(name)) return false;
      held.set(name, { token, until: Date.now() + ttlMs });
      return true;
    },
    async renew(name, token, ttlMs) {
      const lease = live(name);
      if (lease?.token !== token) return false;
      lease.until = Date.now() + ttlMs;
      return true;
    },
    async release(name, token) {
      if (live(name)?.token === token) held.delete(name);
    },
  };
}

export function createLock(link: RedisLink | null, logger: Logger): ClusterLock {
  const leases = link ? redisLeases(link) : memoryLeases();
  const schedules = new Set<() => void>();
  const running = new Set<Promise<unknown>>();

  const runExclusive = async <T>(
    name: string,
    ttlMs: number,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<LockOutcome<T>> => {
    if (!(ttlMs >= 30)) throw new RangeError('ttlMs must be at least 30 ms');
    const token = randomBytes(16).toString('hex');
    try {
      if (!(await leases.acquire(name, token, ttlMs))) return { ran: false, reason: 'held' };
    } catch (err) {
      logger.warn({ err, lock: name }, 'lock not taken: Redis unavailable; the job waits for its next turn');
      return { ran: false, reason: 'unavailable' };
    }
    const lost = new AbortController();
    const renewal = setInterval(
      () => {
        leases.renew(name, token, ttlMs).then(
          (ok) => {
            if (!ok && !lost.signal.aborted) {
              logger.error({ lock: name }, 'lock lease lost while its job was running');
              lost.abort(new Error(`lock ${name} lost`));
            }
          },
          (err: unknown) => {
            if (!lost.signal.aborted) {
              logger.error({ err, lock: name }, 'lock lease could not be renewed');
              lost.abort(new Error(`lock ${name} could not be renewed`));
            }
          },
        );
      },
      Math.floor(ttlMs / 3),
    );
    const work = fn(lost.signal);
    running.add(work);
    try {
      return { ran: true, value: await work };
    } finally {
      running.delete(work);
      clearInterval(renewal);
      await leases.release(name, token).catch((err: unknown) => {
        // The lease expires by itself; nothing else to do.
        logger.warn({ err, lock: name }, 'lock not released (it will expire)');
      });
    }
  };

  const every = (name: string, periodMs: number, fn: (signal: AbortSignal) => Promise<void>) => {
    if (!(periodMs >= 100)) throw new RangeError('periodMs must be at least 100 ms');
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    const tick = async () => {
      const slot = Math.floor(Date.now() / periodMs);
      let claimed: boolean;
      try {
        // The claim outlives the period slightly so a late instance (clock skew) cannot re-run it.
        claimed = await leases.acquire(`${name}:period:${slot}`, 'claimed', periodMs + 1_000);
      } catch (err) {
        logger.warn({ err, job: name }, 'scheduled job skipped this period: Redis unavailable');
        return;
      }
      if (!claimed) return;
      try {
        const outcome = await runExclusive(name, Math.max(periodMs, 30_000), fn);
        if (!outcome.ran) logger.warn({ job: name, reason: outcome.reason }, 'scheduled job skipped this period');
      } catch (err) {
        logger.error({ err, job: name }, 'scheduled job failed');
      }
    };
    const schedule = () => {
      if (stopped) return;
      // Wake just after the boundary, with jitter so instances do not hit Redis in the same millisecond.
      const wait = periodMs - (Date.now() % periodMs) + Math.floor(Math.random() * Math.min(50, periodMs / 10));
      timer = setTimeout(() => {
        void tick();
        schedule();
      }, wait);
      timer.unref();
    };
    const stop = () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      schedules.delete(stop);
    };
    schedules.add(stop);
    schedule();
    return stop;
  };

  return {
    runExclusive,
    every,
    async close() {
      for (const stop of [...schedules]) stop();
      await Promise.allSettled([...running]);
    },
  };
}
