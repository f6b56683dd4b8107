import { workFileExportRoute } from './work-file-route.ts';
import { sdlOf, type AreaModule } from '../../core/module.ts';
import { workFileResolvers } from './resolvers.ts';
import { WorkFile, WorkFileDocument } from './work-file.ts';
import { workFileLoaders } from './loaders.ts';
import { workFileRecordKind } from './record-kind.ts';

/** Work files (hồ sơ công việc): documents gathered without copying, closed, exported. */
export const workFilesModule: AreaModule = {
  name: 'workfiles',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [workFileResolvers],
  entities: [WorkFile, WorkFileDocument],
  tenantEntities: [WorkFile, WorkFileDocument],
  loaders: workFileLoaders,
  nodes: { WorkFile: { loader: (loaders) => loaders.workFile } },
  recordKinds: [workFileRecordKind as never],
  httpRoutes: [workFileExportRoute],
};
