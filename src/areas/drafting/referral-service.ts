import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Document, lastAppraisal, seenBy } from '../documents/public.ts';
import { referralMove, type ReferralDecision, type ReferralParty } from './referral-states.ts';
import { referralPolicy } from './drafting-policy.ts';
import { DraftReferral, type DraftReferralEntity } from './drafting.ts';

/** Before approval the signer can still settle a disagreement; after it, the document is decided. */
const REFERABLE = ['DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL'];

/**
 * The drafter refers a disagreement with the justice office's appraisal of a legal normative draft
 * to its signer, the leader chosen to approve it (seed 004 Art. 7 §2): both views are kept as
 * they stood, and the signer's decision with them.
 */
export async function referDisagreement(em: EntityManager, actor: Actor, input: { documentId: string; position: string }): Promise<DraftReferralEntity> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được thực hiện bước này.');
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (document.draftedBy?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người soạn thảo (đơn vị chủ trì soạn thảo) trình người ký quyết định.');
  if (!document.legalNormative) reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ văn bản quy phạm pháp luật có ý kiến thẩm định của Phòng Tư pháp.');
  if (!REFERABLE.includes(document.status)) reject(['input', 'documentId'], 'INVALID_STATE', 'Văn bản đã được duyệt: không còn trình người ký quyết định ý kiến khác nhau.');
  const problems = new Problems();
  const position = requiredText(problems, ['input', 'position'], input.position, 2000, 'Ý kiến của đơn vị soạn thảo');
  problems.throwIfAny();
  const appraisal = await lastAppraisal(em, document.id);
  if (!appraisal) reject(['input', 'documentId'], 'INVALID_STATE', 'Dự thảo chưa có ý kiến thẩm định.');
  if (!document.approver) reject(['input', 'documentId'], 'INVALID_STATE', 'Dự thảo chưa có người ký duyệt.');
  const open = await em.count(DraftReferral, { document: document.id, status: 'REFERRED' });
  if (open > 0) reject(['input', 'documentId'], 'DUPLICATE', 'Đã có ý kiến khác nhau đang chờ người ký quyết định.');
  const referral = em.create(DraftReferral, {
    organisation: actor.organisationId,
    document: document.id,
    drafter: actor.accountId,
    signer: document.approver.id,
    appraiser: appraisal.author.id,
    appraisalText: appraisal.text ?? '',
    appraisalAt: appraisal.at,
    drafterPosition: position!,
    status: 'REFERRED',
  });
  await em.flush();
  await auditAct(em, actor, 'draft_referral.referred', { type: 'DraftReferral', id: referral.id }, { documentId: document.id });
  return referral;
}

export async function decideDisagreement(em: EntityManager, actor: Actor, input: { id: string; decision: ReferralDecision; text: string }, now = new Date()): Promise<DraftReferralEntity> {
  if (!actor.viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được thực hiện bước này.');
  await em.execute('select 1 from "draft_referral" where "id" = ? for update', [input.id]);
  const referral = await em.findOne(DraftReferral, { $and: [{ id: input.id }, referralPolicy.visible(actor.viewer)] });
  if (!referral) reject(['input', 'id'], 'NOT_FOUND', 'Ý kiến khác nhau không tồn tại.');
  const party: ReferralParty = referral.signer.id === actor.accountId ? 'SIGNER' : referral.drafter.id === actor.accountId ? 'DRAFTER' : 'OTHER';
  const outcome = referralMove(referral.status, 'DECIDE', party);
  if (!outcome.ok) reject(['input', 'id'], outcome.code, outcome.message);
  const problems = new Problems();
  const text = requiredText(problems, ['input', 'text'], input.text, 2000, 'Ý kiến quyết định');
  problems.throwIfAny();
  referral.status = outcome.status;
  referral.decision = input.decision;
  referral.decisionText = text;
  referral.decidedAt = now;
  await em.flush();
  await auditAct(em, actor, 'draft_referral.decided', { type: 'DraftReferral', id: referral.id }, { decision: input.decision });
  return referral;
}
