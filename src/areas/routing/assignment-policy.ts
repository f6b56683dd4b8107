import type { FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity } from '../documents/document.ts';
import type { AssignmentEntity } from './assignment.ts';
import { canReadContent, contentReadable, documentPolicy } from '../documents/document-policy.ts';
import type { RecordPolicy } from '../../core/policy.ts';

/**
 * An assignment is part of its document's handling: directions and proposals are content, so
 * whoever may read the document in full sees its assignments, and no one else (a confidential
 * clerk who sees a classified entry does not see who handles it, nor the leader's note).
 */
export const assignmentPolicy: RecordPolicy<AssignmentEntity> = {
  visible(viewer) {
    return {
      organisation: viewer.organisationId,
      document: { $and: [documentPolicy.visible(viewer), contentReadable(viewer)] },
    } as FilterQuery<AssignmentEntity>;
  },
  /** Needs the assignment's document loaded; without it, no. */
  canSee(viewer, assignment) {
    if (assignment.organisation.id !== viewer.organisationId || !assignment.document.isInitialized()) return false;
    return canReadContent(viewer, assignment.document.getEntity() as DocumentEntity);
  },
};
