import type { RecordKind } from '../../core/record-kind.ts';
import { handOverListPolicy } from './archive-policy.ts';
import { HandOverList, type HandOverListEntity } from './archive.ts';

export const handOverListRecordKind: RecordKind<HandOverListEntity> = { type: 'HandOverList', entity: HandOverList, policy: handOverListPolicy };
