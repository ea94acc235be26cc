import type { RequestHandler } from 'express';
import * as z from 'zod';
import {
  CheckinDecisionBody,
  CheckinRequestList,
  CheckinRequestParams,
  CheckinRequestView,
  CheckinStatus,
  CheckinStatusBody,
  DeskCheckedIn,
  DeskPassBody,
  PassParams,
  PassRemote,
  PassRemoteBody,
  PassView,
  ProxyBody,
} from '../../shared/schemas/checkin.js';
import { Id, IdParams } from '../../shared/schemas/common.js';
import { LinkView, MeetingView } from '../../shared/schemas/meeting.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/**
 * Check-in that proves identity (issue 13): the requesting phone's poll, the desk (签到台) deciding
 * requests and scanning pass cards, proxies, and personal passes (参会证) with their A4 sheet.
 */
export function checkinRoutes(
  s: Services,
  limiters: { poll: RequestHandler[]; read: RequestHandler[]; file: RequestHandler[] },
): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/checkin/status',
      tag: 'checkin',
      summary: 'Whether the desk has decided my check-in request (asked with the secret only my phone holds)',
      access: 'public',
      params: IdParams,
      body: CheckinStatusBody,
      response: { status: 200, schema: CheckinStatus },
      before: limiters.poll,
      handler: ({ params, body }) => s.checkin.status(params.id, body.requestToken),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/checkin-requests',
      tag: 'checkin',
      summary: 'The desk: check-in requests waiting, then the latest decided (who confirmed whom)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: CheckinRequestList },
      handler: ({ principal, params }) => s.checkin.requests(principal, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/checkin-requests/:requestId/decision',
      tag: 'checkin',
      summary: 'The desk confirms (this is the person) or rejects a check-in request',
      access: 'staff',
      params: CheckinRequestParams,
      body: CheckinDecisionBody,
      response: { status: 200, schema: CheckinRequestView },
      errors: [409],
      handler: ({ principal, params, body }) => s.checkin.decide(principal, params.id, params.requestId, body.confirm),
    }),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/desk/pass',
      tag: 'checkin',
      summary: 'The desk scans a pass card (or types its code): that person is checked in',
      access: 'staff',
      params: IdParams,
      body: DeskPassBody,
      response: { status: 200, schema: DeskCheckedIn },
      errors: [409],
      handler: ({ principal, params, body }) => s.checkin.scanPass(principal, params.id, body.pass),
    }),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/proxies',
      tag: 'checkin',
      summary: 'Record a proxy (委托) where the body allows it: the holder attends for the person represented',
      access: 'staff',
      params: IdParams,
      body: ProxyBody,
      response: { status: 200, schema: MeetingView },
      errors: [409],
      handler: async ({ principal, params, body }) => {
        await s.proxies.record(principal, params.id, body.holderInviteeId, body.representedInviteeId);
        return s.meetings.get(principal, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/bodies/:id/pass-sheet',
      tag: 'checkin',
      summary:
        'New personal passes for every current seat of a body, as an A4 PDF of cards; earlier passes stop working',
      access: 'staff',
      params: IdParams,
      response: { status: 200, contentType: 'application/pdf' },
      before: limiters.file,
      handler: async ({ principal, params, res }) => {
        const { pdf, filename } = await s.passes.sheet(principal, params.id);
        res.set('Cache-Control', 'no-store').attachment(filename).type('application/pdf').send(pdf);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/bodies/:id/members/:memberId/pass-link',
      tag: 'checkin',
      summary: 'A new personal link for one seat (to send by SMS); the earlier card and link stop working',
      access: 'staff',
      params: z.object({ id: Id, memberId: Id }).strict(),
      response: { status: 200, schema: LinkView },
      handler: ({ principal, params }) => s.passes.link(principal, params.id, params.memberId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/passes/:token',
      tag: 'checkin',
      summary: 'Whose personal pass this is (name, body, village), for the phone that keeps it',
      access: 'public',
      params: PassParams,
      response: { status: 200, schema: PassView },
      before: limiters.read,
      handler: ({ params }) => s.remotePasses.view(params.token),
    }),
    defineRoute({
      method: 'post',
      path: '/api/passes/:token/remote',
      tag: 'checkin',
      summary:
        'Follow a live meeting of the pass’s body from elsewhere: a participant token, recorded as remote attendance (counted, and voting, only where the organisation allows remote voting)',
      access: 'public',
      params: PassParams,
      body: PassRemoteBody,
      response: { status: 200, schema: PassRemote },
      errors: [409],
      before: limiters.poll,
      handler: ({ params, body }) => s.remotePasses.follow(params.token, body.meetingId),
    }),
  ];
}
