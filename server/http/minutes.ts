import type { Response } from 'express';
import { IdParams, PageQuery } from '../../shared/schemas/common.js';
import {
  BoardListParams,
  BoardMinutes,
  BoardMinutesList,
  BoardMinutesParams,
  MinutesInfo,
} from '../../shared/schemas/minutes.js';
import type { Services } from '../services/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../services/minutes/export.js';
import { defineRoute, type AnyRoute } from './route.js';
import type { RequestHandler } from 'express';

const sendFile = (res: Response, file: { body: Buffer; contentType: string; filename: string }, cache: string) => {
  res.attachment(file.filename).type(file.contentType).set('Cache-Control', cache).send(file.body);
};

/**
 * Minutes. Staff: what the minutes page needs, the final version as DOCX/PDF, publishing.
 * Public (the board): published minutes of an organisation, one of them as text, DOCX and PDF —
 * always the redacted copy. Editing itself happens over Yjs at /yjs/minutes:<meetingId>.
 */
export function minutesRoutes(s: Services, limits: { read: RequestHandler[]; file: RequestHandler[] }): AnyRoute[] {
  const formats = Object.keys(EXPORT_FORMATS) as ExportFormat[];
  return [
    defineRoute({
      method: 'get',
      path: '/api/meetings/:id/minutes',
      tag: 'minutes',
      summary: 'The minutes of a meeting: whether you may write, and the final version once the meeting closed',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: MinutesInfo },
      handler: ({ principal, params }) => s.minutesPublishing.info(principal, params.id),
    }),
    ...formats.map((format) =>
      defineRoute({
        method: 'get',
        path: `/api/meetings/:id/minutes.${format}`,
        tag: 'minutes',
        summary: `The final minutes as ${format.toUpperCase()} (409 before the meeting closed)`,
        access: 'staff',
        params: IdParams,
        response: { status: 200, contentType: EXPORT_FORMATS[format].contentType },
        errors: [409],
        handler: async ({ principal, params, res, locale }) =>
          sendFile(res, await s.minutesPublishing.file(principal, params.id, format, locale), 'private, no-cache'),
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/api/meetings/:id/minutes/publish',
      tag: 'minutes',
      summary: 'Publish the final minutes on the public board, phone numbers and residents’ names removed',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: MinutesInfo },
      errors: [409],
      handler: ({ principal, params }) => s.minutesPublishing.publish(principal, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/board/:organisationId/minutes',
      tag: 'board',
      summary: 'Published minutes of an organisation and the organisations below it, newest first',
      access: 'public',
      params: BoardListParams,
      query: PageQuery.strict(),
      response: { status: 200, schema: BoardMinutesList },
      before: limits.read,
      handler: ({ params, query }) => s.minutesPublishing.board(params.organisationId, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/board/minutes/:meetingId',
      tag: 'board',
      summary: 'One published minutes (the redacted public copy) as text and structure, with its downloads',
      access: 'public',
      params: BoardMinutesParams,
      response: { status: 200, schema: BoardMinutes },
      before: limits.read,
      handler: ({ params, locale }) => s.minutesPublishing.boardRead(params.meetingId, locale),
    }),
    ...formats.map((format) =>
      defineRoute({
        method: 'get',
        path: `/api/board/minutes/:meetingId/minutes.${format}`,
        tag: 'board',
        summary: `One published minutes (the redacted public copy) as ${format.toUpperCase()}`,
        access: 'public',
        params: BoardMinutesParams,
        response: { status: 200, contentType: EXPORT_FORMATS[format].contentType },
        before: limits.file,
        handler: async ({ params, res, locale }) =>
          sendFile(res, await s.minutesPublishing.boardFile(params.meetingId, format, locale), 'public, max-age=300'),
      }),
    ),
  ];
}
