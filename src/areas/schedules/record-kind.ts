import type { RecordKind } from '../../core/record-kind.ts';
import { eventPolicy } from './schedule-policy.ts';
import { ScheduleEvent, type ScheduleEventEntity } from './schedule.ts';

export const scheduleEventRecordKind: RecordKind<ScheduleEventEntity> = { type: 'ScheduleEvent', entity: ScheduleEvent, policy: eventPolicy };

/** The audited acts on an event that are a change of a schedule (an answer to an invitation is not). */
export const SCHEDULE_CHANGE_ACTIONS = ['schedule.event.added', 'schedule.event.updated', 'schedule.event.cancelled'];
