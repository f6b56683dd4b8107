/**
 * Business dates in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving): the year of a register,
 * "today" for an issue date, the day of arrival.
 */
const OFFSET_MS = 7 * 3600 * 1000;

/** The calendar date in Vietnam of an instant, as `YYYY-MM-DD`. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall-clock time in Vietnam of an instant, as `HH:mm`. */
export function vietnamClock(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The calendar day after `isoDate` (YYYY-MM-DD). */
export function nextIsoDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The instant a Vietnam calendar day (YYYY-MM-DD) begins. */
export function startOfVietnamDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - OFFSET_MS);
}

/** The instant a Vietnam calendar day ends: the start of the next one (for `from <= t < end`). */
export function endOfVietnamDate(isoDate: string): Date {
  return startOfVietnamDay(nextIsoDate(isoDate));
}

/** The end of the Vietnam calendar day of `now`. */
export function endOfVietnamDay(now: Date): Date {
  return endOfVietnamDate(vietnamDate(now));
}

/** The first instant of the Vietnam calendar month of `now`. */
export function startOfVietnamMonth(now: Date): Date {
  return startOfVietnamDay(`${vietnamDate(now).slice(0, 7)}-01`);
}

export function vietnamYear(at: Date): number {
  return Number(vietnamDate(at).slice(0, 4));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
