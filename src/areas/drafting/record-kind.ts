import type { RecordKind } from '../../core/record-kind.ts';
import { Document } from '../documents/public.ts';
import { consultationPolicy } from './drafting-policy.ts';
import { Consultation, type ConsultationEntity } from './drafting.ts';

/** consultationChanged: the draft is read with each consultation, as the policy asks whether the viewer may see it. */
export const consultationRecordKind: RecordKind<ConsultationEntity> = {
  type: 'Consultation',
  entity: Consultation,
  policy: consultationPolicy,
  alongside: (consultation, rows) => rows.load(Document, consultation.document.id),
};
