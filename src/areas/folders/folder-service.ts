import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { atLeast, keepsStructure, levelOn } from './access.ts';
import { nameKeyOf } from './cabinet.ts';
import { announce, checkNameFree, cleanName, findFolder, viewerOfActor } from './common.ts';
import { refuse } from '../../core/ability.ts';
import { Folder, type FolderEntity } from './folder.ts';
import { addRefusal, createFolderRefusal, structureRefusal } from './folder-rules.ts';
import { putGrant } from './grant-service.ts';
import { refreshFolders } from './rights-refresh.ts';
import { executeWith, pgArray } from './sql.ts';
import { cancelPendingRequests } from './pending-requests.ts';

/**
 * The cabinet's structure: folders created, renamed, moved and deleted (to the trash). A folder's
 * creator manages it (a grant like any other); IT officers keep the shared area's structure
 * without any right on its content.
 */
export async function createFolder(em: EntityManager, actor: Actor, input: { parentId: string; name: string }): Promise<FolderEntity> {
  const viewer = viewerOfActor(actor);
  const parent = await findFolder(em, viewer, input.parentId, ['input', 'parentId']);
  refuse(['input', 'parentId'], createFolderRefusal(viewer, parent));
  const problems = new Problems();
  const name = cleanName(problems, ['input', 'name'], input.name, 'Tên thư mục');
  await checkNameFree(em, problems, ['input', 'name'], parent.id, name);
  problems.throwIfAny();

  const id = randomUUID();
  // Made by right (not only as the structure's keeper): its creator manages it.
  const creatorManages = parent.area === 'SHARED' && addRefusal(viewer, parent) === null;
  const topLevel = parent.kind === 'SHARED_ROOT';
  const folder = em.create(Folder, {
    id,
    organisation: actor.organisationId,
    parent: parent.id,
    area: parent.area,
    kind: 'FOLDER',
    zone: topLevel ? 'OTHER' : parent.zone,
    zoneUnitId: topLevel ? null : (parent.zoneUnitId ?? null),
    unit: null,
    owner: parent.owner?.id ?? null,
    name: name!,
    nameKey: nameKeyOf(name!),
    path: [...parent.path, id],
    rightsPath: [...parent.rightsPath, id],
    inheritsRights: true,
    readers: [...parent.readers],
    contributors: [...parent.contributors],
    managers: [...parent.managers],
    readOnly: false,
    createdBy: actor.accountId!,
  });
  await em.flush();
  if (creatorManages) await putGrant(em, actor, { folder, item: null }, { kind: 'ACCOUNT', accountId: actor.accountId }, 'MANAGE', { refresh: true });
  await announce(em, actor, 'folder.created', { type: 'Folder', id }, { name: folder.name, parentId: parent.id }, [parent.id]);
  return folder;
}

export async function renameFolder(em: EntityManager, actor: Actor, input: { id: string; name: string }): Promise<FolderEntity> {
  const viewer = viewerOfActor(actor);
  const folder = await findFolder(em, viewer, input.id, ['input', 'id']);
  refuse(['input', 'id'], structureRefusal(viewer, folder));
  const problems = new Problems();
  const name = cleanName(problems, ['input', 'name'], input.name, 'Tên thư mục');
  await checkNameFree(em, problems, ['input', 'name'], folder.parent!.id, name, folder.id);
  problems.throwIfAny();
  const before = folder.name;
  folder.name = name!;
  folder.nameKey = nameKeyOf(name!);
  folder.updatedAt = new Date();
  await em.flush();
  await announce(em, actor, 'folder.renamed', { type: 'Folder', id: folder.id }, { before, after: folder.name }, [folder.parent!.id]);
  return folder;
}

