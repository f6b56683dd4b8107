import type { InferEntity } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Scope } from '../../core/loaders.ts';
import { Task, taskWhere } from '../tasks/public.ts';
import { weekBounds } from './week.ts';
import type { ScheduleEntity } from './schedule.ts';

type TaskRow = InferEntity<typeof Task>;

/** A task of the schedule's unit due in its week, as its calendar shows it. */
export interface ScheduleDeadlineModel {
  deadline: Date;
  task: TaskRow;
}

/**
 * The unit calendar's deadlines (seed 000 Art. 11 §2: staff follow the unit's assignments there):
 * the tasks given to the schedule's unit due that week, through the tasks' own rule (taskWhere),
 * so each is shown only to who may see it. One statement for any number of schedules.
 */
export const scheduleDeadlines = ({ em, viewer }: Scope) =>
  new DataLoader<ScheduleEntity, ScheduleDeadlineModel[], string>(
    async (schedules) => {
      const unitIds = [...new Set(schedules.map((schedule) => schedule.unit?.id).filter((id): id is string => Boolean(id)))];
      if (!viewer || unitIds.length === 0) return schedules.map(() => []);
      const weeks = schedules.map(weekBounds);
      const from = new Date(Math.min(...weeks.map((week) => week.from.getTime())));
      const to = new Date(Math.max(...weeks.map((week) => week.to.getTime())));
      const tasks = await em.find(Task, { $and: [taskWhere(viewer, null), { assigneeUnit: { $in: unitIds }, deadline: { $gte: from, $lt: to } }] } as never, {
        orderBy: { deadline: 'asc', id: 'asc' },
      });
      return schedules.map((schedule, index) =>
        tasks
          .filter((task) => task.assigneeUnit?.id === schedule.unit?.id && task.deadline >= weeks[index]!.from && task.deadline < weeks[index]!.to)
          .map((task) => ({ deadline: task.deadline, task })),
      );
    },
    { cacheKeyFn: (schedule) => schedule.id },
  );
