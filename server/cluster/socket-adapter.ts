import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.js';
import type { RedisClient, RedisLink } from './redis.js';

/**
 * Socket.IO rooms across instances through @socket.io/redis-adapter (Redis pub/sub).
 *
 * Chosen over @socket.io/redis-streams-adapter because:
 * - the hall's state is server-authoritative and versioned: every broadcast carries the whole
 *   state and a client that reconnects re-joins and reads it afresh, so we do not need the
 *   streams adapter's replay of missed packets (connection state recovery);
 * - pub/sub pushes each message the moment it is published, where the streams adapter polls
 *   with XREAD and keeps every broadcast in a capped stream in Redis memory;
 * - it is the adapter already in the lockfile and works with node-redis as installed.
 * What pub/sub loses during an outage is healed by resynchronising local clients when Redis
 * returns (Cluster.onRecovered).
 *
 * The adapter publishes without handling a rejected promise; with the offline queue disabled a
 * publish fails while Redis is away, which would be an unhandled rejection. The client it gets
 * therefore counts and swallows failed publishes (this instance's own sockets still receive
 * the broadcast: the adapter delivers locally regardless).
 */
export function redisSocketAdapter(link: RedisLink, logger: Logger) {
  let dropped = 0;
  link.onChange((healthy) => {
    if (healthy && dropped) logger.warn({ dropped }, 'Socket.IO broadcasts not relayed while Redis was away');
    if (healthy) dropped = 0;
  });
  const publisher = new Proxy(link.client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'publish' || prop === 'sPublish') {
        const publish = value as (channel: string, message: Buffer | string) => Promise<number>;
        return (channel: string, message: Buffer | string) =>
          publish.call(target, channel, message).catch(() => {
            dropped++;
            return 0;
          });
      }
      // node-redis keeps state in #private fields, which only work with the real client as `this`.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as RedisClient;
  return createAdapter(publisher, link.subscriber, { key: `${link.prefix}socket.io`, requestsTimeout: 3_000 });
}
