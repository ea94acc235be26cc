import * as z from 'zod';
import { IdParams } from '../../shared/schemas/common.js';
import {
  DeliveryList,
  DeliveryView,
  NotificationList,
  WebhookBody,
  WebhookView,
} from '../../shared/schemas/resolution.js';
import type { Services } from '../services/index.js';
import { defineRoute, type AnyRoute } from './route.js';

/** The signed-in user's notifications (read/unread), and admins' webhooks with their deliveries. */
export function notificationRoutes(s: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/notifications',
      tag: 'notifications',
      summary: 'My notifications, newest first, with the unread count',
      access: 'staff',
      query: z.object({ unread: z.enum(['1', '0']).optional() }).strict(),
      response: { status: 200, schema: NotificationList },
      handler: ({ principal, locale, query }) => s.notifier.list(principal, locale, query.unread === '1'),
    }),
    defineRoute({
      method: 'post',
      path: '/api/notifications/:id/read',
      tag: 'notifications',
      summary: 'Marks one of my notifications read',
      access: 'staff',
      params: IdParams,
      response: { status: 204 },
      handler: ({ principal, params }) => s.notifier.markRead(principal, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/notifications/read-all',
      tag: 'notifications',
      summary: 'Marks all my notifications read',
      access: 'staff',
      response: { status: 204 },
      handler: ({ principal }) => s.notifier.markAllRead(principal),
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/:id/webhook',
      tag: 'notifications',
      summary: 'An organisation’s webhook and its latest deliveries (admins)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: DeliveryList },
      handler: ({ principal, params }) => s.webhooks.deliveries(principal, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/api/organisations/:id/webhook',
      tag: 'notifications',
      summary: 'Sets an organisation’s webhook: a WeCom or DingTalk group robot, or plain JSON (admins)',
      access: 'staff',
      params: IdParams,
      body: WebhookBody,
      response: { status: 200, schema: WebhookView },
      handler: ({ principal, params, body }) => s.webhooks.configure(principal, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/webhook-deliveries/:id/retry',
      tag: 'notifications',
      summary: 'Sends a failed delivery again (admins)',
      access: 'staff',
      params: IdParams,
      response: { status: 200, schema: DeliveryView },
      handler: ({ principal, params }) => s.webhooks.retry(principal, params.id),
    }),
  ];
}
