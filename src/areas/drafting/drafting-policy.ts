import type { FilterQuery } from '@mikro-orm/core';
import type { RecordPolicy } from '../../core/policy.ts';
import type { Viewer } from '../../core/viewer.ts';
import { documentPolicy, type DocumentEntity } from '../documents/public.ts';
import type { ConsultationEntity, DraftReferralEntity } from './drafting.ts';

/** The draft behind a record, if it was read with it (record kind `alongside`): null when it was not. */
function draftOf(reference: { isInitialized(): boolean; getEntity(): DocumentEntity }): DocumentEntity | null {
  return reference.isInitialized() ? reference.getEntity() : null;
}

/**
 * A consultation and its comments: the drafter, the people consulted, every member of the units
 * consulted, and whoever may see the draft under the document's own rule (its handlers, the heads
 * of the drafting unit and above, the leaders once it is submitted…). Nobody else, by id, list,
 * count or subscription.
 */
export const consultationPolicy: RecordPolicy<ConsultationEntity> = {
  visible(viewer) {
    return {
      organisation: viewer.organisationId,
      $or: [{ viewerIds: { $contains: [viewer.accountId] } }, { consultedUnitIds: { $contains: [viewer.unitId] } }, { document: documentPolicy.visible(viewer) }],
    } as FilterQuery<ConsultationEntity>;
  },
  canSee(viewer, consultation) {
    if (consultation.organisation.id !== viewer.organisationId) return false;
    if (consultation.viewerIds.includes(viewer.accountId) || consultation.consultedUnitIds.includes(viewer.unitId)) return true;
    const draft = draftOf(consultation.document);
    return draft !== null && documentPolicy.canSee(viewer, draft);
  },
};

/** Whether the viewer answers for a participant: the person consulted, or a member of the unit consulted. */
export function answersFor(viewer: Viewer, participant: { account?: { id: string } | null; unit?: { id: string } | null }): boolean {
  return participant.account ? participant.account.id === viewer.accountId : participant.unit?.id === viewer.unitId;
}

/** A referred disagreement: whoever may see the draft (the drafter, the appraiser, the signer are all on it). */
export const referralPolicy: RecordPolicy<DraftReferralEntity> = {
  visible(viewer) {
    return { organisation: viewer.organisationId, document: documentPolicy.visible(viewer) } as FilterQuery<DraftReferralEntity>;
  },
  canSee(viewer, referral) {
    if (referral.organisation.id !== viewer.organisationId) return false;
    const draft = draftOf(referral.document);
    return draft !== null && documentPolicy.canSee(viewer, draft);
  },
};
