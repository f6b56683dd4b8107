import { seenBy } from './document-policy.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { reject } from '../../core/user-error.ts';
import { StoredFile, type StoredFileEntity } from '../files/public.ts';
import { incomingFilesAttached } from './incoming-file-hooks.ts';
import { DocumentFile, type DocumentFileEntity } from './document-file.ts';
import { Document, type DocumentEntity } from './document.ts';
import { isClassified } from './kinds.ts';

/**
 * Files of documents. A classified document has none: state secrets stay off the network
 * (seed 002 Art. 4, seed 003 Art. 6). Only files the actor uploaded can be attached.
 */
export function refuseFilesOnClassified(document: Pick<DocumentEntity, 'confidentiality'>, field: string[]): void {
  if (isClassified(document.confidentiality)) {
    reject(
      field,
      'NOT_ACCEPTED',
      'Không được tải tệp của văn bản mật lên hệ thống: tài liệu bí mật nhà nước không được lưu trên mạng (Quy chế, Điều 4).',
    );
  }
}

async function ownUploads(em: EntityManager, actor: Actor, fileIds: readonly string[], field: string[]) {
  const files = await em.find(StoredFile, { id: { $in: [...fileIds] }, uploadedBy: actor.accountId ?? undefined });
  if (files.length !== new Set(fileIds).size) reject(field, 'NOT_FOUND', 'Tệp không tồn tại hoặc không do bạn tải lên.');
  return files;
}

/** Attaches newly uploaded files to a document being created, as attachments 1, 2, … version 1; answers them. */
export async function attachInitialFiles(em: EntityManager, actor: Actor, document: DocumentEntity, fileIds: readonly string[]): Promise<StoredFileEntity[]> {
  if (fileIds.length === 0) return [];
  refuseFilesOnClassified(document, ['input', 'fileIds']);
  const files = await ownUploads(em, actor, fileIds, ['input', 'fileIds']);
  const byId = new Map(files.map((file) => [file.id, file]));
  [...new Set(fileIds)].forEach((fileId, index) => {
    em.create(DocumentFile, {
      organisation: actor.organisationId,
      document: document.id,
      attachmentNo: index + 1,
      version: 1,
      file: byId.get(fileId)!.id,
      addedBy: actor.accountId!,
    });
  });
  return [...new Set(fileIds)].map((fileId) => byId.get(fileId)!);
}

/**
 * Adds a file to a registered document: a new attachment, or (with `attachmentNo`) a new version
 * of one. Kept by the clerks of the document's register.
 */
export async function addDocumentFile(
  em: EntityManager,
  actor: Actor,
  input: { documentId: string; fileId: string; attachmentNo?: number | null },
): Promise<DocumentFileEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  refuseFilesOnClassified(document, ['input', 'fileId']);
  if (!actor.ownRoles.includes('CLERK')) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư được bổ sung tệp cho văn bản đã đăng ký.');
  return addFileVersion(em, actor, document, input.fileId, input.attachmentNo ?? null);
}

/** A new attachment, or (with `attachmentNo`) the next version of one, of a file the actor uploaded. */
export async function addFileVersion(em: EntityManager, actor: Actor, document: DocumentEntity, fileId: string, attachmentNo: number | null): Promise<DocumentFileEntity> {
  refuseFilesOnClassified(document, ['input', 'fileId']);
  const [file] = await ownUploads(em, actor, [fileId], ['input', 'fileId']);
  const existing = await em.find(DocumentFile, { document: document.id }, { fields: ['attachmentNo', 'version'] });
  let version: number;
  if (attachmentNo == null) {
    attachmentNo = Math.max(0, ...existing.map((row) => row.attachmentNo)) + 1;
    version = 1;
  } else {
    const versions = existing.filter((row) => row.attachmentNo === attachmentNo).map((row) => row.version);
    if (versions.length === 0) reject(['input', 'attachmentNo'], 'NOT_FOUND', 'Tệp đính kèm số này không tồn tại.');
    version = Math.max(...versions) + 1;
  }
  const added = em.create(DocumentFile, {
    organisation: actor.organisationId,
    document: document.id,
    attachmentNo,
    version,
    file: file!.id,
    addedBy: actor.accountId!,
  });
  await em.flush();
  await auditAct(em, actor, 'document.file_added', { type: 'Document', id: document.id }, { attachmentNo, version, sha256: file!.sha256 });
  if (document.direction === 'INCOMING') await incomingFilesAttached(em, { organisationId: actor.organisationId, documentId: document.id, actor, files: [{ id: file!.id, sha256: file!.sha256, fileName: file!.fileName }] });
  return added;
}
