import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { publishAll } from '../../core/events.ts';
import type { Viewer } from '../../core/viewer.ts';
import { type Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { nameKeyOf } from './cabinet.ts';
import { Folder, FolderItem, type FolderEntity, type FolderItemEntity } from './folder.ts';
import { folderItemPolicy, folderPolicy } from './folder-policy.ts';

/** What every cabinet service starts from: a person acting (the deployment itself acts on no folder). */
export function viewerOfActor(actor: Actor): Viewer {
  if (!actor.viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được thao tác trên tủ tài liệu.');
  return actor.viewer;
}

/**
 * A folder the viewer may see, locked for the change (the lock comes first, so what is read after
 * it is current); NOT_FOUND, like a missing one, otherwise.
 */
export async function findFolder(em: EntityManager, viewer: Viewer, id: string, field: string[]): Promise<FolderEntity> {
  await em.execute('select 1 from "folder" where "id" = ? for update', [id]);
  const folder = await em.findOne(Folder, { $and: [{ id }, folderPolicy.visible(viewer)] });
  if (!folder) reject(field, 'NOT_FOUND', 'Thư mục không tồn tại.');
  return folder;
}

/** An item the viewer may see, locked for the change, with its folder (locked too). */
export async function findItem(em: EntityManager, viewer: Viewer, id: string, field: string[]): Promise<{ item: FolderItemEntity; folder: FolderEntity }> {
  await em.execute('select 1 from "folder" where "id" = (select "folder_id" from "folder_item" where "id" = ?) for update', [id]);
  await em.execute('select 1 from "folder_item" where "id" = ? for update', [id]);
  const item = await em.findOne(FolderItem, { $and: [{ id }, folderItemPolicy.visible(viewer)] });
  if (!item) reject(field, 'NOT_FOUND', 'Tài liệu không tồn tại.');
  const folder = await em.findOneOrFail(Folder, { id: item.folder.id });
  return { item, folder };
}

const CONTROL = /\p{Cc}/u;

/** A folder's or item's name: not blank, at most 255 characters, no control characters. */
export function cleanName(problems: Problems, field: string[], value: string, label: string): string | null {
  if (CONTROL.test(value.replace(/[\t\n\r]/g, ' '))) {
    problems.add(field, 'INVALID', `${label} không được chứa ký tự điều khiển.`);
    return null;
  }
  return requiredText(problems, field, value, 255, label);
}

/** An optional description: empty clears it. */
export function cleanDescription(problems: Problems, field: string[], value: string | null | undefined): string | null {
  return value?.trim() ? requiredText(problems, field, value, 2000, 'Mô tả') : null;
}

/** Whether a live folder or item in `parentId` already bears this name (accents and case ignored). */
export async function nameTaken(em: EntityManager, parentId: string, name: string, except: string | null = null): Promise<boolean> {
  const key = nameKeyOf(name);
  const [row] = await em.execute<{ taken: boolean }[]>(
    `select exists(select 1 from "folder" where "parent_id" = ? and "name_key" = ? and "trashed_by" is null and "id" is distinct from ?)
        or exists(select 1 from "folder_item" where "folder_id" = ? and "name_key" = ? and "trashed_by" is null and "id" is distinct from ?) as taken`,
    [parentId, key, except, parentId, key, except],
  );
  return row?.taken === true;
}

export async function checkNameFree(em: EntityManager, problems: Problems, field: string[], parentId: string, name: string | null, except: string | null = null): Promise<void> {
  if (name && (await nameTaken(em, parentId, name, except))) problems.add(field, 'DUPLICATE', `Đã có thư mục hoặc tài liệu tên "${name}" ở đây.`);
}

/**
 * An act on the audit trail (which tells subscribers of the record), and a change of the folders
 * it happened in for those subscribed to them (folderChanged) who may see what changed.
 */
export async function announce(
  em: EntityManager,
  actor: Actor,
  action: string,
  target: { type: 'Folder' | 'FolderItem' | 'FolderChangeRequest'; id: string },
  details: Record<string, unknown>,
  folderIds: readonly (string | null | undefined)[],
): Promise<void> {
  await auditAct(em, actor, action, target, details);
  const folders = [...new Set(folderIds.filter((id): id is string => Boolean(id) && !(target.type === 'Folder' && id === target.id)))];
  await publishAll(
    em,
    // What changed in the folder is the target: only who may see it hears of it (issue 11).
    folders.map((id) => ({
      type: 'record.changed' as const,
      organisationId: actor.organisationId,
      recordType: 'Folder',
      recordId: id,
      action,
      ...(target.type === 'FolderChangeRequest' ? {} : { part: target }),
    })),
  );
}
