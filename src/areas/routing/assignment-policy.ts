import type { FilterQuery, Ref } from '@mikro-orm/core';
import { type DocumentEntity, canReadContent, contentReadable, documentPolicy } from '../documents/public.ts';
import type { AssignmentEntity, DirectionEntity } from './assignment.ts';
import type { RecordPolicy } from '../../core/policy.ts';

/**
 * The handling of a document (its directions and assignments: the leader's note, deadlines, the
 * handlers' proposals) is part of its content: whoever may read the document in full sees it, and
 * no one else. Who the document was handed to is not: it is a column of the register entry, and
 * whoever sees the entry sees it (document-policy.ts, `handedToVisible`).
 */
function handlingPolicy<E extends { organisation: { id: string }; document: Ref<DocumentEntity> }>(): RecordPolicy<E> {
  return {
    visible(viewer) {
      return {
        organisation: viewer.organisationId,
        document: { $and: [documentPolicy.visible(viewer), contentReadable(viewer)] },
      } as FilterQuery<E>;
    },
    /** Needs the record's document loaded; without it, no. */
    canSee(viewer, record) {
      if (record.organisation.id !== viewer.organisationId || !record.document.isInitialized()) return false;
      return canReadContent(viewer, record.document.getEntity() as DocumentEntity);
    },
  };
}

export const assignmentPolicy: RecordPolicy<AssignmentEntity> = handlingPolicy<AssignmentEntity>();
export const directionPolicy: RecordPolicy<DirectionEntity> = handlingPolicy<DirectionEntity>();
