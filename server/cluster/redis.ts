import { createClient } from 'redis';
import type { Logger } from '../logger.js';
import { redact, RedisUnavailableError } from './redis-errors.js';

/**
 * A node-redis client that never queues: while Redis is away commands fail at once. Before the
 * first connection an error stops connect() (refuse to start); afterwards it reconnects forever:
 * 50 ms, doubling, at most 2 s, with jitter so instances do not reconnect in step.
 */
function newClient(url: string, name: string, connectTimeoutMs: number, started: () => boolean) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // Notices a silently dropped connection (a NAT or firewall timeout), not only a closed one.
    pingInterval: 10_000,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries, cause) =>
        started() ? Math.min(50 * 2 ** retries, 2_000) + Math.floor(Math.random() * 100) : cause,
    },
    name: `yishi-${name}`,
  });
  // Without a listener an 'error' event would crash the process; state changes are logged by the link.
  client.on('error', () => undefined);
  return client;
}

export type RedisClient = ReturnType<typeof newClient>;

/**
 * The two connections an instance keeps to Redis, and whether both are up.
 *
 * Commands never wait for Redis: while it is away they fail at once (no offline queue), and
 * every caller has a local fallback — rate limits count in memory, broadcasts reach this
 * instance's own sockets, scheduled jobs skip their turn. Queueing instead would make login
 * requests hang for as long as Redis is gone and replay stale broadcasts when it returns.
 */
export interface RedisLink {
  /** The URL without its password, for log lines and messages. */
  readonly where: string;
  readonly prefix: string;
  /** Commands and publishing. */
  readonly client: RedisClient;
  /** Subscriptions (a connection that subscribes can do nothing else). */
  readonly subscriber: RedisClient;
  /** Both connections are ready. */
  healthy(): boolean;
  /** Called with `false` when Redis is lost and `true` when it is back. */
  onChange(listener: (healthy: boolean) => void): void;
  close(): Promise<void>;
}

/** How long an outage is reported again while it lasts. */
const STILL_DOWN_EVERY_MS = 30_000;

/**
 * Connects both clients or throws RedisUnavailableError. After the first connection they retry
 * forever with a capped backoff, and the link reports loss and recovery loudly.
 */
export async function connectRedis(
  url: string,
  prefix: string,
  logger: Logger,
  options: { connectTimeoutMs?: number } = {},
): Promise<RedisLink> {
  const where = redact(url);
  let started = false;
  const timeout = options.connectTimeoutMs ?? 3_000;
  const make = (name: string) => newClient(url, name, timeout, () => started);
  const client = make('commands');
  const subscriber = make('subscriber');
  try {
    await Promise.all([client.connect(), subscriber.connect()]);
    await client.ping();
  } catch (err) {
    for (const c of [client, subscriber]) {
      try {
        c.destroy();
      } catch {
        // Already closed by the failed connect.
      }
    }
    throw new RedisUnavailableError(where, err);
  }
  started = true;

  const listeners: ((healthy: boolean) => void)[] = [];
  let healthy = true;
  let lostAt = 0;
  let closing = false;
  let reminder: NodeJS.Timeout | null = null;
  const update = () => {
    if (closing) return;
    const now = client.isReady && subscriber.isReady;
    if (now === healthy) return;
    healthy = now;
    if (!now) {
      lostAt = Date.now();
      logger.error(
        { redis: where },
        'Redis connection LOST: serving this instance’s clients only — broadcasts do not reach other instances, rate limits count per instance, scheduled jobs wait — until it returns',
      );
      reminder = setInterval(
        () =>
          logger.error({ redis: where, downForS: Math.round((Date.now() - lostAt) / 1000) }, 'Redis still unreachable'),
        STILL_DOWN_EVERY_MS,
      );
      reminder.unref();
    } else {
      if (reminder) clearInterval(reminder);
      reminder = null;
      logger.warn({ redis: where, downForMs: Date.now() - lostAt }, 'Redis connection restored');
    }
    for (const l of listeners) {
      try {
        l(now);
      } catch (err) {
        logger.error({ err }, 'Redis state listener failed');
      }
    }
  };
  for (const c of [client, subscriber]) {
    for (const event of ['ready', 'end', 'error', 'reconnecting']) c.on(event, update);
  }

  return {
    where,
    prefix,
    client,
    subscriber,
    healthy: () => healthy,
    onChange: (l) => void listeners.push(l),
    async close() {
      closing = true;
      if (reminder) clearInterval(reminder);
      await Promise.all(
        [client, subscriber].map(async (c) => {
          try {
            if (c.isOpen) await c.close();
          } catch {
            c.destroy();
          }
        }),
      );
    },
  };
}
