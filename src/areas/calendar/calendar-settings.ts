import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Organisation } from '../../core/organisation.ts';

/** An organisation's office hours, when it does not keep the default 7:30–11:30, 13:30–17:00, Mon–Fri. */
export const OfficeHours = defineEntity({
  name: 'OfficeHours',
  properties: {
    organisation: () => p.manyToOne(Organisation).ref().primary(),
    workdays: p.array((value) => Number(value), (value) => String(value)).default([]),
    /** Sessions as JSON text, e.g. [{"start":"07:30","end":"11:30"}]. */
    sessions: p.text(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type OfficeHoursEntity = InferEntity<typeof OfficeHours>;

export const CALENDAR_DAY_KINDS = ['HOLIDAY', 'WORKING_DAY'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** A day the government announced: a day off (bridge, second day of National Day) or a make-up working day. */
export const CalendarDay = defineEntity({
  name: 'CalendarDay',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    date: p.string().length(10),
    kind: p.enum(CALENDAR_DAY_KINDS),
    note: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['organisation', 'date'] }],
});
export type CalendarDayEntity = InferEntity<typeof CalendarDay>;
