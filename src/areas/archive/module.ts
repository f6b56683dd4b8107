import { sdlOf, type AreaModule } from '../../core/module.ts';
import { ArchiveRecord, DestructionItem, DestructionList, HandOverItem, HandOverList } from './archive.ts';
import { archiveLoaders } from './loaders.ts';
import { archivePackageRoute } from './package-route.ts';
import { handOverListRecordKind } from './record-kind.ts';
import { archiveResolvers } from './resolvers.ts';
// Registers the archive's rule over work files: an accepted one, or one on a list, changes no more.
import './work-file-lock.ts';

const entities = [HandOverList, HandOverItem, ArchiveRecord, DestructionList, DestructionItem];

/** The organisation's archive (seed 004 Art. 16): hand-over of closed work files, archived records and their packages, retention and destruction. */
export const archiveModule: AreaModule = {
  name: 'archive',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [archiveResolvers],
  entities,
  tenantEntities: entities,
  loaders: archiveLoaders,
  nodes: {
    HandOverList: { loader: (loaders) => loaders.handOverList },
    ArchiveRecord: { loader: (loaders) => loaders.archiveRecord },
    DestructionList: { loader: (loaders) => loaders.destructionList },
  },
  recordKinds: [handOverListRecordKind as never],
  httpRoutes: [archivePackageRoute],
};
