import type { Result } from '../../shared/error-codes.js';
import type {
  CloseBody,
  DeliveryList,
  DeliveryView,
  DispatchInput,
  NotificationList,
  NotificationView,
  ResolutionDetail,
  ResolutionList,
  ResolutionSummary,
  WebhookBody,
  WebhookView,
} from '../../shared/schemas/resolution.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { query, request, upload } from './api.js';
import { connection } from './socket.js';

/** Staff side of resolutions: dashboard, inbox, one resolution and its verbs, notifications, webhooks. */
export const listResolutions = (params: {
  view: 'follow' | 'inbox';
  organisationId?: number;
  state?: string;
  offset?: number;
  limit?: number;
}): Promise<ResolutionList> => request<ResolutionList>('GET', `/api/resolutions${query({ limit: 200, ...params })}`);

export const getResolution = (id: number): Promise<ResolutionDetail> =>
  request<ResolutionDetail>('GET', `/api/resolutions/${id}`);

export const dispatchTargets = (id: number): Promise<ReferralTargets> =>
  request<ReferralTargets>('GET', `/api/resolutions/${id}/targets`);

export type Verb =
  | { verb: 'dispatch'; body: DispatchInput }
  | { verb: 'accept'; body?: undefined }
  | { verb: 'return' | 'withdraw'; body: { reason: string } }
  | { verb: 'progress'; body: { note: string } }
  | { verb: 'report'; body: { result: string } }
  | { verb: 'close'; body: Partial<CloseBody> }
  | { verb: 'deadline'; body: { deadline: string; reason: string } };

export const act = (id: number, v: Verb): Promise<ResolutionDetail> =>
  request<ResolutionDetail>('POST', `/api/resolutions/${id}/${v.verb}`, v.body ?? undefined);

/** Progress or a report with photos: multipart, the JSON in `body` and the images in `photos`. */
export function actWithPhotos(
  id: number,
  verb: 'progress' | 'report',
  body: Record<string, string>,
  photos: File[],
): Promise<ResolutionDetail> {
  const form = new FormData();
  form.append('body', JSON.stringify(body));
  for (const p of photos) form.append('photos', p, p.name);
  return upload<ResolutionDetail>(`/api/resolutions/${id}/${verb}`, form);
}

export const listNotifications = (): Promise<NotificationList> =>
  request<NotificationList>('GET', '/api/notifications');
export const markRead = (id: number): Promise<void> => request<void>('POST', `/api/notifications/${id}/read`);
export const markAllRead = (): Promise<void> => request<void>('POST', '/api/notifications/read-all');

export const webhookOf = (organisationId: number): Promise<DeliveryList> =>
  request<DeliveryList>('GET', `/api/organisations/${organisationId}/webhook`);
export const setWebhook = (organisationId: number, body: WebhookBody): Promise<WebhookView> =>
  request<WebhookView>('PUT', `/api/organisations/${organisationId}/webhook`, body);
export const retryDelivery = (id: number): Promise<DeliveryView> =>
  request<DeliveryView>('POST', `/api/webhook-deliveries/${id}/retry`);

/** Live changes of the resolutions this page lists; joins again after every reconnect. */
export function watchResolutions(view: 'follow' | 'inbox', onUpdated: (r: ResolutionSummary) => void): () => void {
  const s = connection();
  const watch = () => s.emit('resolutions:watch', { view }, (_: Result<{ rooms: number }>) => undefined);
  s.on('connect', watch);
  s.on('resolution:updated', onUpdated);
  if (s.connected) watch();
  return () => {
    s.off('connect', watch);
    s.off('resolution:updated', onUpdated);
  };
}

/** My notifications as they change (a new one arrives in my language, or some were read). */
export function watchNotifications(
  fn: (change: { unread: number; latest: NotificationView | null }) => void,
): () => void {
  const s = connection();
  s.on('notifications:changed', fn);
  return () => s.off('notifications:changed', fn);
}

/** The unread count for the menu: read once, then kept live. */
export function watchUnread(fn: (unread: number) => void): () => void {
  let stopped = false;
  listNotifications().then(
    (l) => !stopped && fn(l.unread),
    () => undefined,
  );
  const stop = watchNotifications((c) => fn(c.unread));
  return () => {
    stopped = true;
    stop();
  };
}
