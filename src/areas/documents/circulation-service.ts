import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import type { Role } from '../../core/titles.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account } from '../accounts/public.ts';
import { Document, type DocumentEntity } from './document.ts';
import { seenBy } from './document-policy.ts';
import { isClassified } from './kinds.ts';
import { DocumentPaperDelivery, type DocumentPaperDeliveryEntity } from './paper-delivery.ts';

type Authority = (roles: Role[]) => { allowed: true; onBehalfOfId: string | null } | { allowed: false };

/**
 * A leader restricts an outgoing document from publication (seed 003 Art. 6 §1c: "hạn chế công bố
 * theo ý kiến chỉ đạo của Lãnh đạo"): from then on every electronic sending is refused with the
 * reason (circulation.ts), and it is delivered on paper. Kept once set: what was restricted stays so.
 */
export async function restrictPublication(em: EntityManager, actor: Actor, input: { id: string; reason: string }, authority: Authority, now = new Date()): Promise<DocumentEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id: input.id, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'id'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  const granted = authority(['LEADER', 'DEPUTY_LEADER']);
  if (!granted.allowed) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo cơ quan quyết định hạn chế công bố.');
  if (document.status === 'RECALLED') reject(['input', 'id'], 'INVALID_STATE', 'Văn bản đã bị thu hồi.');
  if (document.publicationRestrictedAt) reject(['input', 'id'], 'INVALID_STATE', 'Văn bản đã thuộc diện hạn chế công bố.');
  const problems = new Problems();
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 500, 'Lý do hạn chế công bố');
  problems.throwIfAny();
  document.publicationRestrictedAt = now;
  document.publicationRestrictedBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  document.publicationRestrictionReason = reason;
  await em.flush();
  await auditAct(em, { ...actor, onBehalfOfId: granted.onBehalfOfId ?? actor.onBehalfOfId }, 'document.publication_restricted', { type: 'Document', id: document.id });
  return document;
}

export interface PaperDeliveryInput {
  documentId: string;
  recipient: string;
  receivedBy?: string | null;
  deliveredAt?: Date | null;
}

/**
 * The clerk records that an issued document was delivered on paper to a recipient: who handed it
 * (the clerk), when (now, or the time given, never ahead), and who signed for it. A classified one
 * is delivered by the clerk of the confidential registers.
 */
export async function recordPaperDelivery(em: EntityManager, actor: Actor, input: PaperDeliveryInput, now = new Date()): Promise<DocumentPaperDeliveryEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (!actor.ownRoles.includes(isClassified(document.confidentiality) ? 'CONFIDENTIAL_CLERK' : 'CLERK')) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư giữ sổ được phát hành văn bản.');
  if (document.status !== 'ISSUED') reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ phát hành bản giấy văn bản đã ban hành (chưa thu hồi).');
  const problems = new Problems();
  const recipient = requiredText(problems, ['input', 'recipient'], input.recipient, 300, 'Nơi nhận');
  const receivedBy = input.receivedBy?.trim() ? requiredText(problems, ['input', 'receivedBy'], input.receivedBy, 100, 'Người ký nhận') : null;
  const deliveredAt = input.deliveredAt ?? now;
  if (deliveredAt.getTime() > now.getTime() + 5 * 60_000) problems.add(['input', 'deliveredAt'], 'INVALID', 'Thời điểm phát hành không được ở tương lai.');
  else if (document.issuedAt && deliveredAt < document.issuedAt) problems.add(['input', 'deliveredAt'], 'INVALID', 'Thời điểm phát hành không được trước khi ban hành.');
  problems.throwIfAny();
  const delivery = em.create(DocumentPaperDelivery, {
    organisation: actor.organisationId,
    document: document.id,
    recipient: recipient!,
    receivedBy,
    deliveredAt,
    deliveredBy: actor.accountId!,
  });
  await em.flush();
  await auditAct(em, actor, 'document.delivered_on_paper', { type: 'Document', id: document.id }, { recipient });
  return delivery;
}
