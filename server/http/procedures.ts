import type { RequestHandler } from 'express';
import * as z from 'zod';
import { normaliseCode } from '../../shared/rules/intake.js';
import { Id, IdParams, OrganisationRef } from '../../shared/schemas/common.js';
import { IntakeCodeParams, ReceiptParams } from '../../shared/schemas/intake.js';
import { MeetingSummary } from '../../shared/schemas/meeting.js';
import {
  AnswerBody,
  DiffQuery,
  DiffView,
  EndBody,
  ObjectionBody,
  ObjectionParams,
  ObjectionReceipt,
  ObjectionTrack,
  OpenProcedureBody,
  ProcedureDetail,
  ProcedureList,
  ProcedureListQuery,
  ProcedureStats,
  PublicationParams,
  PublishBody,
  PublicTimelines,
  ReturnBody,
  ReviseBody,
  ScheduleBody,
  WithdrawBody,
} from '../../shared/schemas/procedure.js';
import type { Principal } from '../services/access.js';
import type { Services } from '../services/index.js';
import { errors } from '../errors.js';
import { defineRoute, type AnyRoute } from './route.js';

/** As on the intake form (server/http/intake.ts). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,80}$/;

/**
 * 四议两公开: open and carry a major matter, the township's view, the archive, and the public
 * side (the board's timelines, the matters on display and objections through an intake code).
 */
