import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import type { Viewer } from '../../core/viewer.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { seenBy, Document, isClassified, numberNotationOf } from '../documents/public.ts';
import { StoredFile, type StoredFileEntity } from '../files/public.ts';
import { workFilePolicy, WorkFile } from '../workfiles/public.ts';
import { Account } from '../accounts/public.ts';
import { authorKey } from './access.ts';
import { nameKeyOf } from './cabinet.ts';
import { announce, checkNameFree, cleanDescription, cleanName, findFolder, findItem, viewerOfActor } from './common.ts';
import { refuse } from '../../core/ability.ts';
import { cancelPendingRequests } from './pending-requests.ts';
import { FolderItem, FolderItemVersion, type FolderEntity, type FolderItemEntity, type ItemKind } from './folder.ts';
import { addRefusal, editRefusal } from './folder-rules.ts';
import { refreshItems } from './rights-refresh.ts';
import { itemSearchText } from './search.ts';
import { executeWith } from './sql.ts';

/**
 * Items of the cabinet (issue 14 §4): uploaded files with their versions, and links to registered
 * documents and work files (never copies, never classified documents: seed 002 Art. 4). Only the
 * author changes an item directly; anyone else asks the author's consent (consent-service.ts).
 */

/**
 * The viewer's own upload, not yet used by any document, item or request: one upload, one place,
 * so a file's download rule is that of the one record holding it.
 */
export async function freshUpload(em: EntityManager, viewer: Viewer, fileId: string, field: string[]): Promise<StoredFileEntity> {
  const file = await em.findOne(StoredFile, { id: fileId, uploadedBy: viewer.accountId });
  if (!file) reject(field, 'NOT_FOUND', 'Tệp không tồn tại hoặc không do bạn tải lên.');
  const [used] = await em.execute<{ used: boolean }[]>(
    `select exists(select 1 from "document_file" where "file_id" = ?)
        or exists(select 1 from "folder_item_version" where "file_id" = ?)
        or exists(select 1 from "folder_change_request" where "new_file_id" = ?) as used`,
    [file.id, file.id, file.id],
  );
  if (used?.used) reject(field, 'INVALID', 'Tệp này đã được dùng ở nơi khác: hãy tải tệp lên lại.');
  return file;
}

/** Văn bản mới takes a registered document as a link, never a copy of its file (Art. 10.1.c). */
async function refuseCopyOfDocument(em: EntityManager, actor: Actor, folder: FolderEntity, file: StoredFileEntity, field: string[]): Promise<void> {
  if (folder.zone !== 'NEW_DOCUMENTS') return;
  const holders = await em.execute<{ id: string }[]>(
    `select distinct df.document_id as id from "document_file" df join "stored_file" sf on sf.id = df.file_id where sf.sha256 = ? and df.organisation_id = ?`,
    [file.sha256, actor.organisationId],
  );
  if (holders.length === 0) return;
  // Said only of a document the viewer may see: nothing is told of one they may not.
  const copies = await em.find(Document, seenBy(actor, { id: { $in: holders.map((row) => row.id) } }), { fields: ['id'], limit: 1 });
  if (copies.length > 0) reject(field, 'NOT_ACCEPTED', 'Tệp này là tệp của một văn bản đã đăng ký: hãy liên kết văn bản vào "Văn bản mới" thay vì sao chép.');
}

interface NewItem {
  kind: ItemKind;
  name: string;
  description: string | null;
  documentId?: string | null;
  workFileId?: string | null;
  file?: StoredFileEntity | null;
}

async function createItem(em: EntityManager, actor: Actor, folder: FolderEntity, input: NewItem): Promise<FolderItemEntity> {
  const author = await em.findOneOrFail(Account, { id: actor.accountId! });
  const item = em.create(FolderItem, {
    organisation: actor.organisationId,
    folder: folder.id,
    kind: input.kind,
    name: input.name,
    nameKey: nameKeyOf(input.name),
    description: input.description,
    author: author.id,
    authorUnit: author.unit.id,
    document: input.documentId ?? null,
    workFile: input.workFileId ?? null,
    currentVersion: input.file ? 1 : 0,
    currentFile: input.file?.id ?? null,
    size: input.file?.size ?? null,
    searchText: itemSearchText(input.name, input.description),
    rightsPath: [],
    inheritsRights: true,
    readers: [...new Set([...folder.readers, authorKey(author.id)])],
    contributors: [...folder.contributors],
    managers: [...folder.managers],
  });
  item.rightsPath = [...folder.rightsPath, item.id];
  if (input.file) em.create(FolderItemVersion, { organisation: actor.organisationId, item: item.id, version: 1, file: input.file.id, addedBy: author.id });
  await em.flush();
  return item;
}

export interface AddFileInput {
  folderId: string;
  fileId: string;
  name?: string | null;
  description?: string | null;
}

