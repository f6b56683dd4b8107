/**
 * What other areas may use of the calendar area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { loadCalendar } from './calendar-service.ts';
export { PROGRESS_PERIOD_MS, reminderTime } from './reminder-time.ts';
export type { WorkingCalendar } from './working-calendar.ts';
