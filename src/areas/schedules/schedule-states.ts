/** A schedule is drafted, then published; after publication every change is marked (ScheduleChange). */
export const SCHEDULE_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** A person's answer to an invitation: coming, not coming, or sending someone in their place. */
export const EVENT_RESPONSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'DELEGATED'] as const;
export type EventResponse = (typeof EVENT_RESPONSES)[number];

export const SCHEDULE_CHANGE_KINDS = ['ADDED', 'UPDATED', 'CANCELLED'] as const;
export type ScheduleChangeKind = (typeof SCHEDULE_CHANGE_KINDS)[number];
