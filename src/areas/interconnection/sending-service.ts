import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { reject } from '../../core/user-error.ts';
import { Document, isClassified, refuseElectronicSending, seenBy, type DocumentEntity, type DocumentRecalled } from '../documents/public.ts';
import { BUSINESS_TYPES, type EdxmlDocumentMessage, type StatusCode } from './edxml-format.ts';
import { documentKeyOf } from './edxml-mapping.ts';
import { ExternalOrgan, InterconnectionMessage, OrganIdentity, type InterconnectionMessageEntity, type OrganIdentityEntity } from './interconnection.ts';

/**
 * What goes out (issue 19 §2): an issued document to external organs, and status messages. Each
 * is queued in the outbox here, in the caller's transaction; the job builds and sends it
 * (outbox.ts). The same document to the same organ is queued once.
 */
export async function identityOf(em: EntityManager, organisationId: string): Promise<OrganIdentityEntity> {
  const identity = await em.findOne(OrganIdentity, { organisation: organisationId }, { filters: false });
  if (!identity) reject(null, 'INVALID_STATE', 'Cơ quan chưa có mã định danh liên thông: cán bộ CNTT cần khai báo trước.');
  return identity;
}

export async function sendToExternalOrgans(em: EntityManager, actor: Actor, documentId: string, organIds: readonly string[]): Promise<InterconnectionMessageEntity[]> {
  const document = await em.findOne(Document, seenBy(actor, { id: documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (!actor.ownRoles.includes('CLERK')) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư gửi văn bản liên thông.');
  if (document.status !== 'ISSUED') reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ gửi liên thông văn bản đã ban hành (chưa thu hồi).');
  // State secrets never travel over the network (seed 002 Art. 4).
  if (isClassified(document.confidentiality)) reject(['input', 'documentId'], 'NOT_ACCEPTED', 'Văn bản mật không được gửi qua trục liên thông.');
  // Nor does an internal-only or a publication-restricted one (the documents area's one rule).
  refuseElectronicSending(document, ['input', 'documentId']);
  const wanted = [...new Set(organIds.map((id) => id.trim().toUpperCase()))];
  if (wanted.length === 0) reject(['input', 'organIds'], 'REQUIRED', 'Chọn ít nhất một cơ quan nhận.');
  const identity = await identityOf(em, actor.organisationId);
  const organs = await em.find(ExternalOrgan, { organisation: actor.organisationId, organId: { $in: wanted } });
  if (organs.length !== wanted.length) reject(['input', 'organIds'], 'NOT_FOUND', 'Cơ quan nhận không có trong danh bạ liên thông.');
  const documentKey = documentKeyOf(identity.organId, document);
  const messages: InterconnectionMessageEntity[] = [];
  for (const organ of organs) {
    const messageKey = `${documentKey}|${BUSINESS_TYPES.NEW}|${organ.organId}`;
    const existing = await em.findOne(InterconnectionMessage, { organisation: actor.organisationId, direction: 'OUT', messageKey });
    messages.push(
      existing ??
        em.create(InterconnectionMessage, {
          organisation: actor.organisationId,
          direction: 'OUT',
          kind: 'DOCUMENT',
          messageKey,
          documentKey,
          businessType: 'NEW',
          peerOrganId: organ.organId,
          peerName: organ.name,
          subject: document.subject,
          document: document.id,
          state: 'QUEUED',
          nextAttemptAt: new Date(),
          raw: '',
          size: 0,
        }),
    );
  }
  await em.flush();
  await auditAct(em, actor, 'interconnection.document_queued', { type: 'Document', id: document.id }, { organIds: wanted });
  return messages;
}

/**
 * A status message for the document another system sent us (`arrival`: its incoming message),
 * queued to its sender. Its XML is written when it is sent, from this row.
 */
export async function queueStatus(em: EntityManager, arrival: InterconnectionMessageEntity, code: StatusCode, description: string | null, at: Date): Promise<void> {
  const messageKey = `${arrival.documentKey}|S${code}|${arrival.peerOrganId}`;
  const existing = await em.findOne(InterconnectionMessage, { organisation: arrival.organisation.id, direction: 'OUT', messageKey }, { filters: false });
  if (existing) return;
  em.create(InterconnectionMessage, {
    organisation: arrival.organisation.id,
    direction: 'OUT',
    kind: 'STATUS',
    messageKey,
    documentKey: arrival.documentKey,
    statusCode: code,
    peerOrganId: arrival.peerOrganId,
    peerName: arrival.peerName,
    subject: arrival.subject ?? null,
    document: arrival.document?.id ?? null,
    state: 'QUEUED',
    nextAttemptAt: at,
    statuses: [{ code, at: at.toISOString(), description }],
    raw: '',
    size: 0,
  });
  // 13 is the sender's and 16 leaves the copy where it stood: neither moves the ladder (status-sweep.ts).
  if (code !== '13' && code !== '16') arrival.statusSent = code;
  await em.flush();
}

/**
 * The sender recalls an issued document (Decree 30 Art. 18 §4): each external receiver is asked
 * to withdraw its copy (status 13), and answers 15 (withdrawn) or 16 (refused).
 */
export async function askExternalRecall(em: EntityManager, change: DocumentRecalled): Promise<void> {
  const deliveries = await em.find(InterconnectionMessage, { document: change.document.id, direction: 'OUT', kind: 'DOCUMENT' }, { filters: false });
  for (const delivery of deliveries) {
    if (delivery.state === 'QUEUED' || delivery.state === 'DEAD') {
      // Never reached them: it is not sent at all.
      delivery.state = 'DEAD';
      delivery.error = 'Văn bản đã bị thu hồi trước khi gửi được.';
      continue;
    }
    await queueRecall(em, delivery, change.document, change.reason, change.now);
  }
  await em.flush();
}

async function queueRecall(em: EntityManager, delivery: InterconnectionMessageEntity, document: DocumentEntity, reason: string, at: Date): Promise<void> {
  const messageKey = `${delivery.documentKey}|S13|${delivery.peerOrganId}`;
  if (await em.findOne(InterconnectionMessage, { organisation: delivery.organisation.id, direction: 'OUT', messageKey }, { filters: false })) return;
  em.create(InterconnectionMessage, {
    organisation: delivery.organisation.id,
    direction: 'OUT',
    kind: 'STATUS',
    messageKey,
    documentKey: delivery.documentKey,
    statusCode: '13',
    peerOrganId: delivery.peerOrganId,
    peerName: delivery.peerName,
    subject: document.subject,
    document: document.id,
    state: 'QUEUED',
    nextAttemptAt: at,
    statuses: [{ code: '13', at: at.toISOString(), description: reason }],
    raw: '',
    size: 0,
  });
}

/** Status 02 for a document message refused on arrival (its type, its attachments): nothing else of it is kept. */
export async function queueRefusal(em: EntityManager, organisationId: string, message: EdxmlDocumentMessage, reason: string, at: Date): Promise<void> {
  const messageKey = `${message.documentId}|S02|${message.from.organId}`;
  if (await em.findOne(InterconnectionMessage, { organisation: organisationId, direction: 'OUT', messageKey }, { filters: false })) return;
  em.create(InterconnectionMessage, {
    organisation: organisationId,
    direction: 'OUT',
    kind: 'STATUS',
    messageKey,
    documentKey: message.documentId,
    statusCode: '02',
    peerOrganId: message.from.organId,
    peerName: message.from.organName,
    subject: message.subject,
    state: 'QUEUED',
    nextAttemptAt: at,
    statuses: [{ code: '02', at: at.toISOString(), description: reason.slice(0, 1000) }],
    raw: '',
    size: 0,
  });
  await em.flush();
}
