import { MemoryStore, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from '../logger.js';
import type { RedisLink } from './redis.js';

/**
 * A rate-limit store shared by every instance (rate-limit-redis), that counts in this
 * process's memory while Redis is away. Failing open would let a password guesser through
 * for the length of an outage, and failing closed would lock every resident out, so during
 * an outage each instance enforces the limit on its own — at most N× the limit in total.
 */
export class FailoverStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly shared: RedisStore;
  private readonly local = new MemoryStore();
  private warned = false;

  constructor(
    private readonly link: RedisLink,
    name: string,
    private readonly logger: Logger,
  ) {
    this.prefix = `${link.prefix}rl:${name}:`;
    this.shared = new RedisStore({
      prefix: this.prefix,
      sendCommand: (...args: string[]) => link.client.sendCommand(args) as Promise<RedisReply>,
    });
    link.onChange((healthy) => {
      if (healthy) this.warned = false;
    });
  }

  init(options: Options): void {
    this.local.init(options);
    // rate-limit-redis loads its scripts here; a failure is retried on first use (NOSCRIPT).
    void Promise.resolve(this.shared.init(options)).catch((err: unknown) =>
      this.logger.warn({ err, store: this.prefix }, 'rate-limit scripts not loaded yet'),
    );
  }

  private async either<T>(shared: () => Promise<T>, local: () => T | Promise<T>): Promise<T> {
    if (this.link.healthy()) {
      try {
        return await shared();
      } catch (err) {
        if (!this.warned)
          this.logger.error({ err, store: this.prefix }, 'shared rate limit unavailable; counting locally');
        this.warned = true;
      }
    }
    return local();
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    return this.either(
      () => this.shared.increment(key),
      () => this.local.increment(key),
    );
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.either(
      () => this.shared.get(key),
      () => this.local.get(key),
    );
  }

  async decrement(key: string): Promise<void> {
    await this.either(
      () => this.shared.decrement(key),
      () => this.local.decrement(key),
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.local.resetKey(key);
    await this.either(
      () => this.shared.resetKey(key),
      () => undefined,
    );
  }

  shutdown(): void {
    this.local.shutdown();
  }
}
