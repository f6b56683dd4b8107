import { DocumentFile } from './document-file.ts';
import type { FileAccessRule } from '../../core/module.ts';
import { canReadContent } from './document-policy.ts';

/**
 * A file attached to documents is read under their rule: whoever may read the content of one of
 * them may download it.
 */
export const documentFileAccess: FileAccessRule = async (em, viewer, file) => {
  const attachments = await em.find(DocumentFile, { file: file.id }, { populate: ['document'] });
  if (attachments.length === 0) return null;
  return attachments.some((attachment) => canReadContent(viewer, attachment.document.getEntity()));
};
