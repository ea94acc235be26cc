import { chinaDateTimeInput, fromChinaDateTimeInput } from '../../shared/rules/china-time.js';
import { locale } from './index.js';

/**
 * Every date a person reads, and every date field they fill in, is China time whatever the
 * device's own zone (a resident working in another province, a laptop left on UTC still see and
 * type the village's times). Pages format dates only through this module.
 */
const ZONE = 'Asia/Shanghai';

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString(locale(), {
    timeZone: ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(locale(), { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric' });

export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString(locale(), { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });

/** A clock to the second (a big screen's "updated at"). */
export const formatClock = (iso: string): string =>
  new Date(iso).toLocaleTimeString(locale(), {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });

/** A meeting's span, e.g. "2026年11月25日 09:00–11:00" (the medium date style of the reader's language). */
export const formatSpan = (startsAt: string, endsAt: string): string => {
  const date = new Intl.DateTimeFormat(locale(), { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(locale(), { timeZone: ZONE, timeStyle: 'short' });
  return `${date.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`;
};

/** The value for an `<input type="datetime-local">`: the instant in China time. */
export const toDateTimeInput = (iso: string | undefined | null): string =>
  iso ? chinaDateTimeInput(new Date(iso)) : '';

/** An ISO instant from a `datetime-local` value read as China time; null when it is not one. */
export const fromDateTimeInput = (value: string): string | null => fromChinaDateTimeInput(value)?.toISOString() ?? null;
