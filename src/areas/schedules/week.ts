import { nextIsoDate, startOfVietnamDay } from '../../core/vietnam-time.ts';

/** The instants a schedule's week spans in Vietnam: Monday 00:00 to the next Monday 00:00. */
export function weekBounds(schedule: { weekStart: string }): { from: Date; to: Date } {
  return { from: startOfVietnamDay(schedule.weekStart), to: startOfVietnamDay(weekAfter(schedule.weekStart)) };
}

/** The Monday a week after `monday`. */
export function weekAfter(monday: string): string {
  let date = monday;
  for (let day = 0; day < 7; day += 1) date = nextIsoDate(date);
  return date;
}
