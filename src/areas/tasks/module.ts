import { sdlOf, type AreaModule } from '../../core/module.ts';
import { taskResolvers } from './resolvers.ts';
import { Task, TaskProgressReport } from './task.ts';
import { taskLoaders } from './loaders.ts';
import { taskRecordKind } from './record-kind.ts';

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
