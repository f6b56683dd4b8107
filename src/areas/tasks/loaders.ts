import { childrenOf, visibleById, type LoadersOf } from '../../core/loaders.ts';
import { Task, TaskProgressReport, type TaskEntity, type TaskProgressReportEntity } from './task.ts';
import { taskPolicy } from './task-policy.ts';

export const taskLoaders = {
  task: visibleById<TaskEntity>(Task, taskPolicy),
  taskReports: childrenOf<TaskProgressReportEntity>(TaskProgressReport, 'task', { at: 'asc', id: 'asc' }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof taskLoaders> {}
}
