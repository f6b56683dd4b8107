import type { RecordKind } from '../../core/record-kind.ts';
import { Document } from '../documents/public.ts';
import { WorkFile } from '../workfiles/public.ts';
import { Folder, FolderItem, type FolderEntity, type FolderItemEntity } from './folder.ts';
import { folderItemPolicy, folderPolicy, seesFolderApartFromTrash, seesItemApartFromTrash } from './folder-policy.ts';

/** folderChanged: each change in a folder, for those who may see it then. */
export const folderRecordKind: RecordKind<FolderEntity> = { type: 'Folder', entity: Folder, policy: folderPolicy, seesAsPart: seesFolderApartFromTrash };

/**
 * An item, as the part a folder's change is about: a subscriber of the folder hears of a change
 * of an item only if they may see that item (its own rights, what it links to).
 */
export const folderItemRecordKind: RecordKind<FolderItemEntity> = {
  type: 'FolderItem',
  entity: FolderItem,
  policy: folderItemPolicy,
  seesAsPart: seesItemApartFromTrash,
  alongside: (item, rows) => Promise.all([item.document ? rows.load(Document, item.document.id) : null, item.workFile ? rows.load(WorkFile, item.workFile.id) : null]),
};
