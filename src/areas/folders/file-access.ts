import type { FileAccessRule } from '../../core/module.ts';
import { FolderChangeRequest, FolderItem, FolderItemVersion } from './folder.ts';
import { changeRequestPolicy, folderItemPolicy } from './folder-policy.ts';

/**
 * A file of the cabinet is downloaded under its item's rule (every version, by whoever may read the
 * item; nobody once it is in the trash), and a file proposed in a change request by those who see
 * the request (its requester, the author and who answers for them).
 */
export const folderFileAccess: FileAccessRule = async (em, viewer, file) => {
  const [versions, requests] = await Promise.all([
    em.find(FolderItemVersion, { file: file.id }, { fields: ['item'] }),
    em.find(FolderChangeRequest, { newFile: file.id }, { fields: ['id'] }),
  ]);
  if (versions.length === 0 && requests.length === 0) return null;
  if (versions.length > 0) {
    const readable = await em.count(FolderItem, { $and: [{ id: { $in: versions.map((version) => version.item.id) } }, folderItemPolicy.visible(viewer)] });
    if (readable > 0) return true;
  }
  if (requests.length > 0) {
    const seen = await em.count(FolderChangeRequest, { $and: [{ id: { $in: requests.map((request) => request.id) } }, changeRequestPolicy.visible(viewer)] });
    if (seen > 0) return true;
  }
  return false;
};
