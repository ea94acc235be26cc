import * as z from 'zod';
import { AppError } from '../errors.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

const Status = z.object({ status: z.literal('ok') });

/** Liveness answers once the database does; readiness also turns false while shutting down. */
export function healthRoutes(s: Services, isShuttingDown: () => boolean): AnyRoute[] {
  const check = async () => {
    try {
      await s.db.ping();
    } catch (err) {
      s.logger.error({ err }, 'database ping failed');
      throw new AppError('unavailable');
    }
    return { status: 'ok' as const };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      tag: 'health',
      summary: 'Liveness: the database answers',
      access: 'public',
      response: { status: 200, schema: Status },
      errors: [503],
      handler: check,
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      tag: 'health',
      summary: 'Readiness: migrated, database answers, not shutting down',
      access: 'public',
      response: { status: 200, schema: Status },
      errors: [503],
      handler: async () => {
        if (isShuttingDown()) throw new AppError('unavailable');
        return check();
      },
    }),
  ];
}
