import type { RecordKind } from '../../core/record-kind.ts';
import { WorkFile, type WorkFileEntity } from './work-file.ts';
import { workFilePolicy } from './work-file-policy.ts';

export const workFileRecordKind: RecordKind<WorkFileEntity> = { type: 'WorkFile', entity: WorkFile, policy: workFilePolicy };
