import { seenBy } from './document-policy.ts';
import { incomingFilesAttached } from './incoming-file-hooks.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct, recordChanges } from '../../core/audit/trail.ts';
import { Organisation } from '../../core/organisation.ts';
import type { Actor } from '../../core/actor.ts';
import { reject } from '../../core/user-error.ts';
import { StoredFile } from '../files/public.ts';
import { DocumentFile } from './document-file.ts';
import { Document, type DocumentEntity } from './document.ts';
import { nextRegisterNumber } from './numbering.ts';
import { Register, standardRegister } from './register.ts';
import { isClassified, type Channel, type Confidentiality, type Urgency } from './kinds.ts';
import { numberNotationKey } from './notation.ts';
import { foldVietnamese } from '../../core/text.ts';
import { vietnamYear } from '../../core/vietnam-time.ts';
import { Account } from '../accounts/public.ts';
import { resolveHandlers } from './incoming-service.ts';
import { searchTexts } from './search-text.ts';
import { refuseElectronicSending, type CirculationMark } from './circulation.ts';

/**
 * Sending an issued document to other agencies of this deployment: each gets an incoming copy,
 * waiting for its clerk to register it (DESIGN: the only thing that crosses organisations). A
 * recall withdraws every copy (Decree 30 Art. 18 §4): removed for everyone, kept as the record.
 */
export async function sendToOrganisations(em: EntityManager, actor: Actor, document: DocumentEntity, organisationIds: readonly string[]): Promise<void> {
  const targets = [...new Set(organisationIds)];
  if (targets.length === 0) return;
  refuseElectronicSending(document, ['input', 'sendToOrganisationIds']);
  if (targets.includes(actor.organisationId)) reject(['input', 'sendToOrganisationIds'], 'INVALID', 'Không gửi văn bản cho chính cơ quan ban hành.');
  const organisations = await em.find(Organisation, { id: { $in: targets } });
  if (organisations.length !== targets.length) reject(['input', 'sendToOrganisationIds'], 'NOT_FOUND', 'Cơ quan nhận không tồn tại.');
  const files = await em.find(DocumentFile, { document: document.id }, { populate: ['file'], orderBy: { attachmentNo: 'asc', version: 'desc' } });
  const current = files.filter((file, index) => files.findIndex((other) => other.attachmentNo === file.attachmentNo) === index);
  for (const organisation of organisations) {
    await receiveCopy(em, {
      organisationId: organisation.id,
      kind: document.kind,
      number: document.number ?? null,
      notation: document.notation ?? null,
      issuingOrgan: document.issuingOrgan,
      signerPosition: document.signerPosition ?? null,
      signerName: document.signerName ?? null,
      issuedOn: document.issuedOn,
      subject: document.subject,
      pageCount: document.pageCount ?? null,
      confidentiality: document.confidentiality,
      urgency: document.urgency,
      channel: 'ELECTRONIC',
      circulationMark: document.circulationMark ?? null,
      sourceDocumentId: document.id,
      // The bytes are stored once; each agency holds its own record of the file.
      files: current.map((attachment) => {
        const source = attachment.file.getEntity();
        return { attachmentNo: attachment.attachmentNo, sha256: source.sha256, size: source.size, mediaType: source.mediaType, fileName: source.fileName, uploadedById: source.uploadedBy.id };
      }),
      details: { from: actor.organisationId },
    });
  }
}

/** What an incoming copy is made of: the sender's register entry, and files already in the blob store. */
export interface ReceivedCopy {
  organisationId: string;
  kind: string;
  number: string | null;
  notation: string | null;
  issuingOrgan: string;
  signerPosition: string | null;
  signerName: string | null;
  issuedOn: string;
  subject: string;
  pageCount: number | null;
  confidentiality: Confidentiality;
  urgency: Urgency;
  channel: Channel;
  replyRequired?: boolean;
  replyBy?: string | null;
  /** XEM XONG TRẢ LẠI travels with the document (an internal-only one never leaves). */
  circulationMark?: CirculationMark | null;
  /** The sender's document, when the sender is an agency of this deployment. */
  sourceDocumentId?: string | null;
  files: { attachmentNo: number; sha256: string; size: number; mediaType: string; fileName: string; uploadedById: string }[];
  /** What the audit entry of the arrival says of where it came from. */
  details: Record<string, unknown>;
}

/**
 * An incoming copy waiting for the clerk (RECEIVED): from an agency of this deployment, or from
 * another system over the interconnection. The clerk registers it (registerReceived) or returns it.
 */
