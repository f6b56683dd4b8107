import { raw } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { fromGlobalId } from '../../core/ids.ts';
import { Problems, reject } from '../../core/user-error.ts';
import type { Viewer } from '../../core/viewer.ts';
import { atLeast, levelOn } from './access.ts';
import { announce, checkNameFree, findFolder, viewerOfActor } from './common.ts';
import { refuse } from '../../core/ability.ts';
import { Folder, FolderItem, type FolderEntity, type FolderItemEntity } from './folder.ts';
import { restoreRefusal } from './folder-rules.ts';
import { pgArray } from './sql.ts';

/**
 * The trash (issue 14 §6): a deleted folder (with everything in it) or item stays in the trash of
 * the folder it was in for 30 days, restorable by its author (a folder's creator) or a manager of
 * that folder, then is purged by the folder sweep. Purging a file removes its bytes only when no
 * stored file of any organisation still has their hash.
 */
export const TRASH_DAYS = 30;
const DAY_MS = 86_400_000;

export const purgeAt = (deletedAt: Date) => new Date(deletedAt.getTime() + TRASH_DAYS * DAY_MS);

export interface TrashEntry {
  id: string;
  isFolder: boolean;
  name: string;
  authorId: string | null;
  deletedById: string | null;
  deletedAt: Date;
}