export async function addFile(em: EntityManager, actor: Actor, input: AddFileInput): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  const folder = await findFolder(em, viewer, input.folderId, ['input', 'folderId']);
  refuse(['input', 'folderId'], addRefusal(viewer, folder));
  const file = await freshUpload(em, viewer, input.fileId, ['input', 'fileId']);
  await refuseCopyOfDocument(em, actor, folder, file, ['input', 'fileId']);
  const problems = new Problems();
  const name = cleanName(problems, ['input', 'name'], input.name?.trim() ? input.name : file.fileName, 'Tên tài liệu');
  const description = cleanDescription(problems, ['input', 'description'], input.description);
  await checkNameFree(em, problems, ['input', 'name'], folder.id, name);
  problems.throwIfAny();
  const item = await createItem(em, actor, folder, { kind: 'FILE', name: name!, description, file });
  await announce(em, actor, 'folder_item.added', { type: 'FolderItem', id: item.id }, { name: item.name, folderId: folder.id, sha256: file.sha256 }, [folder.id]);
  return item;
}

export interface LinkInput {
  folderId: string;
  documentId?: string | null;
  workFileId?: string | null;
  name?: string | null;
  description?: string | null;
}

/** A document counts as registered once in a register (incoming) or issued (outgoing). */
function isRegistered(document: { registeredAt?: Date | null; status: string }): boolean {
  return Boolean(document.registeredAt) || document.status === 'ISSUED';
}

export async function addLink(em: EntityManager, actor: Actor, input: LinkInput): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  if (Boolean(input.documentId) === Boolean(input.workFileId)) reject(['input', 'documentId'], 'INVALID', 'Chọn một văn bản hoặc một hồ sơ để liên kết.');
  const folder = await findFolder(em, viewer, input.folderId, ['input', 'folderId']);
  refuse(['input', 'folderId'], addRefusal(viewer, folder));
  let defaultName: string;
  if (input.documentId) {
    // One the viewer may not see is answered as missing, before any other rule.
    const document = await em.findOne(Document, seenBy(actor, { id: input.documentId }));
    if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
    if (isClassified(document.confidentiality)) {
      reject(['input', 'documentId'], 'NOT_ACCEPTED', 'Văn bản mật không được đưa vào tủ tài liệu: tài liệu bí mật nhà nước không được lưu trên mạng (Quy chế, Điều 4).');
    }
    if (!isRegistered(document)) reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ liên kết văn bản đã đăng ký hoặc đã ban hành.');
    if (await em.count(FolderItem, { folder: folder.id, document: document.id, trashedBy: null })) reject(['input', 'documentId'], 'DUPLICATE', 'Văn bản đã được liên kết trong thư mục này.');
    defaultName = [numberNotationOf(document), document.subject].filter(Boolean).join(' ');
  } else {
    const workFile = await em.findOne(WorkFile, { $and: [{ id: input.workFileId! }, workFilePolicy.visible(viewer)] } as never);
    if (!workFile) reject(['input', 'workFileId'], 'NOT_FOUND', 'Hồ sơ không tồn tại.');
    if (await em.count(FolderItem, { folder: folder.id, workFile: workFile.id, trashedBy: null })) reject(['input', 'workFileId'], 'DUPLICATE', 'Hồ sơ đã được liên kết trong thư mục này.');
    defaultName = `${workFile.code} ${workFile.title}`;
  }
  const problems = new Problems();
  const name = cleanName(problems, ['input', 'name'], input.name?.trim() ? input.name : [...defaultName].slice(0, 255).join(''), 'Tên tài liệu');
  const description = cleanDescription(problems, ['input', 'description'], input.description);
  await checkNameFree(em, problems, ['input', 'name'], folder.id, name);
  problems.throwIfAny();
  const item = await createItem(em, actor, folder, {
    kind: input.documentId ? 'DOCUMENT_LINK' : 'WORK_FILE_LINK',
    name: name!,
    description,
    documentId: input.documentId ?? null,
    workFileId: input.workFileId ?? null,
  });
  await announce(em, actor, 'folder_item.linked', { type: 'FolderItem', id: item.id }, { name: item.name, folderId: folder.id, documentId: input.documentId ?? null, workFileId: input.workFileId ?? null }, [folder.id]);
  return item;
}

/**
 * The changes an item can undergo, applied by its author directly or, on another's accepted
 * request, by the system (consent-service.ts): each checks what it must and records itself.
 */
export async function applyNewVersion(em: EntityManager, actor: Actor, item: FolderItemEntity, file: StoredFileEntity, addedById: string): Promise<number> {
  if (item.kind !== 'FILE') reject(['input', 'itemId'], 'INVALID_STATE', 'Chỉ tài liệu dạng tệp mới có phiên bản.');
  const version = item.currentVersion + 1;
  em.create(FolderItemVersion, { organisation: actor.organisationId, item: item.id, version, file: file.id, addedBy: addedById });
  item.currentVersion = version;
  item.currentFile = em.getReference(StoredFile, file.id, { wrapped: true });
  item.size = file.size;
  item.updatedAt = new Date();
  await em.flush();
  await announce(em, actor, 'folder_item.version_added', { type: 'FolderItem', id: item.id }, { version, sha256: file.sha256, addedById }, [item.folder.id]);
  return version;
}

