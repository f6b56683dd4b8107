import { sweepFolders } from './folder-sweep.ts';
import { sdlOf, type AreaModule } from '../../core/module.ts';
import { onDirectoryChange } from '../accounts/public.ts';
import { closeUnitFolder, ensurePersonalAreas, ensureUnitFolder } from './cabinet.ts';
import { folderFileAccess } from './file-access.ts';
import { Folder, FolderChangeRequest, FolderGrant, FolderItem, FolderItemVersion, FolderNotice, FolderRightChange } from './folder.ts';
import { folderLoaders } from './loaders.ts';
import { folderItemRecordKind, folderRecordKind } from './record-kind.ts';
import { folderResolvers } from './resolvers.ts';
import { refreshUnitTreeGrants } from './rights-refresh.ts';
import { folderSearchWords } from './search.ts';
import { executeWith } from './sql.ts';

const entities = [Folder, FolderItem, FolderItemVersion, FolderGrant, FolderRightChange, FolderChangeRequest, FolderNotice];

// The cabinet keeps in step with the directory, in the transaction of each change: a new unit gets
// its folder, a renamed one's folder is renamed, a dissolved one's is kept read-only, a unit moved or added changes who "a unit with its
// sub-units" is; a new account gets its personal area.
onDirectoryChange(async (em, change) => {
  const execute = executeWith(em);
  if (change.kind === 'account.created') return ensurePersonalAreas(execute, change.organisationId, [change.accountId]);
  if (change.kind === 'unit.dissolved') return closeUnitFolder(execute, change.organisationId, change.unitId);
  await ensureUnitFolder(execute, change.organisationId, change.unitId);
  await refreshUnitTreeGrants(execute, change.organisationId);
});

/** The cabinet (Tủ tài liệu, seed 002 Art. 10): shared and personal folders, rights, the author's consent, the trash. */
export const foldersModule: AreaModule = {
  name: 'folders',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [folderResolvers],
  entities,
  tenantEntities: entities,
  routines: [folderSearchWords],
  loaders: folderLoaders,
  nodes: {
    Folder: { loader: (loaders) => loaders.folder },
    FolderItem: { loader: (loaders) => loaders.folderItem },
    FolderGrant: { loader: (loaders) => loaders.folderGrant },
    FolderChangeRequest: { loader: (loaders) => loaders.folderChangeRequest },
  },
  recordKinds: [folderRecordKind as never, folderItemRecordKind as never],
  fileAccess: folderFileAccess,
  // Expired change requests, and the trash purged after 30 days (folder-sweep.ts).
  jobs: [{ queue: 'folder-sweep', cron: '*/5 * * * *', cronVariable: 'JOBS_FOLDER_CRON', retryDelaySeconds: 30, expireInSeconds: 900, run: ({ orm, store }) => sweepFolders(orm, store) }],
};
