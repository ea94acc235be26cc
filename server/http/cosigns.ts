import type { RequestHandler } from 'express';
import * as z from 'zod';
import { Id } from '../../shared/schemas/common.js';
import {
  CosignCandidate,
  CosignCandidatesQuery,
  CosignCodeBody,
  CosignCodeResult,
  CosignSummary,
  CosignVerifyBody,
  DeskCosignBody,
  VerifiedCosignResult,
} from '../../shared/schemas/cosign.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

export interface CosignLimiters {
  /** Sending a code costs money and reaches a person's phone: few per address. */
  sms: RequestHandler[];
  /** Checking codes: per address, on top of each code's own five tries. */
  verify: RequestHandler[];
  read: RequestHandler[];
}

const TopicParams = z.object({ id: Id }).strict();

/** Co-signs matched to the register (附议核验): by a code sent by SMS, or at the village desk. */
export function cosignRoutes(s: Services, limit: CosignLimiters): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/topics/:id/cosign/code',
      tag: 'intake',
      summary:
        'Send a one-time code to a phone the village register holds, to co-sign as that person (the same answer for any number)',
      access: 'public',
      params: TopicParams,
      body: CosignCodeBody,
      response: { status: 200, schema: CosignCodeResult },
      errors: [429, 503],
      before: limit.sms,
      handler: ({ params, body }) => s.verifiedCosigns.requestCode(params.id, body.phone),
    }),
    defineRoute({
      method: 'post',
      path: '/api/topics/:id/cosign/verify',
      tag: 'intake',
      summary: 'Co-sign with the code: counted once per person on the register, toward legal triggers',
      access: 'public',
      params: TopicParams,
      body: CosignVerifyBody,
      response: { status: 200, schema: VerifiedCosignResult },
      errors: [429],
      before: limit.verify,
      handler: ({ params, body }) =>
        s.verifiedCosigns.verifyCode(params.id, body.phone, body.code, body.deviceId, body.notify),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/cosign/summary',
      tag: 'intake',
      summary: "A topic's support and verified co-signs against the register's adults",
      access: 'public',
      params: TopicParams,
      response: { status: 200, schema: CosignSummary },
      before: limit.read,
      handler: ({ params }) => s.verifiedCosigns.summary(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/topics/:id/cosign/candidates',
      tag: 'review',
      summary: 'People of the village matching a name, for a co-sign given in person at the desk',
      access: 'staff',
      params: TopicParams,
      query: CosignCandidatesQuery,
      response: { status: 200, schema: z.array(CosignCandidate) },
      handler: ({ params, query, principal }) => s.verifiedCosigns.candidates(principal, params.id, query.q),
    }),
    defineRoute({
      method: 'post',
      path: '/api/topics/:id/cosign/desk',
      tag: 'review',
      summary: 'The desk records a co-sign given in person by a resident on the register',
      access: 'staff',
      params: TopicParams,
      body: DeskCosignBody,
      response: { status: 200, schema: VerifiedCosignResult },
      handler: ({ params, body, principal }) => s.verifiedCosigns.deskCosign(principal, params.id, body.personId),
    }),
  ];
}
