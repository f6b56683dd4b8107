import DataLoader from 'dataloader';
import type { LoadersOf, Scope } from '../../core/loaders.ts';
import { loadCalendar } from './calendar-service.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export const calendarLoaders = {
  /** Each organisation's working calendar (office hours, holidays), once per request. */
  calendar: ({ em }: Scope) => new DataLoader<string, WorkingCalendar>(async (organisationIds) => Promise.all(organisationIds.map((id) => loadCalendar(em, id)))),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof calendarLoaders> {}
}
