import { carriedBy } from '../../core/carrier.ts';
import type { Viewer } from '../../core/viewer.ts';
import type { TaskFilter } from '../../generated/graphql.ts';
import { taskPolicy } from './task-policy.ts';
import { OPEN_TASK_STATUSES } from './task-states.ts';

export const OPEN_TASKS = { status: { $in: [...OPEN_TASK_STATUSES] } };

/** The tasks a viewer may see, narrowed by the list's filter (the list, its count, and "my work"'s counts). */
export function taskWhere(viewer: Viewer, filter: Pick<TaskFilter, 'relation' | 'status' | 'overdueOnly'> | null | undefined, now = new Date()) {
  const conditions: object[] = [taskPolicy.visible(viewer)];
  if (filter?.relation === 'ASSIGNED_BY_ME') conditions.push({ assignedBy: viewer.accountId });
  if (filter?.relation === 'CARRIED_BY_ME') conditions.push(carriedBy(viewer));
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.overdueOnly) conditions.push({ ...OPEN_TASKS, deadline: { $lt: now } });
  return { $and: conditions };
}
