import type { FilterQuery } from '@mikro-orm/core';
import { paginate } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { optionalIdOf, idOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import { namedRecordId } from '../../core/named.ts';
import { recordStream } from '../../core/record-stream.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { cancelConsultation, commentOnDraft, compileConsultation, consultOnDraft } from './consultation-service.ts';
import { consultationPolicy } from './drafting-policy.ts';
import { Consultation, type ConsultationEntity } from './drafting.ts';
import { consultationRecordKind } from './record-kind.ts';
import { decideDisagreement, referDisagreement } from './referral-service.ts';

/** Drafting over GraphQL: thin, every rule in the area's services, state machines and policy. */

/** A consultation the viewer may not see is answered as a missing one, before any rule is checked. */
function visibleConsultationId(context: Context, globalId: string): Promise<string> {
  return namedRecordId(context.loaders.consultation, globalId, 'Consultation', ['input', 'id'], 'Đợt xin ý kiến không tồn tại.');
}

function consultationWhere(context: Context, filter: { documentId?: string | null; toAnswer?: boolean | null } | null | undefined): FilterQuery<ConsultationEntity> {
  const viewer = viewerOf(context);
  const conditions: FilterQuery<ConsultationEntity>[] = [consultationPolicy.visible(viewer)];
  const documentId = optionalIdOf(filter?.documentId, 'Document', ['filter', 'documentId']);
  if (documentId) conditions.push({ document: documentId });
  if (filter?.toAnswer) {
    conditions.push({
      status: 'OPEN',
      deadline: { $gt: new Date() },
      participants: { status: 'PENDING', $or: [{ account: viewer.accountId }, { unit: viewer.unitId }] },
    } as FilterQuery<ConsultationEntity>);
  }
  return { $and: conditions } as FilterQuery<ConsultationEntity>;
}

export const draftingResolvers: Resolvers = {
  Query: {
    consultations: (_, args, context, info) => paginate(context.em, Consultation, consultationWhere(context, args.filter), { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    consultOnDraft: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        consultation: await consultOnDraft(em, actor, {
          ...input,
          documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
          unitIds: (input.unitIds ?? []).map((id, index) => idOf(id, 'Unit', ['input', 'unitIds', String(index)])),
          accountIds: (input.accountIds ?? []).map((id, index) => idOf(id, 'Account', ['input', 'accountIds', String(index)])),
        }),
      })),
    commentOnDraft: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        consultation: await commentOnDraft(em, actor, { id: await visibleConsultationId(context, input.id), text: input.text, unitId: optionalIdOf(input.unitId, 'Unit', ['input', 'unitId']) }),
      })),
    compileConsultation: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        consultation: await compileConsultation(em, actor, { id: await visibleConsultationId(context, input.id), fileId: idOf(input.fileId, 'StoredFile', ['input', 'fileId']), note: input.note }),
      })),
    cancelConsultation: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ consultation: await cancelConsultation(em, actor, { id: await visibleConsultationId(context, input.id) }) })),
    referDisagreement: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ referral: await referDisagreement(em, actor, { documentId: idOf(input.documentId, 'Document', ['input', 'documentId']), position: input.position }) })),
    decideDisagreement: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        referral: await decideDisagreement(em, actor, {
          id: await namedRecordId(context.loaders.draftReferral, input.id, 'DraftReferral', ['input', 'id'], 'Ý kiến khác nhau không tồn tại.'),
          decision: input.decision,
          text: input.text,
        }),
      })),
  },
  Subscription: {
    consultationChanged: {
      subscribe: (_, { id }, context) => recordStream(context, consultationRecordKind, { id: optionalIdOf(id, 'Consultation', ['id']) }) as never,
      resolve: (consultation: ConsultationEntity) => consultation,
    },
  },
  Document: {
    consultations: (document, _, context) => context.loaders.consultationsOfDraft.load(document.id),
    referrals: (document, _, context) => context.loaders.referralsOfDraft.load(document.id),
  },
  Consultation: {
    id: (consultation) => toGlobalId('Consultation', consultation.id),
    document: (consultation, _, context) => context.loaders.document.load(consultation.document.id),
    file: (consultation, _, context) => context.loaders.storedFile.load(consultation.file.id),
    drafter: (consultation, _, context) => context.loaders.account.load(consultation.drafter.id),
    note: (consultation) => consultation.note ?? null,
    participants: (consultation, _, context) => context.loaders.consultationParticipants.load(consultation.id),
    comments: (consultation, _, context) => context.loaders.consultationComments.load(consultation.id),
    compiledVersion: (consultation) => consultation.compiledVersion ?? null,
    compilationNote: (consultation) => consultation.compilationNote ?? null,
    closedAt: (consultation) => consultation.closedAt ?? null,
  },
  ConsultationParticipant: {
    account: (participant, _, context) => (participant.account ? context.loaders.account.load(participant.account.id) : null),
    unit: (participant, _, context) => (participant.unit ? context.loaders.unit.load(participant.unit.id) : null),
    answer: (participant) => participant.status,
    remindedAt: (participant) => participant.remindedAt ?? null,
    answeredAt: (participant) => participant.answeredAt ?? null,
    noAnswerAt: (participant) => participant.noAnswerAt ?? null,
    comments: async (participant, _, context) => (await context.loaders.consultationComments.load(participant.consultation.id)).filter((comment) => comment.participant.id === participant.id),
  },
  ConsultationComment: {
    author: (comment, _, context) => context.loaders.account.load(comment.author.id),
    unit: async (comment, _, context) => {
      const participant = (await context.loaders.consultationParticipants.load(comment.consultation.id)).find((row) => row.id === comment.participant.id);
      return participant?.unit ? context.loaders.unit.load(participant.unit.id) : null;
    },
  },
  DraftReferral: {
    id: (referral) => toGlobalId('DraftReferral', referral.id),
    document: (referral, _, context) => context.loaders.document.load(referral.document.id),
    drafter: (referral, _, context) => context.loaders.account.load(referral.drafter.id),
    signer: (referral, _, context) => context.loaders.account.load(referral.signer.id),
    appraiser: (referral, _, context) => context.loaders.account.load(referral.appraiser.id),
    decision: (referral) => referral.decision ?? null,
    decisionText: (referral) => referral.decisionText ?? null,
    decidedAt: (referral) => referral.decidedAt ?? null,
  },
};