export async function checkMetadata(em: EntityManager, item: FolderItemEntity, input: { name?: string | null; description?: string | null; changesDescription: boolean }) {
  const problems = new Problems();
  const name = input.name == null ? item.name : cleanName(problems, ['input', 'name'], input.name, 'Tên tài liệu');
  const description = input.changesDescription ? cleanDescription(problems, ['input', 'description'], input.description) : (item.description ?? null);
  if (name !== item.name) await checkNameFree(em, problems, ['input', 'name'], item.folder.id, name, item.id);
  problems.throwIfAny();
  return { name: name!, description };
}

export async function applyMetadata(em: EntityManager, actor: Actor, item: FolderItemEntity, input: { name: string; description: string | null }): Promise<void> {
  const before = { name: item.name, description: item.description ?? null };
  item.name = input.name;
  item.nameKey = nameKeyOf(input.name);
  item.description = input.description;
  item.searchText = itemSearchText(input.name, input.description);
  item.updatedAt = new Date();
  await em.flush();
  await announce(em, actor, 'folder_item.updated', { type: 'FolderItem', id: item.id }, { before, after: input }, [item.folder.id]);
}

/** Whether the item may go into `target` for the one placing it there (`placer`: the author or the requester). */
export async function checkMove(em: EntityManager, placer: Viewer, item: FolderItemEntity, target: FolderEntity): Promise<void> {
  if (target.id === item.folder.id) reject(['input', 'folderId'], 'INVALID', 'Tài liệu đã ở thư mục đó.');
  refuse(['input', 'folderId'], addRefusal(placer, target));
  const problems = new Problems();
  await checkNameFree(em, problems, ['input', 'folderId'], target.id, item.name, item.id);
  problems.throwIfAny();
}

export async function applyMove(em: EntityManager, actor: Actor, item: FolderItemEntity, target: FolderEntity): Promise<void> {
  const from = item.folder.id;
  await em.execute(`update "folder_item" set "folder_id" = ?, "updated_at" = now() where "id" = ?`, [target.id, item.id]);
  await refreshItems(executeWith(em), actor.organisationId, [item.id]);
  await em.refresh(item);
  await announce(em, actor, 'folder_item.moved', { type: 'FolderItem', id: item.id }, { from, to: target.id }, [from, target.id]);
}

export async function applyDelete(em: EntityManager, actor: Actor, item: FolderItemEntity, deletedById: string, now = new Date()): Promise<void> {
  item.trashedBy = item.id;
  item.deletedAt = now;
  item.deletedBy = em.getReference(Account, deletedById, { wrapped: true });
  await em.flush();
  await cancelPendingRequests(em, actor, [item.id]);
  await announce(em, actor, 'folder_item.deleted', { type: 'FolderItem', id: item.id }, { name: item.name, deletedById }, [item.folder.id]);
}

/** The author's own changes. */
export async function addVersion(em: EntityManager, actor: Actor, input: { itemId: string; fileId: string }): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  const { item, folder } = await findItem(em, viewer, input.itemId, ['input', 'itemId']);
  refuse(['input', 'itemId'], editRefusal(viewer, folder, item));
  const file = await freshUpload(em, viewer, input.fileId, ['input', 'fileId']);
  await refuseCopyOfDocument(em, actor, folder, file, ['input', 'fileId']);
  await applyNewVersion(em, actor, item, file, viewer.accountId);
  return item;
}

export async function updateItem(em: EntityManager, actor: Actor, input: { itemId: string; name?: string | null; description?: string | null }): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  const { item, folder } = await findItem(em, viewer, input.itemId, ['input', 'itemId']);
  refuse(['input', 'itemId'], editRefusal(viewer, folder, item));
  const checked = await checkMetadata(em, item, { name: input.name, description: input.description, changesDescription: input.description !== undefined && input.description !== null });
  await applyMetadata(em, actor, item, checked);
  return item;
}

export async function moveItem(em: EntityManager, actor: Actor, input: { itemId: string; folderId: string }): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  const { item, folder } = await findItem(em, viewer, input.itemId, ['input', 'itemId']);
  refuse(['input', 'itemId'], editRefusal(viewer, folder, item));
  const target = await findFolder(em, viewer, input.folderId, ['input', 'folderId']);
  await checkMove(em, viewer, item, target);
  await applyMove(em, actor, item, target);
  return item;
}

export async function deleteItem(em: EntityManager, actor: Actor, input: { itemId: string }): Promise<FolderItemEntity> {
  const viewer = viewerOfActor(actor);
  const { item, folder } = await findItem(em, viewer, input.itemId, ['input', 'itemId']);
  refuse(['input', 'itemId'], editRefusal(viewer, folder, item));
  await applyDelete(em, actor, item, viewer.accountId);
  return item;
}
