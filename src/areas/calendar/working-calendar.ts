import { statutoryHolidays } from './holidays.ts';
import { nextIsoDate } from '../../core/vietnam-time.ts';

/**
 * Working time in Asia/Ho_Chi_Minh (UTC+7, no daylight saving): office sessions on working days,
 * less public holidays and the days an administrator adds, plus make-up working days. Deadlines
 * in the rules are counted in this time (seed 000 Art. 8; seed 004 Art. 7). Pure: no clock, no I/O.
 */
export interface CalendarSettings {
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  workdays: readonly number[];
  /** Office sessions, local `HH:MM`, in order and not overlapping. */
  sessions: readonly { start: string; end: string }[];
  /** Days off announced by the government (bridges, the second day of National Day…). */
  extraHolidays: readonly string[];
  /** Days worked in exchange for a bridge (làm bù), even if they fall on a weekend. */
  extraWorkingDays: readonly string[];
}

export const DEFAULT_CALENDAR: CalendarSettings = {
  workdays: [1, 2, 3, 4, 5],
  sessions: [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  extraHolidays: [],
  extraWorkingDays: [],
};

const OFFSET_MS = 7 * 3600_000;
const MINUTE_MS = 60_000;
/** No deadline runs further than this: a calendar with no working time must not loop forever. */
const MAX_DAYS = 3660;

function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The instant of local `minutes` after midnight on local `isoDate`. */
function instantOf(isoDate: string, minutes: number): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - OFFSET_MS + minutes * MINUTE_MS);
}


export class WorkingCalendar {
  private readonly settings: CalendarSettings;
  private readonly sessions: { start: number; end: number }[];

  constructor(settings: CalendarSettings = DEFAULT_CALENDAR) {
    this.settings = settings;
    this.sessions = settings.sessions.map((session) => ({ start: minutesOf(session.start), end: minutesOf(session.end) }));
  }

  /** Office minutes of one working day (7.5 h by default): what "N working days" counts in. */
  get workingDayMinutes(): number {
    return this.sessions.reduce((total, session) => total + session.end - session.start, 0);
  }

  isWorkingDay(isoDate: string): boolean {
    if (this.settings.extraWorkingDays.includes(isoDate)) return true;
    const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay() || 7;
    if (!this.settings.workdays.includes(weekday)) return false;
    if (this.settings.extraHolidays.includes(isoDate)) return false;
    return !statutoryHolidays(Number(isoDate.slice(0, 4))).includes(isoDate);
  }

  /** The office sessions of a day as instants; none on a day off. */
  private sessionsOn(isoDate: string): { start: Date; end: Date }[] {
    if (!this.isWorkingDay(isoDate)) return [];
    return this.sessions.map((session) => ({ start: instantOf(isoDate, session.start), end: instantOf(isoDate, session.end) }));
  }

  isOfficeTime(at: Date): boolean {
    return this.sessionsOn(localDate(at)).some((session) => session.start <= at && at < session.end);
  }

  nextWorkingDay(isoDate: string): string {
    let date = nextIsoDate(isoDate);
    for (let i = 0; i < MAX_DAYS && !this.isWorkingDay(date); i += 1) date = nextIsoDate(date);
    return date;
  }

  /** The instant after `minutes` of office time from `from` (counting starts at the next session). */
  addWorkingMinutes(from: Date, minutes: number): Date {
    let remaining = minutes * MINUTE_MS;
    let date = localDate(from);
    for (let day = 0; day < MAX_DAYS; day += 1, date = nextIsoDate(date)) {
      for (const session of this.sessionsOn(date)) {
        const start = session.start > from ? session.start : from;
        if (start >= session.end) continue;
        const available = session.end.getTime() - start.getTime();
        if (remaining <= available) return new Date(start.getTime() + remaining);
        remaining -= available;
      }
    }
    throw new Error('no working time within ten years: check the calendar settings');
  }

  /** Office minutes between two instants (0 when `to` is not after `from`). */
  workingMinutesBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    for (let date = localDate(from), day = 0; date <= localDate(to) && day < MAX_DAYS; date = nextIsoDate(date), day += 1) {
      for (const session of this.sessionsOn(date)) {
        const start = Math.max(session.start.getTime(), from.getTime());
        const end = Math.min(session.end.getTime(), to.getTime());
        if (end > start) total += end - start;
      }
    }
    return Math.round(total / MINUTE_MS);
  }
}
