import * as z from 'zod';
import { Id, IdParams } from '../../shared/schemas/common.js';
import {
  AgendaCandidates,
  AgendaItemBody,
  AttendanceBody,
  CheckedIn,
  CheckinBody,
  CheckinList,
  CreateMeetingBody,
  InviteeBody,
  LinkView,
  LiveState,
  MeetingList,
  MeetingListQuery,
  MeetingStaff,
  MeetingView,
  ReorderAgendaBody,
  TransitionBody,
  UpdateMeetingBody,
} from '../../shared/schemas/meeting.js';
import type { Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { loadMeeting } from '../services/meeting-access.js';
import { defineRoute, type AnyRoute } from './route.js';
import type { RequestHandler } from 'express';

const InviteeParams = z.object({ id: Id, inviteeId: Id }).strict();

/** Meetings: preparation (staff), the hall's links, and check-in (public, by the projector's rotating code). */
export function meetingRoutes(
  s: Services,
  limiters: { checkin: RequestHandler[]; read: RequestHandler[] },
): AnyRoute[] {
  /** A staff change to one meeting, answered with the whole meeting as it now is. */
  const staff = <B extends z.ZodType, P extends z.ZodType>(
    method: 'post' | 'patch' | 'delete',
    path: string,
    summary: string,
    body: B | undefined,
    run: (ctx: { principal: Principal; params: z.output<P>; body: z.output<B> }) => Promise<unknown>,
    params?: P,
  ) =>
    defineRoute({
      method,
      path,
      tag: 'meetings',
      summary,
      access: 'staff',
      params: params ?? IdParams,
      ...(body ? { body } : {}),
      response: { status: 200, schema: MeetingView },
      errors: [409],
      handler: ({ principal, params: p, body: b }) =>
        run({ principal, params: p as z.output<P>, body: b as z.output<B> }),
    });
  const idOf = (p: unknown) => (p as { id: number }).id;
  const inviteeOf = (p: unknown) => (p as { inviteeId: number }).inviteeId;
  return [
    defineRoute({
      method: 'get',
      path: '/api/meetings',
      tag: 'meetings',
      summary: 'Meetings in my part of the tree, newest first; filter by status and organisation',
      access: 'staff',
      query: MeetingListQuery,
      response: { status: 200, schema: MeetingList },
      handler: ({ principal, query }) => s.meetings.list(principal, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/meetings',
      tag: 'meetings',
      summary: 'Create a meeting (draft) of a kind, with its deliberating body, convener and secretaries',
      access: 'staff',
      body: CreateMeetingBody,
      response: { status: 201, schema: MeetingView },
      handler: ({ principal, body }) => s.meetings.create(principal, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/meeting-staff',
      tag: 'meetings',
      summary: 'Staff who may convene, take minutes or be invited (a role at the organisation or above)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: MeetingStaff },
      handler: ({ principal, params }) => s.meetings.staff(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id',
      tag: 'meetings',
      summary: 'A meeting with its agenda, invitees and attendance',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: MeetingView },
      handler: ({ principal, params }) => s.meetings.get(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/live',
      tag: 'meetings',
      summary: 'The live state of the hall (the console polls nothing: this is for a first paint and for tests)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: LiveState },
      handler: async ({ principal, params }) =>
        s.live.state(await loadMeeting(s.db, s.tree, principal, params.id), true),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/candidates',
      tag: 'meetings',
      summary: 'Accepted topics that can go on the agenda; those open over 30 days are the round-table’s suggestions',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: AgendaCandidates },
      handler: ({ principal, params }) => s.meetings.candidates(principal, params.id),
    }),
    staff('patch', '/api/meetings/:id', 'Edit a meeting that is not closed', UpdateMeetingBody, (c) =>
      s.meetings.update(c.principal, idOf(c.params), c.body),
    ),
    staff('post', '/api/meetings/:id/transition', 'Publish, unpublish, open or close a meeting', TransitionBody, (c) =>
      s.meetings.transition(c.principal, idOf(c.params), c.body.to),
    ),
    staff(
      'post',
      '/api/meetings/:id/agenda',
      'Add an accepted topic or a free item to the agenda',
      AgendaItemBody,
      (c) => s.meetings.addItem(c.principal, idOf(c.params), c.body),
    ),
    staff(
      'post',
      '/api/meetings/:id/agenda/order',
      'Reorder the agenda (all item ids, in the new order)',
      ReorderAgendaBody,
      (c) => s.meetings.reorder(c.principal, idOf(c.params), c.body.itemIds),
    ),
    staff(
      'delete',
      '/api/meetings/:id/agenda/:itemId',
      'Remove an agenda item',
      undefined,
      (c) => s.meetings.removeItem(c.principal, idOf(c.params), (c.params as { itemId: number }).itemId),
      z.object({ id: Id, itemId: Id }).strict(),
    ),
    staff(
      'post',
      '/api/meetings/:id/invitees',
      'Invite a staff member or a named guest (乡贤, enterprise, resident)',
      InviteeBody,
      (c) => s.meetings.addInvitee(c.principal, idOf(c.params), c.body),
    ),
    staff(
      'delete',
      '/api/meetings/:id/invitees/:inviteeId',
      'Remove an invitee (their pass stops working)',
      undefined,
      (c) => s.meetings.removeInvitee(c.principal, idOf(c.params), inviteeOf(c.params)),
      InviteeParams,
    ),
    staff('post', '/api/meetings/:id/attendance', 'Mark someone present or absent by hand', AttendanceBody, (c) =>
      s.meetings.mark(c.principal, idOf(c.params), c.body.inviteeId, c.body.present),
    ),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/invitees/:inviteeId/invite-link',
      tag: 'meetings',
      summary:
        'Issue a personal link to follow (and, where allowed, vote) remotely; issuing again ends the previous one',
      access: 'staff',
      params: InviteeParams,
      response: { status: 200, schema: LinkView },
      errors: [409],
      handler: ({ principal, params }) =>
        s.meetings.issueInvite(principal, params.id, params.inviteeId, s.config.publicUrl),
    }),
    staff(
      'delete',
      '/api/meetings/:id/invitees/:inviteeId/invite-link',
      'Withdraw a person’s link (or checked-in phone)',
      undefined,
      (c) => s.meetings.revokeInvite(c.principal, idOf(c.params), inviteeOf(c.params)),
      InviteeParams,
    ),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/screen-link',
      tag: 'meetings',
      summary: 'Issue the projector link (no login needed); issuing again revokes the previous one',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: LinkView },
      errors: [409],
      handler: ({ principal, params }) => s.live.issueScreenToken(principal, params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/meetings/:id/screen-link',
      tag: 'meetings',
      summary: 'Withdraw the projector link; screens showing it stop at once',
      access: 'staff',
      params: IdParams,
      response: { status: 204 },
      errors: [409],
      handler: ({ principal, params }) => s.live.revokeScreenToken(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/agenda/:itemId/photos/:position',
      tag: 'meetings',
      summary: 'A photo of a topic on the agenda, for staff, the projector (token) or a participant (pass)',
      access: 'public',
      params: z.object({ id: Id, itemId: Id, position: z.coerce.number().int().min(0).max(9) }).strict(),
      query: z.object({ token: z.string().min(16).max(100).optional() }).strict(),
      response: { status: 200, contentType: 'image/jpeg' },
      before: limiters.read,
      handler: async ({ principal, params, query, res }) => {
        const photo = await s.live.photo(params.id, params.itemId, params.position, principal, query.token);
        res.set('Cache-Control', 'private, max-age=86400').type(photo.mime).send(photo.data);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/checkin',
      tag: 'meetings',
      summary: 'Who can check in, for a holder of the current code on the projector',
      access: 'public',
      params: IdParams,
      query: z.object({ code: z.string().trim().min(4).max(12) }).strict(),
      response: { status: 200, schema: CheckinList },
      before: limiters.checkin,
      handler: ({ params, query, principal }) => s.live.checkinList(params.id, query.code, principal),
    }),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/checkin',
      tag: 'meetings',
      summary:
        'Check in with the projector’s rotating code and a personal pass (or, for staff, a login); a name alone asks the desk',
      access: 'public',
      params: IdParams,
      body: CheckinBody,
      response: { status: 200, schema: CheckedIn },
      before: limiters.checkin,
      handler: ({ params, body, principal }) => s.checkin.checkin(params.id, body, principal),
    }),
  ];
}
