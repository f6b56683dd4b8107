import type { EntityName } from '@mikro-orm/core';
import { documentPolicy } from '../auth/policies/document-policy.ts';
import type { RecordPolicy } from '../auth/policies/policy.ts';
import { taskPolicy } from '../auth/policies/task-policy.ts';
import { Document, type DocumentEntity } from '../domain/documents/document.ts';
import { Task, type TaskEntity } from '../domain/tasks/task.ts';
import { assignmentPolicy } from '../auth/policies/assignment-policy.ts';
import { Assignment, type AssignmentEntity } from '../domain/routing/assignment.ts';
import type { SharedRows } from './shared-rows.ts';
import { workFilePolicy } from '../auth/policies/work-file-policy.ts';
import { WorkFile, type WorkFileEntity } from '../domain/workfiles/work-file.ts';

/** A record one may subscribe to the changes of: its type in events, how to read it, who may see it. */
export interface RecordKind<E extends { id: string }> {
  type: string;
  entity: EntityName<E>;
  policy: RecordPolicy<E>;
  /** Rows its policy's `canSee` needs besides the record itself, read with it (same batch). */
  alongside?: (record: E, rows: SharedRows) => Promise<unknown>;
}

export const documentRecordKind: RecordKind<DocumentEntity> = { type: 'Document', entity: Document, policy: documentPolicy };
export const taskRecordKind: RecordKind<TaskEntity> = { type: 'Task', entity: Task, policy: taskPolicy };
export const workFileRecordKind: RecordKind<WorkFileEntity> = { type: 'WorkFile', entity: WorkFile, policy: workFilePolicy };
/** An assignment is seen by whoever may read its document in full: the document is read with it. */
export const assignmentRecordKind: RecordKind<AssignmentEntity> = {
  type: 'Assignment',
  entity: Assignment,
  policy: assignmentPolicy,
  alongside: (assignment, rows) => rows.load(Document, assignment.document.id),
};

const byType = new Map<string, RecordKind<{ id: string }>>(
  [documentRecordKind, taskRecordKind, assignmentRecordKind, workFileRecordKind].map((kind) => [kind.type, kind as unknown as RecordKind<{ id: string }>]),
);

export function recordKindOf(recordType: string): RecordKind<{ id: string }> | undefined {
  return byType.get(recordType);
}
