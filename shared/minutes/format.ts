import type { Params } from '../i18n/index.js';

/**
 * Times in the minutes are China Standard Time whatever the reader's machine says: the record
 * is of a meeting held in a Chinese village. Written as digits (2026-12-01 09:00), which read
 * the same in both languages and in a printed copy.
 */
const parts = (iso: string) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const get = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const value = (type: string) => get.find((p) => p.type === type)?.value ?? '';
  return { day: `${value('year')}-${value('month')}-${value('day')}`, time: `${value('hour')}:${value('minute')}` };
};

export function formatTimestamp(iso: string): string {
  const p = parts(iso);
  return p ? `${p.day} ${p.time}` : '';
}

/** "2026-12-01 09:00–11:00", or both dates when the meeting runs past midnight. */
export function formatMeetingTime(startsAt: string, endsAt: string): string {
  const a = parts(startsAt);
  const b = parts(endsAt);
  if (!a) return '';
  if (!b) return `${a.day} ${a.time}`;
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time} – ${b.day} ${b.time}`;
}

/**
 * The header's attendance line. Remote members are named in it either way: counted among those
 * present (remote voting allowed) or listed apart, so the record shows how the quorum was met.
 */
export function attendanceText(
  a: { expected: number; present: number; absent: number; remote?: number; remoteCounted?: boolean },
  label: (key: string, params?: Params) => string,
): string {
  // Documents written before remote attendance have no `remote`.
  const counts = { expected: a.expected, present: a.present, absent: a.absent, remote: a.remote ?? 0 };
  if (!a.remote) return label('minutes.header.attendance_value', counts);
  return label(
    a.remoteCounted ? 'minutes.header.attendance_remote_counted' : 'minutes.header.attendance_remote_apart',
    counts,
  );
}
