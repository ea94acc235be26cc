import type { Logger } from '../logger.js';
import type { RedisLink } from './redis.js';

/**
 * Messages between the instances of one deployment: cache invalidations and topic pushes today,
 * the Yjs update relay later. Fire and forget over Redis pub/sub, delivered to every OTHER
 * instance (the publisher acts on its own change directly). A message published while Redis is
 * away is dropped, so every use must tolerate loss: the receiver re-reads the database, and
 * `Cluster.onRecovered` is the place to resynchronise after an outage.
 */
export interface ClusterBus {
  publish(channel: string, data: Buffer | string): void;
  /** One handler per channel and instance; payloads arrive as Buffers, in publish order per publisher. */
  subscribe(channel: string, handler: (data: Buffer) => void): void;
}

/** One instance has nobody to tell. */
export const localBus: ClusterBus = { publish: () => undefined, subscribe: () => undefined };

/** Frames are `<instance id, ID_BYTES ASCII bytes><payload>`, so an instance can skip its own messages. */
export const ID_BYTES = 12;

export function redisBus(link: RedisLink, instanceId: string, logger: Logger): ClusterBus {
  if (Buffer.byteLength(instanceId) !== ID_BYTES) throw new Error(`instance id must be ${ID_BYTES} bytes`);
  const self = Buffer.from(instanceId);
  const name = (channel: string) => `${link.prefix}bus:${channel}`;
  let dropped = 0;
  link.onChange((healthy) => {
    if (healthy && dropped) logger.warn({ dropped }, 'cluster messages dropped while Redis was away');
    if (healthy) dropped = 0;
  });
  return {
    publish(channel, data) {
      const frame = Buffer.concat([self, typeof data === 'string' ? Buffer.from(data) : data]);
      link.client.publish(name(channel), frame).catch(() => dropped++);
    },
    subscribe(channel, handler) {
      void link.subscriber
        .subscribe(
          name(channel),
          (message: Buffer) => {
            if (message.length < ID_BYTES || self.equals(message.subarray(0, ID_BYTES))) return;
            try {
              handler(message.subarray(ID_BYTES));
            } catch (err) {
              logger.error({ err, channel }, 'cluster message handler failed');
            }
          },
          true,
        )
        .catch((err: unknown) => logger.error({ err, channel }, 'cluster subscription failed'));
    },
  };
}
