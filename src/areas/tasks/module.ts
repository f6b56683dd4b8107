import { sdlOf, type AreaModule } from '../../core/module.ts';
import { taskResolvers } from './resolvers.ts';
import { Task, TaskProgressReport } from './task.ts';
import { taskLoaders } from './loaders.ts';
import { taskRecordKind } from './record-kind.ts';
import { onDirectoryChange } from '../accounts/public.ts';
import { reject } from '../../core/user-error.ts';

// A unit is not dissolved while it still carries open tasks: they are reassigned or cancelled first.
onDirectoryChange(async (em, change) => {
  if (change.kind !== 'unit.dissolved') return;
  const open = await em.count(Task, { assigneeUnit: change.unitId, status: { $in: ['ASSIGNED', 'IN_PROGRESS'] } });
  if (open > 0) reject(['input', 'id'], 'UNIT_HAS_OPEN_WORK', `Đơn vị còn ${open} nhiệm vụ chưa hoàn thành; hãy giao lại hoặc hủy trước khi giải thể.`);
});

/** Tasks given by leaders and unit heads, with progress reports, closed by an issued document. */
export const tasksModule: AreaModule = {
  name: 'tasks',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [taskResolvers],
  entities: [Task, TaskProgressReport],
  tenantEntities: [Task, TaskProgressReport],
  loaders: taskLoaders,
  nodes: { Task: { loader: (loaders) => loaders.task } },
  recordKinds: [taskRecordKind as never],
};
