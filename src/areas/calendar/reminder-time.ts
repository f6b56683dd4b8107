import type { WorkingCalendar } from './working-calendar.ts';

/**
 * When to remind someone of a deadline: once a quarter of the office time they were given is left,
 * but never more than one working day ahead (a month-long matter is reminded the day before, not a
 * week before), and for short work at least an hour ahead, or halfway when it had less than two.
 */
export function reminderTime(assignedAt: Date, deadline: Date, calendar: WorkingCalendar): Date {
  const span = calendar.workingMinutesBetween(assignedAt, deadline);
  if (span === 0) return assignedAt;
  const ahead = Math.min(calendar.workingDayMinutes, Math.max(span / 4, Math.min(60, span / 2)));
  return calendar.addWorkingMinutes(assignedAt, Math.floor(span - ahead));
}

/** Seed 000 Art. 3 §4: work of two weeks or more reports its progress to the leaders. */
export const PROGRESS_PERIOD_MS = 14 * 24 * 60 * 60 * 1000;

export function needsProgressReports(assignedAt: Date, deadline: Date): boolean {
  return deadline.getTime() - assignedAt.getTime() >= PROGRESS_PERIOD_MS;
}
