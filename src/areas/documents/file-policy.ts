import type { EntityManager } from '@mikro-orm/postgresql';
import { DocumentFile } from './document-file.ts';
import type { StoredFileEntity } from '../files/stored-file.ts';
import type { Viewer } from '../../core/viewer.ts';
import { canReadContent } from './document-policy.ts';

/**
 * A file is read under the rule of the documents it belongs to: whoever may read the content of
 * one of them may download it. Before it is attached, only its uploader may.
 */
export async function canDownload(em: EntityManager, viewer: Viewer, file: StoredFileEntity): Promise<boolean> {
  if (file.organisation.id !== viewer.organisationId) return false;
  const attachments = await em.find(DocumentFile, { file: file.id }, { populate: ['document'] });
  if (attachments.length === 0) return file.uploadedBy.id === viewer.accountId;
  return attachments.some((attachment) => canReadContent(viewer, attachment.document.getEntity()));
}
