import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { UserErrorCode } from '../../core/user-error.ts';
import type { Refusal } from '../../core/ability.ts';
import { atLeast, keepsStructure, levelOn } from './access.ts';
import type { AccessLevel, FolderEntity, FolderItemEntity } from './folder.ts';

/**
 * Who may put what where (seed 002 Art. 10.1) and do what to folders and items: the rules, once,
 * for the services that enforce them and for the `viewerCan` fields that show them. Each answers
 * null when allowed, else why not (a Vietnamese message with its code).
 */

type FolderFacts = Pick<FolderEntity, 'kind' | 'area' | 'zone' | 'zoneUnitId' | 'readOnly' | 'readers' | 'contributors' | 'managers'> & { owner?: { id: string } | null };
type ItemFacts = Pick<FolderItemEntity, 'readers' | 'contributors' | 'managers'> & { author: { id: string } };

const refusal = (code: UserErrorCode, message: string): Refusal => ({ code, message });

const READ_ONLY = refusal('INVALID_STATE', 'Thư mục chỉ còn để xem (đơn vị của thư mục không còn).');

/** Whether the zone of a folder lets this person put documents and sub-folders there (Art. 10.1). */
function zoneRefusal(viewer: Viewer, folder: FolderFacts): Refusal | null {
  switch (folder.zone) {
    case 'ROOT':
      return refusal('NOT_ALLOWED', 'Không đặt tài liệu trực tiếp vào "Tài liệu chia sẻ": hãy chọn thư mục của đơn vị mình, "Tin nội bộ" hoặc "Văn bản mới".');
    case 'UNIT':
      return viewer.unitId === folder.zoneUnitId || viewer.headOfUnitIds.includes(folder.zoneUnitId ?? '')
        ? null
        : refusal('NOT_ALLOWED', 'Chỉ được tạo thư mục con và chia sẻ tài liệu trong thư mục của đơn vị mình (Quy chế, Điều 10.1.a).');
    case 'LEADERS':
      return authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed ? null : refusal('NOT_ALLOWED', 'Thư mục "Lãnh đạo" dành cho lãnh đạo cơ quan.');
    case 'NEW_DOCUMENTS':
      return authorityFor(viewer, ['CLERK', 'LEADER', 'DEPUTY_LEADER']).allowed
        ? null
        : refusal('NOT_ALLOWED', 'Văn bản mới của cấp trên do văn thư và lãnh đạo đưa lên thư mục "Văn bản mới" (Quy chế, Điều 10.1.c).');
    case 'PERSONAL':
      return folder.owner?.id === viewer.accountId ? null : refusal('NOT_ALLOWED', 'Đây là khu vực cá nhân của người khác.');
    case 'INTERNAL_NEWS':
    case 'OTHER':
      return null;
  }
}

/** Adding an item (a file, a link) to a folder. */
export function addRefusal(viewer: Viewer, folder: FolderFacts): Refusal | null {
  if (folder.readOnly) return READ_ONLY;
  if (!atLeast(levelOn(viewer, folder), 'CONTRIBUTE')) return refusal('NOT_ALLOWED', 'Bạn không có quyền thêm tài liệu vào thư mục này.');
  return zoneRefusal(viewer, folder);
}

/** Creating a sub-folder: as adding, or by an IT officer anywhere in the shared area (its structure). */
export function createFolderRefusal(viewer: Viewer, parent: FolderFacts): Refusal | null {
  if (parent.readOnly) return READ_ONLY;
  if (keepsStructure(viewer) && parent.area === 'SHARED') return null;
  if (!atLeast(levelOn(viewer, parent), 'CONTRIBUTE')) return refusal('NOT_ALLOWED', 'Bạn không có quyền tạo thư mục con ở đây.');
  return zoneRefusal(viewer, parent);
}

