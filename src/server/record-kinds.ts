import type { EntityName } from '@mikro-orm/core';
import { documentPolicy } from '../areas/documents/document-policy.ts';
import type { RecordPolicy } from '../core/policy.ts';
import { taskPolicy } from '../areas/tasks/task-policy.ts';
import { Document, type DocumentEntity } from '../areas/documents/document.ts';
import { Task, type TaskEntity } from '../areas/tasks/task.ts';
import { assignmentPolicy } from '../areas/routing/assignment-policy.ts';
import { Assignment, type AssignmentEntity } from '../areas/routing/assignment.ts';
import type { SharedRows } from './shared-rows.ts';
import { workFilePolicy } from '../areas/workfiles/work-file-policy.ts';
import { WorkFile, type WorkFileEntity } from '../areas/workfiles/work-file.ts';

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
