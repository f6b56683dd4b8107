import { addCalendarDay, loadCalendarSettings, removeCalendarDay, setOfficeHours } from './calendar-service.ts';
import { statutoryHolidays } from './holidays.ts';
import { WorkingCalendar } from './working-calendar.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { viewerOf } from '../../core/context.ts';
import { GraphQLError } from 'graphql';
import { mutate } from '../../core/mutate.ts';

/** The most office hours addWorkingHours counts: about two years of office time (8 hours a day, 250 days a year). */
export const MAX_WORKING_HOURS = 4000;

/** The working calendar: office hours, public holidays and the days an administrator announces. */
export const calendarResolvers: Resolvers = {
  Query: {
    workingCalendar: (_, __, context) => loadCalendarSettings(context.em, viewerOf(context).organisationId),
  },
  Mutation: {
    setOfficeHours: (_, { input }, context) => mutate(context, async (em, actor) => ({ calendar: await setOfficeHours(em, actor, input) })),
    addCalendarDay: (_, { input }, context) =>
      mutate(context, async (em, actor) => {
        await addCalendarDay(em, actor, input);
        return { calendar: await loadCalendarSettings(em, actor.organisationId) };
      }),
    removeCalendarDay: (_, { input }, context) =>
      mutate(context, async (em, actor) => {
        await removeCalendarDay(em, actor, input.date);
        return { calendar: await loadCalendarSettings(em, actor.organisationId) };
      }),
  },
  WorkingCalendar: {
    workdays: (settings) => [...settings.workdays],
    sessions: (settings) => [...settings.sessions],
    days: (settings, { year }) => {
      if (!Number.isInteger(year) || year < 2000 || year > 2100) {
        throw new GraphQLError('Năm phải từ 2000 đến 2100.', { extensions: { code: 'BAD_USER_INPUT', argument: 'year' } });
      }
      const inYear = (date: string) => date.startsWith(`${year}-`);
      return [
        ...statutoryHolidays(year).map((date) => ({ date, kind: 'HOLIDAY' as const, source: 'STATUTORY' as const, note: null })),
        ...settings.extraHolidays.filter(inYear).map((date) => ({ date, kind: 'HOLIDAY' as const, source: 'ANNOUNCED' as const, note: null })),
        ...settings.extraWorkingDays.filter(inYear).map((date) => ({ date, kind: 'WORKING_DAY' as const, source: 'ANNOUNCED' as const, note: null })),
      ].sort((a, b) => a.date.localeCompare(b.date));
    },
    isWorkingDay: (settings, { date }) => new WorkingCalendar(settings).isWorkingDay(date),
    addWorkingHours: (settings, { from, hours }) => {
      // Bounded (issue 22): 20,000 hours ran past the calendar's ten years and answered a server error.
      if (!Number.isFinite(hours) || hours < 0 || hours > MAX_WORKING_HOURS) {
        throw new GraphQLError(`Số giờ phải từ 0 đến ${MAX_WORKING_HOURS}.`, { extensions: { code: 'BAD_USER_INPUT', argument: 'hours' } });
      }
      const year = from.getUTCFullYear();
      if (!(year >= 2000 && year <= 2100)) {
        throw new GraphQLError('Thời điểm bắt đầu phải trong các năm 2000 đến 2100.', { extensions: { code: 'BAD_USER_INPUT', argument: 'from' } });
      }
      return new WorkingCalendar(settings).addWorkingMinutes(from, Math.round(hours * 60));
    },
  },
};
