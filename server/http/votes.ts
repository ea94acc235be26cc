import * as z from 'zod';
import { IdParams } from '../../shared/schemas/common.js';
import { DecisionView, MotionDetail, MotionView } from '../../shared/schemas/vote.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/**
 * Voting, read side: motions with their results, one motion's roll, and decisions, for staff of
 * the meeting's organisation (minutes, reports, the resolutions feature). Motions are driven and
 * ballots cast over Socket.IO (`motion:*`, `vote:cast`), where the hall already is.
 */
export function voteRoutes(s: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/motions',
      tag: 'voting',
      summary: 'The motions of a meeting, oldest first, with results once closed (no secret counts before)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: z.object({ items: z.array(MotionView) }) },
      handler: async ({ principal, params }) => ({ items: await s.motions.listForStaff(principal, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/motions/:id',
      tag: 'voting',
      summary: 'One motion with its roll: who voted, and for open (记名) ballots what, once the tally may be shown',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: MotionDetail },
      handler: ({ principal, params }) => s.motions.detail(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/decisions',
      tag: 'voting',
      summary: 'Decisions of a meeting: passed motions and items agreed by consensus',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: z.object({ items: z.array(DecisionView) }) },
      handler: async ({ principal, params }) => ({ items: await s.decisions.list(principal, params.id) }),
    }),
  ];
}
