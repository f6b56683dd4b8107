import type { FilterQuery } from '@mikro-orm/core';
import type { DocumentCopyEntity } from './copy.ts';
import type { DocumentEntity } from './document.ts';
import { canReadContent, documentPolicy } from './document-policy.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import type { Viewer } from '../../core/viewer.ts';

/**
 * A copy obeys its original's rules (Decree 30 Art. 27: a copy has the original's force, so the
 * original's readers are its readers): it is seen by whoever sees the original, in lists, search,
 * counts and by id alike, and its content (the original's subject and files, its own signer,
 * part and recipients) is read by whoever may read the original's.
 */
export const documentCopyPolicy: RecordPolicy<DocumentCopyEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId, original: documentPolicy.visible(viewer) }) as FilterQuery<DocumentCopyEntity>,
  /** Needs the copy's original loaded; without it, no. */
  canSee(viewer, copy) {
    if (copy.organisation.id !== viewer.organisationId || !copy.original.isInitialized()) return false;
    return documentPolicy.canSee(viewer, copy.original.getEntity() as DocumentEntity);
  },
};

export function canReadCopyContent(viewer: Viewer, copy: DocumentCopyEntity): boolean {
  return documentCopyPolicy.canSee(viewer, copy) && canReadContent(viewer, copy.original.getEntity() as DocumentEntity);
}