/** What lies in a folder's trash for this viewer: all of it for a manager, else what they deleted or wrote. */
export async function trashOf(em: EntityManager, viewer: Viewer, folder: FolderEntity): Promise<TrashEntry[]> {
  const all = atLeast(levelOn(viewer, folder), 'MANAGE');
  const root = (alias: string) => `${alias}.trashed_by = ${alias}.id`;
  const [folders, items] = await Promise.all([
    em.find(
      Folder,
      { parent: folder.id, [raw(root)]: [], ...(all ? {} : { $or: [{ createdBy: viewer.accountId }, { deletedBy: viewer.accountId }] }) } as never,
      { orderBy: { deletedAt: 'desc', id: 'desc' }, limit: 200 },
    ),
    em.find(
      FolderItem,
      { folder: folder.id, [raw(root)]: [], ...(all ? {} : { $or: [{ author: viewer.accountId }, { deletedBy: viewer.accountId }] }) } as never,
      { orderBy: { deletedAt: 'desc', id: 'desc' }, limit: 200 },
    ),
  ]);
  return [
    ...folders.map((row: FolderEntity) => ({ id: row.id, isFolder: true, name: row.name, authorId: row.createdBy?.id ?? null, deletedById: row.deletedBy?.id ?? null, deletedAt: row.deletedAt! })),
    ...items.map((row: FolderItemEntity) => ({ id: row.id, isFolder: false, name: row.name, authorId: row.author.id, deletedById: row.deletedBy?.id ?? null, deletedAt: row.deletedAt! })),
  ].sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

export async function restoreFromTrash(em: EntityManager, actor: Actor, input: { id: string }): Promise<{ folder: FolderEntity | null; item: FolderItemEntity | null }> {
  const viewer = viewerOfActor(actor);
  const decoded = fromGlobalId(input.id);
  const missing = () => reject(['input', 'id'], 'NOT_FOUND', 'Không có trong thùng rác.');
  if (decoded?.type === 'Folder') {
    await em.execute('select 1 from "folder" where "id" = ? for update', [decoded.id]);
    const folder = await em.findOne(Folder, { id: decoded.id, trashedBy: decoded.id });
    if (!folder?.parent) return missing();
    const parent = await findFolder(em, viewer, folder.parent.id, ['input', 'id']).catch(missing);
    refuse(['input', 'id'], restoreRefusal(viewer, parent, [folder.createdBy?.id, folder.deletedBy?.id]));
    const problems = new Problems();
    await checkNameFree(em, problems, ['input', 'id'], parent.id, folder.name, folder.id);
    problems.throwIfAny();
    await em.execute(`update "folder" set "trashed_by" = null where "organisation_id" = ? and "path" @> ?::text[] and "trashed_by" = ?`, [actor.organisationId, pgArray([folder.id]), folder.id]);
    await em.execute(`update "folder_item" set "trashed_by" = null where "trashed_by" = ? and "organisation_id" = ?`, [folder.id, actor.organisationId]);
    await em.execute(`update "folder" set "deleted_at" = null, "deleted_by_id" = null where "id" = ?`, [folder.id]);
    await em.refresh(folder);
    await announce(em, actor, 'folder.restored', { type: 'Folder', id: folder.id }, { name: folder.name }, [parent.id]);
    return { folder, item: null };
  }
  if (decoded?.type === 'FolderItem') {
    await em.execute('select 1 from "folder_item" where "id" = ? for update', [decoded.id]);
    const item = await em.findOne(FolderItem, { id: decoded.id, trashedBy: decoded.id });
    if (!item) return missing();
    const parent = await findFolder(em, viewer, item.folder.id, ['input', 'id']).catch(missing);
    refuse(['input', 'id'], restoreRefusal(viewer, parent, [item.author.id, item.deletedBy?.id]));
    const problems = new Problems();
    await checkNameFree(em, problems, ['input', 'id'], parent.id, item.name, item.id);
    problems.throwIfAny();
    item.trashedBy = null;
    item.deletedAt = null;
    item.deletedBy = null;
    await em.flush();
    await announce(em, actor, 'folder_item.restored', { type: 'FolderItem', id: item.id }, { name: item.name }, [parent.id]);
    return { folder: null, item };
  }
  return missing();
}

/** What the bytes of purged files are kept in: removed only once nothing has their hash. */
export interface BlobRemover {
  remove(sha256: string): Promise<void>;
}

/**
 * Purges what has been in the trash for 30 days, one deletion at a time (each in its own
 * transaction), then the bytes no stored file refers to any more. The hash is locked while it is
 * checked and removed, as an upload of the same bytes locks it (files/file-routes.ts), so an
 * upload never ends up pointing to removed bytes.
 */
export async function purgeTrash(orm: MikroORM, blobs: BlobRemover, now = new Date()): Promise<{ purged: number; blobsRemoved: number }> {
  const before = new Date(now.getTime() - TRASH_DAYS * DAY_MS);
  const em = orm.em.fork({ clear: true });
  const due = await em.execute<{ id: string; is_folder: boolean }[]>(
    `select id, true as is_folder from "folder" where "deleted_at" <= ? and "trashed_by" = "id"
     union all select id, false from "folder_item" where "deleted_at" <= ? and "trashed_by" = "id" limit 200`,
    [before, before],
  );
  const hashes = new Set<string>();
  let purged = 0;
  for (const root of due) {
    const removed = await em.transactional(async (tx) => {
      const itemsSql = root.is_folder
        ? `select i.id from "folder_item" i join "folder" f on f.id = i.folder_id where f.path @> ?::text[]`
        : `select id from "folder_item" where id = ?`;
      const parameter = root.is_folder ? pgArray([root.id]) : root.id;
      const files = await tx.execute<{ id: string }[]>(
        `select file_id as id from "folder_item_version" where item_id in (${itemsSql})
         union select new_file_id from "folder_change_request" where new_file_id is not null and item_id in (${itemsSql})`,
        [parameter, parameter],
      );
      // Cascades take the branch's folders, items, versions, grants, requests and notice links.
      await tx.execute(root.is_folder ? `delete from "folder" where id = ? and trashed_by = id` : `delete from "folder_item" where id = ? and trashed_by = id`, [root.id]);
      if (files.length === 0) return [];
      return tx.execute<{ sha256: string }[]>(
        `delete from "stored_file" s where s.id = any(?::uuid[])
           and not exists (select 1 from "document_file" where file_id = s.id)
           and not exists (select 1 from "folder_item_version" where file_id = s.id)
           and not exists (select 1 from "folder_change_request" where new_file_id = s.id)
           and not exists (select 1 from "folder_item" where current_file_id = s.id)
         returning s.sha256`,
        [pgArray(files.map((file) => file.id))],
      );
    });
    purged += 1;
    for (const row of removed) hashes.add(row.sha256);
  }
  let blobsRemoved = 0;
  for (const sha256 of hashes) {
    const gone = await em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`blob:${sha256}`]);
      const [row] = await tx.execute<{ used: boolean }[]>(`select exists(select 1 from "stored_file" where "sha256" = ?) as used`, [sha256]);
      if (row?.used) return false;
      await blobs.remove(sha256);
      return true;
    });
    if (gone) blobsRemoved += 1;
  }
  return { purged, blobsRemoved };
}
