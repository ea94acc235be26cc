import { IdParams } from '../../shared/schemas/common.js';
import {
  CreateIntakeCodeBody,
  IntakeCodeList,
  IntakeCodeView,
  UpdateIntakeCodeBody,
} from '../../shared/schemas/intake.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Staff manage and print intake codes; authorisation (admin or reviewer there) lives in the service. */
export function intakeCodeRoutes(s: Services): AnyRoute[] {
  const file = (
    suffix: string,
    contentType: string,
    summary: string,
    produce: (userId: Parameters<Services['intakeCodes']['qrSvg']>[0], id: number) => Promise<string | Buffer>,
    download?: string,
  ) =>
    defineRoute({
      method: 'get',
      path: `/api/intake-codes/:id/${suffix}`,
      tag: 'intake-codes',
      summary,
      access: 'staff',
      params: IdParams,
      response: { status: 200, contentType },
      handler: async ({ principal, params, res }) => {
        const body = await produce(principal, params.id);
        if (download) res.attachment(`${download}-${params.id}.${suffix.split('.').pop()}`);
        res.type(contentType).set('Cache-Control', 'private, no-cache').send(body);
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/intake-codes',
      tag: 'intake-codes',
      summary: 'Intake codes of an organisation',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: IntakeCodeList },
      handler: async ({ principal, params }) => ({ items: await s.intakeCodes.list(principal, params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/:id/intake-codes',
      tag: 'intake-codes',
      summary: 'Create an intake code (a printed code for a village, grid, hall or studio)',
      access: 'staff',
      params: IdParams,
      body: CreateIntakeCodeBody,
      response: { status: 201, schema: IntakeCodeView },
      handler: ({ principal, params, body }) => s.intakeCodes.create(principal, params.id, body.label),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/intake-codes/:id',
      tag: 'intake-codes',
      summary: 'Relabel, disable or re-enable an intake code',
      access: 'staff',
      params: IdParams,
      body: UpdateIntakeCodeBody,
      response: { status: 200, schema: IntakeCodeView },
      handler: ({ principal, params, body }) => s.intakeCodes.update(principal, params.id, body),
    }),
    file('qr.svg', 'image/svg+xml', 'The QR code as SVG', (p, id) => s.intakeCodes.qrSvg(p, id)),
    file('qr.png', 'image/png', 'The QR code as PNG (600 px)', (p, id) => s.intakeCodes.qrPng(p, id), 'qr'),
    file(
      'poster.pdf',
      'application/pdf',
      'A printable A4 poster with the QR, the short URL and the code',
      (p, id) => s.intakeCodes.poster(p, id),
      'poster',
    ),
  ];
}
