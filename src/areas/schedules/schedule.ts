import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Document } from '../documents/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { EVENT_RESPONSES, SCHEDULE_CHANGE_KINDS, SCHEDULE_STATUSES } from './schedule-states.ts';

/**
 * One week's work schedule (lịch công tác tuần, seed 004 Art. 5 §1): the organisation's (the
 * leaders' schedule, `unit` null) or one unit's. Drafted by the office or the unit, published by
 * the chief of office or a leader (schedule-policy.ts).
 */
export const Schedule = defineEntity({
  name: 'Schedule',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    unit: () => p.manyToOne(Unit).ref().nullable(),
    /** 'ORG' for the organisation's schedule, else the unit's id: one schedule per scope and week. */
    scope: p.string().length(36),
    /** The Monday (Asia/Ho_Chi_Minh) the week starts on, YYYY-MM-DD. */
    weekStart: p.string().length(10),
    status: p.enum(SCHEDULE_STATUSES).default('DRAFT'),
    createdBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    publishedBy: () => p.manyToOne(Account).ref().nullable(),
    publishedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'scope', 'weekStart'] }],
});
export type ScheduleEntity = InferEntity<typeof Schedule>;

/** A room the organisation books meetings in: booked twice at once is refused. */
export const MeetingRoom = defineEntity({
  name: 'MeetingRoom',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    name: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['organisation', 'name'] }],
});
export type MeetingRoomEntity = InferEntity<typeof MeetingRoom>;

/**
 * An event of a schedule: a meeting or a piece of work with its time, place, chair (chủ trì) and
 * participants. The schedule's scope and publication are copied onto it, and the people and units
 * it concerns kept as arrays, so that who may see it is one SQL predicate over this table (lists,
 * counts and feeds filter through GIN indexes, whatever the number of events).
 */
export const ScheduleEvent = defineEntity({
  name: 'ScheduleEvent',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    schedule: () => p.manyToOne(Schedule).ref(),
    /** The schedule's unit (null: the organisation's schedule). */
    unit: () => p.manyToOne(Unit).ref().nullable(),
    /** The schedule is published: participants outside its scope see the event from then on. */
    published: p.boolean().default(false),
    title: p.string().length(500),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    place: p.string().length(300).nullable(),
    room: () => p.manyToOne(MeetingRoom).ref().nullable(),
    chair: () => p.manyToOne(Account).ref().nullable(),
    preparingUnit: () => p.manyToOne(Unit).ref().nullable(),
    notes: p.string().length(2000).nullable(),
    /** Others see it as busy only (its time), never its title, place or people. */
    private: p.boolean().default(false),
    /** The meeting papers (each read under its own rules). */
    documentIds: p.array().default([]),
    /** The outgoing meeting invitation (giấy mời, kind GM) it was made from or updated by. */
    invitation: () => p.manyToOne(Document).ref().nullable(),
    /** The people it concerns: the chair and each person invited (in their place: their substitute). */
    attendeeIds: p.array().default([]),
    /** The units invited, with their sub-units when asked. */
    attendeeUnitIds: p.array().default([]),
    createdBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    cancelledAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['organisation', 'startsAt'] },
    { properties: ['schedule', 'startsAt'] },
    { properties: ['room', 'startsAt'] },
    { properties: ['invitation'] },
    // Who an event concerns, for the "my week" list, the feeds and the rule's invited ways.
    { name: 'schedule_event_attendee_ids_gin', expression: 'create index "schedule_event_attendee_ids_gin" on "schedule_event" using gin ("attendee_ids")' },
    { name: 'schedule_event_attendee_unit_ids_gin', expression: 'create index "schedule_event_attendee_unit_ids_gin" on "schedule_event" using gin ("attendee_unit_ids")' },
  ],
});
export type ScheduleEventEntity = InferEntity<typeof ScheduleEvent>;

/** A person or unit invited to an event, and a person's answer. */
export const EventParticipant = defineEntity({
  name: 'EventParticipant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    event: () => p.manyToOne(ScheduleEvent).ref(),
    account: () => p.manyToOne(Account).ref().nullable(),
    unit: () => p.manyToOne(Unit).ref().nullable(),
    withSubUnits: p.boolean().default(false),
    response: p.enum(EVENT_RESPONSES).default('PENDING'),
    /** Who goes in the invited person's place (response DELEGATED). */
    substitute: () => p.manyToOne(Account).ref().nullable(),
    respondedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['event'] }],
});
export type EventParticipantEntity = InferEntity<typeof EventParticipant>;

/** A change of an event after its schedule was published: what, when, by whom. */
export const ScheduleChange = defineEntity({
  name: 'ScheduleChange',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    schedule: () => p.manyToOne(Schedule).ref(),
    event: () => p.manyToOne(ScheduleEvent).ref(),
    kind: p.enum(SCHEDULE_CHANGE_KINDS),
    /** The fields changed (title, startsAt…). */
    fields: p.array().default([]),
    by: () => p.manyToOne(Account).ref().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['event', 'at'] }, { properties: ['schedule', 'at'] }],
});
export type ScheduleChangeEntity = InferEntity<typeof ScheduleChange>;

/**
 * The secret address of a person's or a unit's iCalendar feed: only its hash is kept; rotating it
 * makes a new secret and the old address answers 404.
 */
export const CalendarFeed = defineEntity({
  name: 'CalendarFeed',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    account: () => p.manyToOne(Account).ref().nullable(),
    unit: () => p.manyToOne(Unit).ref().nullable(),
    /** 'A:<account id>' or 'U:<unit id>': one feed each. */
    owner: p.string().length(40).unique(),
    secretHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CalendarFeedEntity = InferEntity<typeof CalendarFeed>;

/**
 * The meeting an outgoing invitation (Giấy mời, kind GM) announces, planned on its draft: when the
 * invitation is issued through the outgoing flow, the plan creates its event in the schedule (or
 * updates the event named) in the same transaction (invitations.ts).
 */
export const InvitationPlan = defineEntity({
  name: 'InvitationPlan',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref().unique(),
    schedule: () => p.manyToOne(Schedule).ref(),
    /** The event to update; null to create one. */
    event: () => p.manyToOne(ScheduleEvent).ref().nullable(),
    /** The event's fields as planned (JSON of EventFields, dates as ISO strings). */
    fields: p.text(),
    plannedBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** When the issue applied it (then the event carries the invitation). */
    appliedAt: p.datetime().nullable(),
  },
});
export type InvitationPlanEntity = InferEntity<typeof InvitationPlan>;
