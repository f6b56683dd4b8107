import { sdlOf, type AreaModule } from '../../core/module.ts';
import { CalendarDay, OfficeHours } from './calendar-settings.ts';
import { calendarResolvers } from './resolvers.ts';
import { calendarLoaders } from './loaders.ts';

/** Each organisation's working calendar: office hours, holidays, announced days off. */
export const calendarModule: AreaModule = {
  name: 'calendar',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [calendarResolvers],
  entities: [OfficeHours, CalendarDay],
  tenantEntities: [OfficeHours, CalendarDay],
  loaders: calendarLoaders,
};
