import type { EntityName } from '@mikro-orm/core';
import { documentPolicy } from '../auth/policies/document-policy.ts';
import type { RecordPolicy } from '../auth/policies/policy.ts';
import { taskPolicy } from '../auth/policies/task-policy.ts';
import { Document, type DocumentEntity } from '../domain/documents/document.ts';
import { Task, type TaskEntity } from '../domain/tasks/task.ts';

/** A record one may subscribe to the changes of: its type in events, how to read it, who may see it. */
export interface RecordKind<E extends { id: string }> {
  type: string;
  entity: EntityName<E>;
  policy: RecordPolicy<E>;
}

export const documentRecordKind: RecordKind<DocumentEntity> = { type: 'Document', entity: Document, policy: documentPolicy };
export const taskRecordKind: RecordKind<TaskEntity> = { type: 'Task', entity: Task, policy: taskPolicy };

const byType = new Map<string, RecordKind<{ id: string }>>(
  [documentRecordKind, taskRecordKind].map((kind) => [kind.type, kind as unknown as RecordKind<{ id: string }>]),
);

export function recordKindOf(recordType: string): RecordKind<{ id: string }> | undefined {
  return byType.get(recordType);
}