export async function receiveCopy(em: EntityManager, received: ReceivedCopy): Promise<DocumentEntity> {
  const numberKey = received.number && received.notation ? numberNotationKey({ number: received.number, notation: received.notation }) : null;
  const copy = em.create(Document, {
    organisation: received.organisationId,
    direction: 'INCOMING',
    status: 'RECEIVED',
    kind: received.kind,
    number: received.number,
    notation: received.notation,
    numberKey,
    issuingOrgan: received.issuingOrgan,
    issuingOrganKey: foldVietnamese(received.issuingOrgan),
    signerPosition: received.signerPosition,
    signerName: received.signerName,
    issuedOn: received.issuedOn,
    receivedAt: new Date(),
    subject: received.subject,
    pageCount: received.pageCount,
    confidentiality: received.confidentiality,
    urgency: received.urgency,
    channel: received.channel,
    replyRequired: received.replyRequired ?? false,
    replyBy: received.replyBy ?? null,
    circulationMark: received.circulationMark ?? null,
    sourceDocument: received.sourceDocumentId ?? null,
    ...searchTexts({ ...received, number: received.number ?? '', notation: received.notation ?? '' }),
  });
  const files = [];
  for (const source of received.files) {
    const file = em.create(StoredFile, {
      organisation: received.organisationId,
      sha256: source.sha256,
      size: source.size,
      mediaType: source.mediaType,
      fileName: source.fileName,
      uploadedBy: source.uploadedById,
    });
    em.create(DocumentFile, { organisation: received.organisationId, document: copy.id, attachmentNo: source.attachmentNo, version: 1, file: file.id, addedBy: source.uploadedById });
    files.push({ id: file.id, sha256: source.sha256, fileName: source.fileName });
  }
  await em.flush();
  await recordChanges(em, [{ organisationId: received.organisationId, action: 'document.received', target: { type: 'Document', id: copy.id }, details: received.details }]);
  if (files.length > 0) await incomingFilesAttached(em, { organisationId: received.organisationId, documentId: copy.id, actor: null, files });
  return copy;
}

/** The recipient's clerk writes a received copy into its incoming register. */
export async function registerReceived(
  em: EntityManager,
  actor: Actor,
  input: { id: string; handedToAccountIds?: readonly string[] | null },
  now = new Date(),
): Promise<DocumentEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id: input.id, direction: 'INCOMING' }));
  if (!document) reject(['input', 'id'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (document.status !== 'RECEIVED') reject(['input', 'id'], 'INVALID_STATE', 'Văn bản đã được đăng ký hoặc đã bị thu hồi.');
  const classified = isClassified(document.confidentiality);
  if (!actor.ownRoles.includes(classified ? 'CONFIDENTIAL_CLERK' : 'CLERK')) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư giữ sổ được đăng ký văn bản đến.');
  const register = await standardRegister(em, 'INCOMING', classified);
  if (!register) reject(null, 'NOT_FOUND', 'Cơ quan chưa có sổ văn bản đến.');
  const year = vietnamYear(now);
  document.register = em.getReference(Register, register.id, { wrapped: true });
  document.registerYear = year;
  document.registerNumber = await nextRegisterNumber(em, register.id, year);
  document.status = 'REGISTERED';
  document.registeredAt = now;
  document.registeredBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  const handlers = await resolveHandlers(em, input.handedToAccountIds ?? [], { actor, classified });
  document.handlerIds = handlers.ids;
  document.handlerUnitIds = handlers.unitIds;
  await em.flush();
  await auditAct(em, actor, 'document.registered', { type: 'Document', id: document.id }, { register: register.code, number: document.registerNumber, year, received: true });
  return document;
}

/** On recall: every copy at the receivers is withdrawn and its files detached; the rows remain. */
export async function withdrawCopies(em: EntityManager, actor: Actor, document: DocumentEntity, reason: string): Promise<number> {
  const copies = await em.find(Document, { sourceDocument: document.id, status: { $ne: 'WITHDRAWN' } }, { filters: false });
  for (const copy of copies) await withdrawCopy(em, copy, { bySender: actor.organisationId, reason });
  await em.flush();
  return copies.length;
}

/**
 * One incoming copy withdrawn (Decree 30 Art. 18 §4): removed for everyone and its files detached,
 * the row kept as the record that it was there; `details` say at whose request.
 */
export async function withdrawCopy(em: EntityManager, copy: DocumentEntity, details: Record<string, unknown>): Promise<void> {
  copy.status = 'WITHDRAWN';
  copy.handlerIds = [];
  copy.handlerUnitIds = [];
  await em.nativeDelete(DocumentFile, { document: copy.id }, { filters: false });
  await recordChanges(em, [
    { organisationId: copy.organisation.id, action: 'document.withdrawn', target: { type: 'Document', id: copy.id }, details: { ...details, number: copy.registerNumber ?? null } },
  ]);
  await em.flush();
}
