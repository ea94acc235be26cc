import type { QueueView, StudioPublicView, Ticket } from '../../shared/schemas/reception.js';
import { request } from './api.js';
import { deviceId, readStored, writeStored } from './device.js';

/** A studio on reception day, as residents and the studio's screen see it (public, by its code). */
const enc = encodeURIComponent;

export const studioInfo = (code: string): Promise<StudioPublicView> =>
  request<StudioPublicView>('GET', `/api/studio/${enc(code)}`);

export const studioQueue = (code: string): Promise<QueueView> =>
  request<QueueView>('GET', `/api/studio/${enc(code)}/queue`);

/** The studio's QR (an <img> src): what the screen shows for people to scan and take a number. */
export const studioQrUrl = (code: string): string => `/api/studio/${enc(code)}/qr.svg`;

/** Takes today's number for this phone; asking again returns the same number. */
export async function takeTicket(code: string): Promise<Ticket> {
  const ticket = await request<Ticket>('POST', `/api/studio/${enc(code)}/tickets`, { deviceId: deviceId() });
  writeStored(`ticket.${code.toUpperCase()}`, ticket);
  return ticket;
}

/** The number this phone took at the studio today, if any (it survives a reload). */
export function keptTicket(code: string, day: string): Ticket | null {
  const t = readStored<Ticket>(`ticket.${code.toUpperCase()}`);
  return t && t.day === day && typeof t.number === 'number' ? t : null;
}
