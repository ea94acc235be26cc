/*
 * Kept apart from redis.ts so that a process without REDIS_URL, which never loads the Redis
 * client, can still name the error and redact a URL.
 */

/** REDIS_URL is set but Redis does not answer: the instance refuses to start. */
export class RedisUnavailableError extends Error {
  constructor(where: string, cause: unknown) {
    super(
      `REDIS_URL is set but Redis at ${where} cannot be reached (${describe(cause)}). ` +
        'Start Redis or correct REDIS_URL; unset REDIS_URL to run a single instance without it.',
    );
    this.name = 'RedisUnavailableError';
  }
}

const describe = (err: unknown) => {
  const e = err as { message?: string; code?: string; cause?: unknown; errors?: unknown[] } | null;
  const inner = e?.errors?.[0] ?? e?.cause;
  if (inner && inner !== err) return describe(inner);
  return e?.code ?? e?.message ?? String(err);
};

export const redact = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparseable URL)';
  }
};