/** Moves a folder with everything below it within its area; rights are recomputed for the whole branch. */
export async function moveFolder(em: EntityManager, actor: Actor, input: { id: string; parentId: string }): Promise<FolderEntity> {
  const viewer = viewerOfActor(actor);
  const folder = await findFolder(em, viewer, input.id, ['input', 'id']);
  refuse(['input', 'id'], structureRefusal(viewer, folder));
  const target = await findFolder(em, viewer, input.parentId, ['input', 'parentId']);
  if (target.path.includes(folder.id)) reject(['input', 'parentId'], 'INVALID', 'Không thể chuyển thư mục vào chính nó hoặc thư mục con của nó.');
  if (target.area !== folder.area) reject(['input', 'parentId'], 'INVALID', 'Không chuyển thư mục giữa khu vực chia sẻ và khu vực cá nhân.');
  if (target.id === folder.parent?.id) reject(['input', 'parentId'], 'INVALID', 'Thư mục đã ở đó.');
  refuse(['input', 'parentId'], createFolderRefusal(viewer, target));
  const problems = new Problems();
  await checkNameFree(em, problems, ['input', 'parentId'], target.id, folder.name, folder.id);
  problems.throwIfAny();

  const from = folder.parent!.id;
  const topLevel = target.kind === 'SHARED_ROOT';
  await em.execute(
    `update "folder" set "path" = ?::text[] || "path"[array_position("path", ?::text):], "zone" = ?, "zone_unit_id" = ?
     where "organisation_id" = ? and "path" @> ?::text[]`,
    [pgArray(target.path), folder.id, topLevel ? 'OTHER' : target.zone, topLevel ? null : (target.zoneUnitId ?? null), actor.organisationId, pgArray([folder.id])],
  );
  await em.execute(`update "folder" set "parent_id" = ?, "updated_at" = now() where "id" = ?`, [target.id, folder.id]);
  await refreshFolders(executeWith(em), actor.organisationId, [folder.id]);
  await em.refresh(folder);
  await announce(em, actor, 'folder.moved', { type: 'Folder', id: folder.id }, { from, to: target.id }, [from, target.id]);
  return folder;
}

/**
 * Puts a folder and everything below it into its parent's trash. Refused while it holds a live
 * document of another author (their consent is needed for each: Art. 10.2), and for an IT officer
 * without rights there, while it holds any document (they keep the structure, not the content).
 */
export async function deleteFolder(em: EntityManager, actor: Actor, input: { id: string }, now = new Date()): Promise<FolderEntity> {
  const viewer = viewerOfActor(actor);
  const folder = await findFolder(em, viewer, input.id, ['input', 'id']);
  refuse(['input', 'id'], structureRefusal(viewer, folder));
  const byStructureOnly = keepsStructure(viewer) && !atLeast(levelOn(viewer, folder), 'MANAGE');
  const [held] = await em.execute<{ others: boolean; any: boolean }[]>(
    `select bool_or(i.author_id <> ?) as others, count(*) > 0 as any
     from "folder_item" i join "folder" f on f.id = i.folder_id
     where f.organisation_id = ? and f.path @> ?::text[] and i.trashed_by is null`,
    [actor.accountId, actor.organisationId, pgArray([folder.id])],
  );
  if (held?.others) {
    reject(['input', 'id'], 'NOT_ALLOWED', 'Thư mục còn tài liệu của người khác: không được xóa khi chưa có sự đồng ý của tác giả (Quy chế, Điều 10.2).');
  }
  if (byStructureOnly && held?.any) reject(['input', 'id'], 'NOT_ALLOWED', 'Cán bộ CNTT chỉ xóa được thư mục không còn tài liệu.');
  await em.execute(`update "folder" set "trashed_by" = ? where "organisation_id" = ? and "path" @> ?::text[] and "trashed_by" is null`, [folder.id, actor.organisationId, pgArray([folder.id])]);
  const items = await em.execute<{ id: string }[]>(
    `update "folder_item" set "trashed_by" = ? where "trashed_by" is null and "folder_id" in (select id from "folder" where "organisation_id" = ? and "path" @> ?::text[]) returning id`,
    [folder.id, actor.organisationId, pgArray([folder.id])],
  );
  await em.execute(`update "folder" set "deleted_at" = ?, "deleted_by_id" = ? where "id" = ?`, [now, actor.accountId, folder.id]);
  await cancelPendingRequests(em, actor, items.map((item) => item.id));
  await em.refresh(folder);
  await announce(em, actor, 'folder.deleted', { type: 'Folder', id: folder.id }, { name: folder.name, items: items.length }, [folder.parent!.id]);
  return folder;
}
