import { sdlOf, type AreaModule } from '../../core/module.ts';
import { sweepConsultations } from './consultation-sweep.ts';
import { Consultation, ConsultationComment, ConsultationParticipant, DraftReferral } from './drafting.ts';
import { consultationFileAccess } from './file-access.ts';
import { draftingLoaders } from './loaders.ts';
import { consultationRecordKind } from './record-kind.ts';
import { draftingResolvers } from './resolvers.ts';
// Registers the submission hold (a draft with an open consultation or an undecided referral is not submitted).
import './submission-hold.ts';

const entities = [Consultation, ConsultationParticipant, ConsultationComment, DraftReferral];

/** Drafting with other units: consultation on a draft and disagreements with the appraisal referred to the signer (seed 004 Art. 7 §2). */
export const draftingModule: AreaModule = {
  name: 'drafting',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [draftingResolvers],
  entities,
  tenantEntities: entities,
  loaders: draftingLoaders,
  nodes: {
    Consultation: { loader: (loaders) => loaders.consultation },
    DraftReferral: { loader: (loaders) => loaders.draftReferral },
  },
  recordKinds: [consultationRecordKind as never],
  fileAccess: consultationFileAccess,
  // Reminders before the deadline, then the silence recorded at it (consultation-sweep.ts).
  jobs: [{ queue: 'consultation-sweep', cron: '* * * * *', cronVariable: 'JOBS_CONSULTATION_CRON', retryDelaySeconds: 30, expireInSeconds: 300, run: ({ orm }) => sweepConsultations(orm) }],
};
