import type {
  CosignResult,
  IntakeInfo,
  PublicTopic,
  SubmitTopicBody,
  SubmitTopicResult,
  TrackView,
} from '../../shared/schemas/intake.js';
import { request, upload } from './api.js';
import { deviceId } from './device.js';

/** The residents' API (码上议): no account; the device id travels for the per-device limits. */
const enc = encodeURIComponent;

export const getIntake = (code: string): Promise<IntakeInfo> => request<IntakeInfo>('GET', `/api/intake/${enc(code)}`);

/** Open topics of the code's organisation whose titles look like `q`; `signal` drops a stale search. */
export const similarTopics = async (code: string, q: string, signal?: AbortSignal): Promise<PublicTopic[]> =>
  (
    await request<{ items: PublicTopic[] }>('GET', `/api/intake/${enc(code)}/similar?q=${enc(q)}`, undefined, {
      ...(signal ? { signal } : {}),
    })
  ).items;

/** Accepted topics of the code's organisation, to co-sign. */
export const publicTopics = async (code: string): Promise<PublicTopic[]> =>
  (await request<{ items: PublicTopic[] }>('GET', `/api/intake/${enc(code)}/topics`)).items;

/** Co-signs once for this device (and for the phone number, when given). */
export const cosign = (topicId: number, phone?: string): Promise<CosignResult> =>
  request<CosignResult>('POST', `/api/topics/${topicId}/cosign`, { deviceId: deviceId(), ...(phone ? { phone } : {}) });

/**
 * Submits a topic. The same `idempotencyKey` on a retry returns the first receipt, so a
 * submission that was stored but whose answer was lost is never stored twice. Photos go as
 * multipart with upload progress; without photos it is plain JSON.
 */
export function submitTopic(
  code: string,
  body: SubmitTopicBody,
  photos: Blob[],
  idempotencyKey: string,
  onProgress?: (fraction: number) => void,
): Promise<SubmitTopicResult> {
  const path = `/api/intake/${enc(code)}/topics`;
  const headers = { 'Idempotency-Key': idempotencyKey, 'X-Device-Id': deviceId() };
  const withDevice = { ...body, deviceId: deviceId() };
  if (!photos.length) return request<SubmitTopicResult>('POST', path, withDevice, { headers });
  const form = new FormData();
  form.append('topic', JSON.stringify(withDevice));
  photos.forEach((p, i) => form.append('photos', p, `photo-${i + 1}.jpg`));
  return upload<SubmitTopicResult>(path, form, { headers, ...(onProgress ? { onProgress } : {}) });
}

export const track = (receipt: string): Promise<TrackView> => request<TrackView>('GET', `/api/track/${enc(receipt)}`);

/** Where the tracking page's photos load from (an <img> src, same origin). */
export const trackPhotoUrl = (receipt: string, position: number): string =>
  `/api/track/${enc(receipt)}/photos/${position}`;
