import type { FilterQuery } from '@mikro-orm/core';
import type { Viewer } from '../../core/viewer.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import { documentPolicy } from '../documents/public.ts';
import { workFilePolicy } from '../workfiles/public.ts';
import { canRead, keepsStructure, viewerKeys } from './access.ts';
import type { FolderChangeRequestEntity, FolderEntity, FolderItemEntity } from './folder.ts';

/**
 * Who sees what of the cabinet. Nothing in the trash is seen through these (the trash has its own
 * list, for those who may restore). Every list, count, search, read by id, download and
 * subscription goes through them.
 */

/**
 * A folder: whoever holds a right on it (own or inherited); IT officers also see the shared area's
 * folders (its structure, which they keep), never a personal area, and no item by that alone.
 */
export const folderPolicy: RecordPolicy<FolderEntity> = {
  visible(viewer) {
    const ways: FilterQuery<FolderEntity>[] = [{ readers: { $overlap: viewerKeys(viewer) } }];
    if (keepsStructure(viewer)) ways.push({ area: 'SHARED' });
    return { organisation: viewer.organisationId, trashedBy: null, $or: ways } as FilterQuery<FolderEntity>;
  },
  canSee: (viewer, folder) => !folder.trashedBy && seesFolderApartFromTrash(viewer, folder),
};

/** Whether the viewer sees the folder, were it not in the trash (a change that put it there, or took it out, is theirs to hear). */
export function seesFolderApartFromTrash(viewer: Viewer, folder: FolderEntity): boolean {
  if (folder.organisation.id !== viewer.organisationId) return false;
  return canRead(viewer, folder) || (keepsStructure(viewer) && folder.area === 'SHARED');
}

function loaded<T extends object>(reference: { isInitialized(): boolean; getEntity(): T } | null | undefined): T | null | undefined {
  if (!reference) return undefined;
  return reference.isInitialized() ? reference.getEntity() : null;
}

/**
 * An item: its author and whoever holds a right on it (own, or inherited from its folder). A link
 * is seen only by who may also see what it links to, under that record's own rule: a link never
 * shows a document (or that it exists) to someone who may not see it.
 */
export const folderItemPolicy: RecordPolicy<FolderItemEntity> = {
  visible(viewer) {
    return {
      organisation: viewer.organisationId,
      trashedBy: null,
      readers: { $overlap: viewerKeys(viewer) },
      $and: [
        { $or: [{ document: null }, { document: documentPolicy.visible(viewer) }] },
        { $or: [{ workFile: null }, { workFile: workFilePolicy.visible(viewer) }] },
      ],
    } as FilterQuery<FolderItemEntity>;
  },
  canSee: (viewer, item) => !item.trashedBy && seesItemApartFromTrash(viewer, item),
};

/** Whether the viewer sees the item, were it not in the trash (see seesFolderApartFromTrash). */
export function seesItemApartFromTrash(viewer: Viewer, item: FolderItemEntity): boolean {
  if (item.organisation.id !== viewer.organisationId || !canRead(viewer, item)) return false;
  // The linked record must have been read with the item (record-kind `alongside`, loaders' populate).
  const document = loaded(item.document);
  if (document === null || (document && !documentPolicy.canSee(viewer, document))) return false;
  const workFile = loaded(item.workFile);
  if (workFile === null || (workFile && !workFilePolicy.canSee(viewer, workFile))) return false;
  return true;
}

/**
 * A change request: its requester, the item's author, and the heads of the author's unit (who
 * answer for an author whose account is disabled).
 */
export const changeRequestPolicy: RecordPolicy<FolderChangeRequestEntity> = {
  visible(viewer) {
    const ways: FilterQuery<FolderChangeRequestEntity>[] = [{ requester: viewer.accountId }, { author: viewer.accountId }];
    if (viewer.headOfUnitIds.length > 0) ways.push({ authorUnit: { $in: [...viewer.headOfUnitIds] } });
    return { organisation: viewer.organisationId, $or: ways } as FilterQuery<FolderChangeRequestEntity>;
  },
  canSee(viewer, request) {
    if (request.organisation.id !== viewer.organisationId) return false;
    return request.requester.id === viewer.accountId || request.author.id === viewer.accountId || viewer.headOfUnitIds.includes(request.authorUnit.id);
  },
};

export function visibleFolders(viewer: Viewer): FilterQuery<FolderEntity> {
  return folderPolicy.visible(viewer);
}
