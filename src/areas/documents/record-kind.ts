import type { RecordKind } from '../../core/record-kind.ts';
import { Document, type DocumentEntity } from './document.ts';
import { documentPolicy } from './document-policy.ts';

export const documentRecordKind: RecordKind<DocumentEntity> = { type: 'Document', entity: Document, policy: documentPolicy };
