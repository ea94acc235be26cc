/**
 * Representatives' reception days (党代表接待日): a fixed day each month in a studio, with a
 * duty roster that rotates month by month. Times are China Standard Time (UTC+8, no DST).
 */
export interface ReceptionSchedule {
  /** 1–28, so every month has the day. */
  dayOfMonth: number;
  /** 'HH:MM', local time. */
  start: string;
  end: string;
}

const CST_MS = 8 * 3_600_000;

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** The local calendar date in China of an instant, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 10);
}

function at(year: number, month: number, day: number, hhmm: string): Date {
  return new Date(Date.UTC(year, month, day, 0, minutes(hhmm)) - CST_MS);
}

export interface ReceptionDay {
  date: string;
  startsAt: Date;
  endsAt: Date;
}

/** This month's reception day if it has not ended yet, else next month's. */
export function nextReceptionDay(schedule: ReceptionSchedule, now: Date): ReceptionDay {
  const local = new Date(now.getTime() + CST_MS);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth();
  for (let i = 0; i < 2; i++) {
    const endsAt = at(year, month, schedule.dayOfMonth, schedule.end);
    if (endsAt > now) {
      const startsAt = at(year, month, schedule.dayOfMonth, schedule.start);
      return { date: chinaDate(startsAt), startsAt, endsAt };
    }
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  throw new Error('unreachable');
}

/** True while the studio receives residents. */
export function receptionOpen(schedule: ReceptionSchedule, now: Date): boolean {
  const day = nextReceptionDay(schedule, now);
  return day.startsAt <= now && now < day.endsAt;
}

/**
 * Who is on duty on a date: the roster rotates one place per month, counted from the month
 * the roster starts (YYYY-MM).
 */
export function dutyIndex(rosterLength: number, anchorMonth: string, date: string): number | null {
  if (rosterLength <= 0) return null;
  const [ay, am] = anchorMonth.split('-').map(Number);
  const [dy, dm] = date.split('-').map(Number);
  const months = (dy! - ay!) * 12 + (dm! - am!);
  return ((months % rosterLength) + rosterLength) % rosterLength;
}

export const validTime = (hhmm: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