export function procedureRoutes(
  s: Services,
  limits: { read: RequestHandler[]; object: RequestHandler[]; file: RequestHandler[] },
): AnyRoute[] {
  const detail = (principal: Principal, id: number) => s.procedureQueries.detail(principal, id);
  const verb = <B extends z.ZodType, P extends z.ZodType = typeof IdParams>(
    path: string,
    summary: string,
    body: B,
    act: (p: Principal, params: z.output<P>, body: z.output<B>) => Promise<unknown>,
    params?: P,
  ) =>
    defineRoute({
      method: 'post',
      path,
      tag: 'procedures',
      summary,
      access: 'staff',
      params: params ?? IdParams,
      body,
      response: { status: 200, schema: ProcedureDetail },
      errors: [409],
      handler: async ({ principal, params: p, body: b }) => {
        const ps = p as z.output<P> & { id: number };
        await act(principal, ps, b as z.output<B>);
        return detail(principal, ps.id);
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/api/procedures',
      tag: 'procedures',
      summary: 'Major matters under an organisation (the township’s view): filters by village, kind, state and flag',
      access: 'staff',
      query: ProcedureListQuery,
      response: { status: 200, schema: ProcedureList },
      handler: ({ principal, query }) => s.procedureQueries.list(principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/procedures/stats',
      tag: 'procedures',
      summary: 'Opened, completed, returned and flagged matters and the average days per stage under an organisation',
      access: 'staff',
      query: OrganisationRef,
      response: { status: 200, schema: ProcedureStats },
      handler: ({ principal, query }) => s.procedureQueries.stats(principal, query.organisationId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/procedures',
      tag: 'procedures',
      summary: 'Open a major matter at a village, with the first version of its proposal',
      access: 'staff',
      body: OpenProcedureBody,
      response: { status: 201, schema: ProcedureDetail },
      handler: async ({ principal, body }) => detail(principal, await s.procedures.open(principal, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/procedures/:id',
      tag: 'procedures',
      summary: 'One major matter: its stages, proposal versions, publications, objections, flags and history',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: ProcedureDetail },
      handler: ({ principal, params }) => detail(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/procedures/:id/diff',
      tag: 'procedures',
      summary: 'What changed between two versions of the proposal, word by word',
      access: 'staff',
      params: IdParams,
      query: DiffQuery,
      response: { status: 200, schema: DiffView },
      handler: ({ principal, params, query }) => s.procedureQueries.diff(principal, params.id, query.from, query.to),
    }),
    defineRoute({
      method: 'get',
      path: '/api/procedures/:id/meetings',
      tag: 'procedures',
      summary: 'Meetings of the village not yet closed whose body may decide the stage the matter waits for',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: z.object({ items: z.array(MeetingSummary) }) },
      handler: async ({ principal, params }) => ({ items: await s.procedureQueries.meetingsFor(principal, params.id) }),
    }),
    verb('/api/procedures/:id/versions', 'Save a new version of the proposal', ReviseBody, (p, { id }, b) =>
      s.procedures.revise(p, id, b),
    ),
    verb(
      '/api/procedures/:id/schedule',
      'Put the next stage on a meeting’s agenda (refused unless the previous stage passed and the body fits)',
      ScheduleBody,
      (p, { id }, b) => s.meetings.addItem(p, b.meetingId, { procedureId: id, stage: b.stage }),
    ),
    verb(
      '/api/procedures/:id/return',
      'After a failed stage: return the matter to that stage or an earlier one',
      ReturnBody,
      (p, { id }, b) => s.procedures.returnTo(p, id, b),
    ),
    verb('/api/procedures/:id/end', 'End the matter, with a reason', EndBody, (p, { id }, b) =>
      s.procedures.end(p, id, b),
    ),
    verb(
      '/api/procedures/:id/publications',
      'Publish the resolution or its result with a display period',
      PublishBody,
      (p, { id }, b) => s.procedurePublications.publish(p, id, b),
    ),
    verb(
      '/api/procedures/:id/publications/:kind/withdraw',
      'Take a publication down before its period ends (flags the matter)',
      WithdrawBody,
      (p, params, b) => s.procedurePublications.withdraw(p, params.id, params.kind, b.reason),
      PublicationParams,
    ),
    verb(
      '/api/procedures/:id/objections/:objectionId/answer',
      'Answer a resident’s objection',
      AnswerBody,
      (p, params, b) => s.procedureObjections.answer(p, params.id, params.objectionId, b.answer),
      ObjectionParams,
    ),
    ...(['pdf', 'docx'] as const).map((format) =>
      defineRoute({
        method: 'get',
        path: `/api/procedures/:id/archive.${format}`,
        tag: 'procedures',
        summary: `The matter’s archive bundle as ${format.toUpperCase()}: proposal and history, each stage’s meeting, both publications, SHA-256 of each part`,
        access: 'staff',
        params: IdParams,
        response: {
          status: 200,
          contentType:
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
        before: limits.file,
        handler: async ({ principal, params, res, locale }) => {
          const file = await s.procedureArchive.render(principal, params.id, format, locale);
          res
            .type(file.contentType)
            .set('Content-Disposition', `attachment; filename="${file.filename}"`)
            .send(file.data);
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/api/board/:organisationId/procedures',
      tag: 'board',
      summary:
        '公开栏: each major matter’s timeline (four stages with dates and outcomes, two publications with their periods)',
      access: 'public',
      params: z.object({ organisationId: Id }).strict(),
      response: { status: 200, schema: PublicTimelines },
      before: limits.read,
      handler: async ({ params }) => ({
        items: await s.procedureQueries.timelines(params.organisationId),
        intakeCode: await s.procedureObjections.intakeCodeOf(params.organisationId),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/intake/:code/procedures',
      tag: 'intake',
      summary: 'Major matters of the code’s village now on display, to which residents may object',
      access: 'public',
      params: IntakeCodeParams,
      response: { status: 200, schema: PublicTimelines },
      before: limits.read,
      handler: async ({ params }) => {
        const { organisationId, ids } = await s.procedurePublications.onDisplay(params.code);
        return {
          items: ids.length ? await s.procedureQueries.timelines(organisationId, ids) : [],
          intakeCode: normaliseCode(params.code),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/intake/:code/objections',
      tag: 'intake',
      summary:
        'Object (异议) to a major matter on display; routed to the village’s reviewers. Returns a receipt to follow the answer by; an Idempotency-Key header makes retries safe',
      access: 'public',
      params: IntakeCodeParams,
      body: ObjectionBody,
      response: { status: 201, schema: ObjectionReceipt },
      errors: [409, 429],
      before: limits.object,
      handler: ({ params, body, req }) => {
        const key = req.get('idempotency-key') ?? null;
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw errors.invalid('intake.error.idempotency_key');
        return s.procedureObjections.object(params.code, body, key);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/objections/:receipt',
      tag: 'intake',
      summary: 'A resident’s objection by its receipt: the matter, the text, whether it was answered and the answer',
      access: 'public',
      params: ReceiptParams,
      response: { status: 200, schema: ObjectionTrack },
      before: limits.read,
      handler: ({ params }) => s.procedureObjections.track(params.receipt),
    }),
  ];
}
