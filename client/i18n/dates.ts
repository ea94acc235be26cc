import { locale } from './index.js';

/**
 * Dates as residents and staff read them: Beijing time whatever the phone's own zone (a resident
 * working in another province still sees the village's times).
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
