import type { RequestHandler } from 'express';
import * as z from 'zod';
import { Id, IdParams } from '../../shared/schemas/common.js';
import { ReceiptParams } from '../../shared/schemas/intake.js';
import {
  BoardCode,
  BoardView,
  CloseBody,
  DeadlineBody,
  DispatchBody,
  NoteBody,
  RateBody,
  ReasonBody,
  ReportBody,
  ResolutionDetail,
  ResolutionList,
  ResolutionListQuery,
  TrackedResolutions,
} from '../../shared/schemas/resolution.js';
import { ReferralTargets } from '../../shared/schemas/review.js';
import type { Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { loadResolution, OWNER_ROLES } from '../services/resolution-access.js';
import { hasRoleAt } from '../services/access.js';
import { errors } from '../errors.js';
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from '../../shared/rules/intake.js';
import { MAX_RESOLUTION_PHOTOS } from '../services/resolutions.js';
import { defineRoute, type AnyRoute } from './route.js';

/**
 * Resolutions: the dashboard and inbox, one resolution, its lifecycle verbs (each answers the
 * resolution as it now is), the resident's view and rating by receipt, and the public board.
 */
export function resolutionRoutes(s: Services, limits: { write: RequestHandler[]; read: RequestHandler[] }): AnyRoute[] {
  const after = async (principal: Principal, id: number) => s.resolutionQueries.detail(principal, id);
  const verb = <B extends z.ZodType>(
    name: string,
    summary: string,
    body: B | undefined,
    act: (p: Principal, id: number, body: z.output<B>, files: Buffer[]) => Promise<unknown>,
    withPhotos = false,
  ) =>
    defineRoute({
      method: 'post',
      path: `/api/resolutions/:id/${name}`,
      tag: 'resolutions',
      summary,
      access: 'staff',
      params: IdParams,
      ...(body ? { body } : {}),
      // Progress and results may carry photos: multipart with the JSON in `body`, images in `photos`.
      ...(withPhotos
        ? { multipart: { jsonField: 'body', fileField: 'photos', maxFiles: MAX_PHOTOS, maxFileBytes: PHOTO_MAX_BYTES } }
        : {}),
      response: { status: 200, schema: ResolutionDetail },
      errors: withPhotos ? [409, 413, 415] : [409],
      handler: async ({ principal, params, body: b, files }) => {
        await act(principal, params.id, b as z.output<B>, files);
        return after(principal, params.id);
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/api/resolutions',
      tag: 'resolutions',
      summary: 'The dashboard (view=follow: resolutions of the villages one follows) or a unit’s inbox (view=inbox)',
      access: 'staff',
      query: ResolutionListQuery,
      response: { status: 200, schema: ResolutionList },
      handler: ({ principal, query }) => s.resolutionQueries.list(principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/resolutions/:id',
      tag: 'resolutions',
      summary: 'One resolution with its topics, ratings, timeline (actor and time) and the actions open to the caller',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: ResolutionDetail },
      handler: ({ principal, params }) => s.resolutionQueries.detail(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/resolutions/:id/targets',
      tag: 'resolutions',
      summary: 'Units and people a resolution may be dispatched to (the owner’s side only)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: ReferralTargets },
      handler: async ({ principal, params }) => {
        const r = await loadResolution(s.db, s.tree, principal, params.id);
        if (!(await hasRoleAt(s.tree, principal, OWNER_ROLES, r.organisationId))) throw errors.forbidden();
        return s.reviewTargets.targetsFor(r.organisationId);
      },
    }),
    verb(
      'dispatch',
      '派单: dispatch a draft (or returned) resolution to a unit with a deadline',
      DispatchBody,
      (p, id, b) => s.resolutions.dispatch(p, id, b),
    ),
    verb('accept', '接单: the unit accepts a dispatched resolution', undefined, (p, id) => s.resolutions.accept(p, id)),
    verb('return', 'The unit returns a dispatched resolution to the convener, with a reason', ReasonBody, (p, id, b) =>
      s.resolutions.returnToOwner(p, id, b.reason),
    ),
    verb(
      'progress',
      'The unit posts progress (JSON, or multipart with up to 3 photos)',
      NoteBody,
      (p, id, b, files) => s.resolutions.progress(p, id, b.note, files),
      true,
    ),
    verb(
      'report',
      'The unit reports the matter done, with the result (JSON, or multipart with up to 3 photos)',
      ReportBody,
      (p, id, b, files) => s.resolutions.report(p, id, b.result, files),
      true,
    ),
    verb(
      'close',
      '销号: the owner closes out a satisfactorily rated resolution, rating the unit (评价权)',
      CloseBody,
      (p, id, b) => s.resolutions.close(p, id, b),
    ),
    verb('withdraw', 'The owner withdraws a resolution not yet dispatched', ReasonBody, (p, id, b) =>
      s.resolutions.withdraw(p, id, b.reason),
    ),
    verb('deadline', '限时办结: the owner changes the deadline, with a reason', DeadlineBody, (p, id, b) =>
      s.resolutions.changeDeadline(p, id, b.deadline, b.reason),
    ),
    defineRoute({
      method: 'get',
      path: '/api/track/:receipt/resolutions',
      tag: 'resolutions',
      summary: 'The resolutions answering a topic, with their public timeline, by the topic’s receipt code',
      access: 'public',
      params: ReceiptParams,
      response: { status: 200, schema: TrackedResolutions },
      before: limits.read,
      handler: async ({ params }) => ({ items: await s.resolutionQueries.tracked(params.receipt) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/track/:receipt/rating',
      tag: 'resolutions',
      summary: '群众评单: the submitter rates a reported result; 不满意 reopens it',
      access: 'public',
      params: ReceiptParams,
      body: RateBody,
      response: { status: 200, schema: TrackedResolutions },
      errors: [409],
      before: limits.write,
      handler: async ({ params, body }) => {
        await s.resolutionRatings.bySubmitter(params.receipt, body);
        return { items: await s.resolutionQueries.tracked(params.receipt) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/topics/:id/rating',
      tag: 'resolutions',
      summary: 'A co-signer rates a reported result from the device that co-signed the topic',
      access: 'public',
      params: IdParams,
      body: RateBody,
      response: { status: 204 },
      errors: [409],
      before: limits.write,
      handler: ({ params, body }) => s.resolutionRatings.byCosigner(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/board/resolutions/:id/photos/:position',
      tag: 'board',
      summary: 'A photo of a published resolution’s progress or result (re-encoded JPEG, no metadata)',
      access: 'public',
      params: z.object({ id: Id, position: z.coerce.number().int().min(0).max(MAX_RESOLUTION_PHOTOS) }).strict(),
      response: { status: 200, contentType: 'image/jpeg' },
      before: limits.read,
      handler: async ({ params, res }) => {
        const photo = await s.resolutionQueries.photo(params.id, params.position);
        res.set('Cache-Control', 'public, max-age=86400').type(photo.mime).send(photo.data);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/board/:organisationId',
      tag: 'board',
      summary:
        '公开栏: resolutions, results, upcoming meetings and reception days of an organisation, by id or by its board code (no names, no phones)',
      access: 'public',
      params: z.object({ organisationId: z.union([Id, BoardCode]) }).strict(),
      response: { status: 200, schema: BoardView },
      before: limits.read,
      handler: ({ params }) => s.resolutionQueries.board(params.organisationId),
    }),
  ];
}
