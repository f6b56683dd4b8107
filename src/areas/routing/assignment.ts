import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from '../documents/public.ts';
import { ASSIGNMENT_ROLES } from './assignment-rules.ts';

/**
 * One direction on an incoming document (Decree 30 Art. 20–24; seed 004 Art. 12 §2): the leader's
 * (bút phê) or, when passed on from a unit's assignment, the unit head's. Its assignments are who
 * must act, each with their own deadline. Read together they make the processing slip.
 */
export const Direction = defineEntity({
  name: 'Direction',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    /** The unit's assignment a head passed on; null for a leader's direction. */
    // Typed loosely: Direction and Assignment refer to each other, which TypeScript cannot infer.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fromAssignment: (): any => p.manyToOne(Assignment).ref().nullable(),
    author: () => p.manyToOne(Account).ref(),
    /** The leader whose delegated authority the author used. */
    onBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    note: p.string().length(2000),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['document', 'createdAt'] }],
});
export type DirectionEntity = InferEntity<typeof Direction>;

/**
 * A handling record: from whom (the direction's author) to whom (a person or a unit), as lead
 * (chủ trì), coordinating (phối hợp) or for information (xem để biết), with its deadline; when it
 * was received, read and done, and what the handler proposed or did. The reminder columns are set
 * by the deadline sweep, each exactly once.
 */
export const Assignment = defineEntity({
  name: 'Assignment',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    direction: () => p.manyToOne(Direction).ref(),
    role: p.enum(ASSIGNMENT_ROLES),
    assignedBy: () => p.manyToOne(Account).ref(),
    assigneeAccount: () => p.manyToOne(Account).ref().nullable(),
    assigneeUnit: () => p.manyToOne(Unit).ref().nullable(),
    deadline: p.datetime().nullable(),
    receivedAt: p.datetime().onCreate(() => new Date()),
    readAt: p.datetime().nullable(),
    doneAt: p.datetime().nullable(),
    doneBy: () => p.manyToOne(Account).ref().nullable(),
    /** The handler's proposal or what was done (đề xuất, kết quả xử lý). */
    result: p.string().length(2000).nullable(),
    /** When the reminder before the deadline is due, and when it went out. */
    remindAt: p.datetime().nullable(),
    remindedAt: p.datetime().nullable(),
    /** When the sweep marked it overdue (and told the assignee and the assigner). */
    overdueAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['document', 'receivedAt'] },
    // "My work": the open ones (done_at is null) of a person, a unit or an assigner, newest first.
    { properties: ['assigneeAccount', 'doneAt', 'receivedAt'] },
    { properties: ['assigneeUnit', 'doneAt', 'receivedAt'] },
    { properties: ['assignedBy', 'doneAt', 'receivedAt'] },
    // The handling report (a period of arrivals) and the start page's units (open or done lately).
    { properties: ['organisation', 'receivedAt'] },
    { properties: ['organisation', 'doneAt'] },
    { properties: ['remindedAt', 'remindAt'] },
    { properties: ['overdueAt', 'deadline'] },
  ],
});
export type AssignmentEntity = InferEntity<typeof Assignment>;
