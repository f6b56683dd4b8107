import type { RecordKind } from '../../core/record-kind.ts';
import { Document } from '../documents/public.ts';
import { Assignment, type AssignmentEntity } from './assignment.ts';
import { assignmentPolicy } from './assignment-policy.ts';

/** An assignment is seen by whoever may read its document in full: the document is read with it. */
export const assignmentRecordKind: RecordKind<AssignmentEntity> = {
  type: 'Assignment',
  entity: Assignment,
  policy: assignmentPolicy,
  alongside: (assignment, rows) => rows.load(Document, assignment.document.id),
};
