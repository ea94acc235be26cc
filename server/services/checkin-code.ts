import { createHmac } from 'node:crypto';
import { CODE_ALPHABET } from '../../shared/rules/intake.js';
import { CHECKIN_PERIOD_MS } from '../../shared/rules/meeting.js';

/**
 * The projector's rotating check-in code: an HMAC of the meeting's secret and the current
 * minute, so it needs no storage, and a photo of the screen sent out of the hall stops working
 * within two minutes (the current and the previous code are accepted, for people mid-scan).
 */
export function checkinCode(secret: string, at: Date): { code: string; expiresAt: Date } {
  const period = Math.floor(at.getTime() / CHECKIN_PERIOD_MS);
  return { code: codeFor(secret, period), expiresAt: new Date((period + 1) * CHECKIN_PERIOD_MS) };
}

export function checkinCodeValid(secret: string, code: string, at: Date): boolean {
  const period = Math.floor(at.getTime() / CHECKIN_PERIOD_MS);
  const given = code.toUpperCase();
  return given === codeFor(secret, period) || given === codeFor(secret, period - 1);
}

function codeFor(secret: string, period: number): string {
  const digest = createHmac('sha256', secret).update(String(period)).digest();
  let out = '';
  for (let i = 0; i < 6; i++) out += CODE_ALPHABET[digest[i]! % CODE_ALPHABET.length];
  return out;
}
