import type { RequestHandler } from 'express';
import * as z from 'zod';
import { Id } from '../../shared/schemas/common.js';
import { BoardRates, StatsDashboard, StatsQuery } from '../../shared/schemas/stats.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';
import { exportRoute } from './stats-export.js';

/**
 * Statistics (issue 8): the staff dashboard scoped to the organisations the user's roles cover,
 * streamed exports filtered like the screen, and the public board's three rates.
 */
export function statsRoutes(s: Services, limits: { read: RequestHandler[]; file: RequestHandler[] }): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stats',
      tag: 'stats',
      summary: '三率 and counts of one organisation and its children, for a period and category',
      access: 'staff',
      query: StatsQuery,
      response: { status: 200, schema: StatsDashboard },
      handler: ({ principal, query }) => s.stats.dashboard(principal, query),
    }),
    exportRoute(s, limits.file),
    defineRoute({
      method: 'get',
      path: '/api/board/:organisationId/rates',
      tag: 'board',
      summary: 'The public board: an organisation’s three rates month by month for the last 12 months',
      access: 'public',
      params: z.object({ organisationId: Id }).strict(),
      response: { status: 200, schema: BoardRates },
      before: limits.read,
      handler: ({ params }) => s.stats.boardRates(params.organisationId),
    }),
  ];
}
