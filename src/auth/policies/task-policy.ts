import type { FilterQuery } from '@mikro-orm/core';
import type { TaskEntity } from '../../domain/tasks/task.ts';
import { authorityFor, type Viewer } from '../viewer.ts';
import type { RecordPolicy } from './policy.ts';

/** A task is seen by who assigned it, who carries it, the heads of its unit and above, and the leaders. */
function oversees(viewer: Viewer): boolean {
  return authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed;
}

export const taskPolicy: RecordPolicy<TaskEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (oversees(viewer)) return organisation as FilterQuery<TaskEntity>;
    const ways: FilterQuery<TaskEntity>[] = [{ handlerIds: { $contains: [viewer.accountId] } }];
    if (viewer.headOfUnitIds.length > 0) ways.push({ handlerUnitIds: { $overlap: [...viewer.headOfUnitIds] } });
    return { ...organisation, $or: ways } as FilterQuery<TaskEntity>;
  },
  canSee(viewer, task) {
    if (task.organisation.id !== viewer.organisationId) return false;
    return oversees(viewer) || task.handlerIds.includes(viewer.accountId) || viewer.headOfUnitIds.some((id) => task.handlerUnitIds.includes(id));
  },
};
