/**
 * China time (UTC+8, no daylight saving since 1991) as plain arithmetic: every date a person
 * sees is the village's date, whatever zone the browser or the server runs in. Pure and
 * Intl-free, so old in-app browsers and the server compute the same digits.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface ChinaParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar and clock of an instant as read on a wall in China. */
export function chinaParts(at: Date): ChinaParts {
  const shifted = new Date(at.getTime() + CHINA_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** "2026-12-01": the China calendar day of an instant. */
export function chinaDay(at: Date): string {
  const p = chinaParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "09:05": the China wall-clock time of an instant. */
export function chinaClock(at: Date): string {
  const p = chinaParts(at);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** The value of an `<input type="datetime-local">` showing the instant in China time. */
export function chinaDateTimeInput(at: Date): string {
  return `${chinaDay(at)}T${chinaClock(at)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a `datetime-local` value means when read as China time ("2026-12-01T09:00" is
 * 01:00Z), never the browser's zone. Null for anything that is not such a value or not a real
 * date (2026-02-30).
 */
export function fromChinaDateTimeInput(value: string): Date | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const back = new Date(utc);
  if (back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day! || hour! > 23 || minute! > 59) return null;
  return new Date(utc - CHINA_OFFSET_MS);
}
