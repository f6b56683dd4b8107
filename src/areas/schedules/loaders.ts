import DataLoader from 'dataloader';
import { childrenOf, visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import { scheduleDeadlines } from './deadlines.ts';
import { eventPolicy, schedulePolicy } from './schedule-policy.ts';
import { EventParticipant, MeetingRoom, Schedule, ScheduleChange, ScheduleEvent, type MeetingRoomEntity, type ScheduleEntity, type ScheduleEventEntity } from './schedule.ts';

/** A meeting room is the organisation's: every member sees it. */
export const roomPolicy: RecordPolicy<MeetingRoomEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId }),
  canSee: (viewer, room) => room.organisation.id === viewer.organisationId,
};

export const scheduleLoaders = {
  schedule: visibleById<ScheduleEntity>(Schedule, schedulePolicy),
  scheduleEvent: visibleById<ScheduleEventEntity>(ScheduleEvent, eventPolicy),
  meetingRoom: visibleById<MeetingRoomEntity>(MeetingRoom, roomPolicy),
  /** The events of each schedule the viewer may see, in order of time: one statement for a week view. */
  eventsOfSchedule: ({ em, viewer }: Scope) =>
    new DataLoader<string, ScheduleEventEntity[]>(async (scheduleIds) => {
      if (!viewer) return scheduleIds.map(() => []);
      const rows = await em.find(ScheduleEvent, { $and: [{ schedule: { $in: [...scheduleIds] } }, eventPolicy.visible(viewer)] } as never, { orderBy: { startsAt: 'asc', id: 'asc' } });
      return scheduleIds.map((id) => rows.filter((row) => row.schedule.id === id));
    }),
  /** Of events the caller has checked: */
  participantsOf: childrenOf(EventParticipant, 'event', { id: 'asc' }),
  changesOfEvent: childrenOf(ScheduleChange, 'event', { at: 'asc', id: 'asc' }),
  changesOfSchedule: childrenOf(ScheduleChange, 'schedule', { at: 'asc', id: 'asc' }),
  scheduleDeadlines,
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof scheduleLoaders> {}
}
