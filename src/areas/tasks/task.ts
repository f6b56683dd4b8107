import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from '../documents/public.ts';
import { TASK_STATUSES } from './task-states.ts';

/** A task a leader assigns to a person or a unit, with a deadline, tracked until its document is issued. */
export const Task = defineEntity({
  name: 'Task',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    title: p.string().length(500),
    description: p.string().length(2000).nullable(),
    assignedBy: () => p.manyToOne(Account).ref(),
    onBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    assigneeAccount: () => p.manyToOne(Account).ref().nullable(),
    assigneeUnit: () => p.manyToOne(Unit).ref().nullable(),
    deadline: p.datetime(),
    status: p.enum(TASK_STATUSES),
    /** The incoming document it comes from, if any. */
    sourceDocument: () => p.manyToOne(Document).ref().nullable(),
    /**
     * Title and description were copied from the source document (its subject, the direction's
     * note: trackAsTask): they are sealed with it, read only by who may read its content now.
     */
    copiedFromSource: p.boolean().default(false),
    /** The issued document that fulfils it (seed 004 Art. 7 §3: linked by number and date). */
    fulfilledBy: () => p.manyToOne(Document).ref().nullable(),
    progress: p.integer().default(0),
    cancelReason: p.string().length(500).nullable(),
    /** People who see it (assigner, assignee) and the units whose heads oversee it. */
    handlerIds: p.array().default([]),
    handlerUnitIds: p.array().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
    /** Set by the deadline sweep, each exactly once (see routing/deadline-sweep.ts). */
    remindAt: p.datetime().nullable(),
    remindedAt: p.datetime().nullable(),
    overdueAt: p.datetime().nullable(),
    lastProgressAt: p.datetime().nullable(),
    progressRequestedAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['organisation', 'createdAt', 'id'] },
    { properties: ['remindedAt', 'remindAt'] },
    { properties: ['overdueAt', 'deadline'] },
    { properties: ['sourceDocument'] },
  ],
});
export type TaskEntity = InferEntity<typeof Task>;

export const TaskProgressReport = defineEntity({
  name: 'TaskProgressReport',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    task: () => p.manyToOne(Task).ref(),
    author: () => p.manyToOne(Account).ref(),
    percent: p.integer(),
    note: p.string().length(2000),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['task', 'at'] }],
});
export type TaskProgressReportEntity = InferEntity<typeof TaskProgressReport>;
