/**
 * What other areas may use of the tasks area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { OPEN_TASKS, taskWhere } from './task-filter.ts';
export { OPEN_TASK_STATUSES } from './task-states.ts';
export { Task } from './task.ts';
export { assignTask, fulfil, fulfilment } from './task-service.ts';
export { taskTitleAsSeen } from './task-text.ts';
