import type { RecordKind } from '../../core/record-kind.ts';
import { Folder, type FolderEntity } from './folder.ts';
import { folderPolicy } from './folder-policy.ts';

/** folderChanged: each change in a folder, for those who may see it then. */
export const folderRecordKind: RecordKind<FolderEntity> = { type: 'Folder', entity: Folder, policy: folderPolicy };
