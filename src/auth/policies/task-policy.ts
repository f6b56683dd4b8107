import type { FilterQuery } from '@mikro-orm/core';
import type { TaskEntity } from '../../domain/tasks/task.ts';
import { handledByOrUnder, isHandlerOrAbove, oversees } from './handlers.ts';
import type { RecordPolicy } from './policy.ts';

/** A task is seen by who assigned it, who carries it, the heads of its unit and above, and the leaders. */
export const taskPolicy: RecordPolicy<TaskEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (oversees(viewer)) return organisation as FilterQuery<TaskEntity>;
    return { ...organisation, $or: handledByOrUnder<TaskEntity>(viewer) } as FilterQuery<TaskEntity>;
  },
  canSee(viewer, task) {
    if (task.organisation.id !== viewer.organisationId) return false;
    return oversees(viewer) || isHandlerOrAbove(viewer, task);
  },
};