/** Renaming, moving, deleting a folder: its managers, or IT officers in the shared area; never the cabinet's own folders. */
export function structureRefusal(viewer: Viewer, folder: FolderFacts): Refusal | null {
  if (folder.kind !== 'FOLDER') return refusal('NOT_ALLOWED', 'Thư mục có sẵn của tủ tài liệu không đổi tên, di chuyển hay xóa được.');
  if (folder.readOnly) return READ_ONLY;
  if (atLeast(levelOn(viewer, folder), 'MANAGE') || (keepsStructure(viewer) && folder.area === 'SHARED')) return null;
  return refusal('NOT_ALLOWED', 'Chỉ người quản lý thư mục hoặc cán bộ CNTT được thay đổi cấu trúc thư mục.');
}

/**
 * Granting or withdrawing rights on a folder (its managers) or an item (also its author), never in
 * a personal area, never above the level one holds there oneself. IT officers keep the structure,
 * not the rights (which are the content's).
 */
export function rightsRefusal(viewer: Viewer, folder: FolderFacts, item: ItemFacts | null, level: AccessLevel | null): Refusal | null {
  if (folder.area === 'PERSONAL') return refusal('NOT_ALLOWED', 'Khu vực cá nhân chỉ chủ sở hữu xem được: không cấp quyền ở đây. Hãy chia sẻ tài liệu lên thư mục của đơn vị.');
  if (folder.readOnly) return READ_ONLY;
  const node = item ?? folder;
  const held = levelOn(viewer, node);
  const isAuthor = item !== null && item.author.id === viewer.accountId;
  if (!isAuthor && !atLeast(held, 'MANAGE')) return refusal('NOT_ALLOWED', 'Chỉ tác giả hoặc người quản lý thư mục được cấp quyền.');
  if (level && !atLeast(held, level)) return refusal('NOT_ALLOWED', 'Không được cấp quyền cao hơn quyền mình đang có.');
  return null;
}

/** Breaking or restoring inheritance: as rights, and never on the cabinet's own folders (they inherit nothing). */
export function inheritanceRefusal(viewer: Viewer, folder: FolderFacts, item: ItemFacts | null): Refusal | null {
  if (!item && folder.kind !== 'FOLDER') return refusal('NOT_ALLOWED', 'Thư mục có sẵn của tủ tài liệu có quyền riêng, không kế thừa.');
  return rightsRefusal(viewer, folder, item, null);
}

/** A direct change of an item (new version, name, description, move, delete): its author only (Art. 10.2). */
export function editRefusal(viewer: Viewer, folder: FolderFacts, item: ItemFacts): Refusal | null {
  if (folder.readOnly) return READ_ONLY;
  if (item.author.id !== viewer.accountId) {
    return refusal('NOT_ALLOWED', 'Không được thay thế, sửa hay xóa tài liệu của người khác khi chưa có sự đồng ý của tác giả (Quy chế, Điều 10.2): hãy gửi yêu cầu thay đổi.');
  }
  return null;
}

/** Filing a change request on another author's item: whoever may contribute to it. */
export function requestRefusal(viewer: Viewer, folder: FolderFacts, item: ItemFacts): Refusal | null {
  if (folder.readOnly) return READ_ONLY;
  if (item.author.id === viewer.accountId) return refusal('INVALID', 'Tài liệu của chính bạn: hãy thay đổi trực tiếp.');
  if (!atLeast(levelOn(viewer, item), 'CONTRIBUTE')) return refusal('NOT_ALLOWED', 'Cần quyền đóng góp trên tài liệu để đề nghị thay đổi.');
  return null;
}

/**
 * Restoring from the trash: its author (a folder's creator) or whoever deleted it, or a manager of
 * the folder it lies in. Others do not see it there at all (NOT_FOUND).
 */
export function restoreRefusal(viewer: Viewer, parent: FolderFacts, people: readonly (string | null | undefined)[]): Refusal | null {
  if (!people.includes(viewer.accountId) && !atLeast(levelOn(viewer, parent), 'MANAGE')) return refusal('NOT_FOUND', 'Không có trong thùng rác.');
  if (parent.readOnly) return READ_ONLY;
  return null;
}
