import { raw, type InferEntity } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Scope } from '../../core/loaders.ts';
import { notWithdrawn } from '../documents/public.ts';
import { Assignment, assignmentPolicy, type AssignmentEntity } from '../routing/public.ts';
import { Task, taskWhere } from '../tasks/public.ts';
import { weekBounds } from './week.ts';
import type { ScheduleEntity } from './schedule.ts';

type TaskRow = InferEntity<typeof Task>;

/** A task or a document's assignment of the schedule's unit due in its week, as its calendar shows it. */
export type ScheduleDeadlineModel = { deadline: Date; task: TaskRow; assignment?: undefined } | { deadline: Date; assignment: AssignmentEntity; task?: undefined };

/**
 * The unit calendar's deadlines (seed 000 Art. 11 §2: staff follow the unit's assignments there):
 * the tasks given to the schedule's unit, and the documents assigned to it to handle (lead or
 * coordinate; not a withdrawn copy), due that week — each through its own area's rule (taskWhere,
 * assignmentPolicy), so it is shown only to who may see it. Two statements (and the assigned
 * documents') for any number of schedules.
 */
export const scheduleDeadlines = ({ em, viewer }: Scope) =>
  new DataLoader<ScheduleEntity, ScheduleDeadlineModel[], string>(
    async (schedules) => {
      const unitIds = [...new Set(schedules.map((schedule) => schedule.unit?.id).filter((id): id is string => Boolean(id)))];
      if (!viewer || unitIds.length === 0) return schedules.map(() => []);
      const weeks = schedules.map(weekBounds);
      const from = new Date(Math.min(...weeks.map((week) => week.from.getTime())));
      const to = new Date(Math.max(...weeks.map((week) => week.to.getTime())));
      const due = { assigneeUnit: { $in: unitIds }, deadline: { $gte: from, $lt: to } };
      const [tasks, assignments] = await Promise.all([
        em.find(Task, { $and: [taskWhere(viewer, null), due] } as never, { orderBy: { deadline: 'asc', id: 'asc' } }),
        em.find(
          Assignment,
          { $and: [assignmentPolicy.visible(viewer), due, { role: { $ne: 'INFORM' } }, { [raw((alias: string) => notWithdrawn(`${alias}.document_id`))]: [] }] } as never,
          { orderBy: { deadline: 'asc', id: 'asc' }, populate: ['document'], strategy: 'joined' },
        ),
      ]);
      const rows: ScheduleDeadlineModel[] = [...tasks.map((task) => ({ deadline: task.deadline, task })), ...assignments.map((assignment) => ({ deadline: assignment.deadline!, assignment }))];
      rows.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
      const unitOf = (row: ScheduleDeadlineModel) => (row.task ? row.task.assigneeUnit?.id : row.assignment.assigneeUnit?.id);
      return schedules.map((schedule, index) =>
        rows.filter((row) => unitOf(row) === schedule.unit?.id && row.deadline >= weeks[index]!.from && row.deadline < weeks[index]!.to),
      );
    },
    { cacheKeyFn: (schedule) => schedule.id },
  );
