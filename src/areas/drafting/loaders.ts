import DataLoader from 'dataloader';
import { childrenOf, visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { consultationPolicy, referralPolicy } from './drafting-policy.ts';
import { Consultation, ConsultationComment, ConsultationParticipant, DraftReferral, type ConsultationEntity, type DraftReferralEntity } from './drafting.ts';

/** Of each draft, what the viewer may see of it under the area's policy, newest first: one statement for a page of documents. */
function ofDraft<E extends { id: string; document: { id: string } }>(entity: typeof Consultation | typeof DraftReferral, visible: (scope: Scope) => object) {
  return (scope: Scope) =>
    new DataLoader<string, E[]>(async (documentIds) => {
      if (!scope.viewer) return documentIds.map(() => []);
      const rows = (await scope.em.find(entity as never, { $and: [{ document: { $in: [...documentIds] } }, visible(scope)] } as never, { orderBy: { createdAt: 'desc', id: 'desc' } } as never)) as E[];
      return documentIds.map((id) => rows.filter((row) => row.document.id === id));
    });
}

export const draftingLoaders = {
  consultation: visibleById<ConsultationEntity>(Consultation, consultationPolicy),
  draftReferral: visibleById<DraftReferralEntity>(DraftReferral, referralPolicy),
  consultationsOfDraft: ofDraft<ConsultationEntity>(Consultation, ({ viewer }) => consultationPolicy.visible(viewer!)),
  referralsOfDraft: ofDraft<DraftReferralEntity>(DraftReferral, ({ viewer }) => referralPolicy.visible(viewer!)),
  /** Of consultations the caller has checked: */
  consultationParticipants: childrenOf(ConsultationParticipant, 'consultation', { id: 'asc' }),
  consultationComments: childrenOf(ConsultationComment, 'consultation', { at: 'asc', id: 'asc' }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof draftingLoaders> {}
}
