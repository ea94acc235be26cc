import type { ObjectionReceipt, ObjectionTrack, PublicTimelines } from '../../shared/schemas/procedure.js';
import { request } from './api.js';
import { deviceId, readStored, writeStored } from './device.js';

/**
 * A resident's objections (异议) to major matters on display: no account. The device id travels
 * for the intake form's per-device limit; the Idempotency-Key makes a retry after a lost answer
 * return the first receipt.
 */
const enc = encodeURIComponent;

/** Matters of the code's village on display now, to which residents may object. */
export const mattersOnDisplay = (code: string): Promise<PublicTimelines> =>
  request<PublicTimelines>('GET', `/api/intake/${enc(code)}/procedures`);

export const raiseObjection = (
  code: string,
  body: { procedureId: number; text: string; name?: string; phone?: string; website: string },
  idempotencyKey: string,
): Promise<ObjectionReceipt> =>
  request<ObjectionReceipt>(
    'POST',
    `/api/intake/${enc(code)}/objections`,
    { ...body, deviceId: deviceId() },
    { headers: { 'Idempotency-Key': idempotencyKey, 'X-Device-Id': deviceId() } },
  );

export const trackObjection = (receipt: string): Promise<ObjectionTrack> =>
  request<ObjectionTrack>('GET', `/api/objections/${enc(receipt)}`);

/** Objections this phone sent, newest first, so a lost note with the code is not a lost answer. */
export interface KeptObjection {
  receipt: string;
  title: string;
}

export const keptObjections = (): KeptObjection[] => {
  const list = readStored<KeptObjection[]>('objections');
  return Array.isArray(list) ? list.filter((r) => r && typeof r.receipt === 'string').slice(0, 20) : [];
};

export function keepObjection(entry: KeptObjection): void {
  writeStored('objections', [entry, ...keptObjections().filter((r) => r.receipt !== entry.receipt)].slice(0, 20));
}
