import { sdlOf, type AreaModule } from '../../core/module.ts';
import { calendarFeedRoute } from './feed-route.ts';
import { scheduleLoaders } from './loaders.ts';
import { schedulePrintRoute } from './print-route.ts';
import { scheduleEventRecordKind } from './record-kind.ts';
import { scheduleResolvers } from './resolvers.ts';
import { CalendarFeed, EventParticipant, InvitationPlan, MeetingRoom, Schedule, ScheduleChange, ScheduleEvent } from './schedule.ts';
// Registers the invitation's issue hook (an issued GM creates or updates its event).
import './invitations.ts';

const entities = [Schedule, MeetingRoom, ScheduleEvent, EventParticipant, ScheduleChange, CalendarFeed, InvitationPlan];

/** The weekly work schedules (lịch công tác tuần), their meetings and invitations, and the calendar feeds. */
export const schedulesModule: AreaModule = {
  name: 'schedules',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [scheduleResolvers],
  entities,
  tenantEntities: entities,
  loaders: scheduleLoaders,
  nodes: {
    Schedule: { loader: (loaders) => loaders.schedule },
    ScheduleEvent: { loader: (loaders) => loaders.scheduleEvent },
    MeetingRoom: { loader: (loaders) => loaders.meetingRoom },
  },
  recordKinds: [scheduleEventRecordKind as never],
  httpRoutes: [calendarFeedRoute, schedulePrintRoute],
};
