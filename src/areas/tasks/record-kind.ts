import type { RecordKind } from '../../core/record-kind.ts';
import { Task, type TaskEntity } from './task.ts';
import { taskPolicy } from './task-policy.ts';

export const taskRecordKind: RecordKind<TaskEntity> = { type: 'Task', entity: Task, policy: taskPolicy };
