import type { RequestHandler } from 'express';
import * as z from 'zod';
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from '../../shared/rules/intake.js';
import { Id } from '../../shared/schemas/common.js';
import {
  CosignBody,
  CosignResult,
  IntakeCodeParams,
  IntakeInfo,
  PublicTopicList,
  ReceiptParams,
  SimilarQuery,
  SubmitTopicBody,
  SubmitTopicResult,
  TrackView,
} from '../../shared/schemas/intake.js';
import { errors } from '../errors.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

export interface IntakeLimiters {
  submit: RequestHandler[];
  cosign: RequestHandler[];
  read: RequestHandler[];
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,80}$/;

/**
 * The residents' API (码上议): no account. Documented in the OpenAPI document because other
 * front ends (a WeChat mini program) will use it. Public, so every route is rate-limited.
 */
export function intakeRoutes(s: Services, limit: IntakeLimiters): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/intake/:code',
      tag: 'intake',
      summary: 'The organisation, categories and grids behind an intake code, and whether intake is open',
      access: 'public',
      params: IntakeCodeParams,
      response: { status: 200, schema: IntakeInfo },
      before: limit.read,
      handler: ({ params }) => s.intake.info(params.code),
    }),
    defineRoute({
      method: 'post',
      path: '/api/intake/:code/topics',
      tag: 'intake',
      summary: 'Propose a topic (JSON, or multipart with up to 3 photos); an Idempotency-Key header makes retries safe',
      access: 'public',
      params: IntakeCodeParams,
      body: SubmitTopicBody,
      multipart: { jsonField: 'topic', fileField: 'photos', maxFiles: MAX_PHOTOS, maxFileBytes: PHOTO_MAX_BYTES },
      response: { status: 201, schema: SubmitTopicResult },
      errors: [415, 429],
      before: limit.submit,
      handler: ({ params, body, files, req }) => {
        const key = req.get('idempotency-key') ?? null;
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw errors.invalid('intake.error.idempotency_key');
        return s.intake.submit(params.code, body, files, key);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/intake/:code/similar',
      tag: 'intake',
      summary: 'Open topics of the same organisation whose titles look like q (offer to co-sign instead)',
      access: 'public',
      params: IntakeCodeParams,
      query: SimilarQuery,
      response: { status: 200, schema: PublicTopicList },
      before: limit.read,
      handler: async ({ params, query }) => ({ items: await s.intake.similar(params.code, query.q) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/intake/:code/topics',
      tag: 'intake',
      summary: 'Accepted topics of the organisation, most co-signed first',
      access: 'public',
      params: IntakeCodeParams,
      response: { status: 200, schema: PublicTopicList },
      before: limit.read,
      handler: async ({ params }) => ({ items: await s.intake.publicTopics(params.code) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/track/:receipt',
      tag: 'intake',
      summary: 'Status and public timeline of a topic by its receipt code',
      access: 'public',
      params: ReceiptParams,
      response: { status: 200, schema: TrackView },
      before: limit.read,
      handler: ({ params }) => s.intake.track(params.receipt),
    }),
    defineRoute({
      method: 'get',
      path: '/api/track/:receipt/photos/:position',
      tag: 'intake',
      summary: 'A photo the resident attached (0-based position)',
      access: 'public',
      params: ReceiptParams.extend({
        position: z.coerce
          .number()
          .int()
          .min(0)
          .max(MAX_PHOTOS - 1),
      }),
      response: { status: 200, contentType: 'image/jpeg' },
      before: limit.read,
      handler: async ({ params, res }) => {
        const photo = await s.intake.trackPhoto(params.receipt, params.position);
        res.set('Cache-Control', 'private, max-age=86400').type(photo.mime).send(photo.data);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/topics/:id/cosign',
      tag: 'intake',
      summary: 'Co-sign (附议) a topic: once per device, and once per phone number when given',
      access: 'public',
      params: z.object({ id: Id }).strict(),
      body: CosignBody,
      response: { status: 200, schema: CosignResult },
      errors: [429],
      before: limit.cosign,
      handler: ({ params, body }) => s.intake.cosign(params.id, body.deviceId, body.phone),
    }),
  ];
}
