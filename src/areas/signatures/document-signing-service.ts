import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PDFDocument } from 'pdf-lib';
import { Document, DocumentFile, documentPolicy, isClassified, numberNotationOf, type DocumentEntity } from '../documents/public.ts';
import type { Actor } from '../../core/actor.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import { Organisation } from '../../core/organisation.ts';
import { reject } from '../../core/user-error.ts';
import type { Viewer } from '../../core/viewer.ts';
import { authorityOf, useKey } from './authority-service.ts';
import { DocumentSignature, type DocumentSignatureEntity } from './document-signature.ts';
import type { KeyProtector } from './key-protector.ts';
import { completeSignature, prepareToSign, SignatureMismatch, signWithServerKey, vietnamIso } from './pades.ts';
import { NotAPdf, type SignatureAppearance } from './pdf-update.ts';
import { SignaturePreparation, type SignaturePreparationEntity } from './signature-preparation.ts';
import { SigningAuthority, SigningCertificate, type SigningAuthorityEntity, type SigningCertificateEntity } from './signing-certificate.ts';

/**
 * The signatures of an outgoing document (issue 16 points 3 and 5): the approving leader (or a
 * deputy under a delegation in force from them, recorded as such) signs the main file with a key
 * Vanthu holds, with a visible appearance where the client puts it; issuing then requires that
 * signature and applies the agency's, top right of the first page, with the number/notation and
 * the signing time, in the transaction of the number. Every refusal comes before any write.
 */
export interface LeaderSignInput {
  documentId: string;
  /** 1-based page of the signer's name block. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The current version of attachment 1 (the main file), as its stored file. */
async function mainFileOf(em: EntityManager, documentId: string): Promise<{ id: string; sha256: string } | null> {
  const [file] = await em.find(DocumentFile, { document: documentId, attachmentNo: 1 }, { orderBy: { version: 'desc' }, limit: 1, populate: ['file'] });
  return file ? { id: file.file.id, sha256: file.file.getEntity().sha256 } : null;
}

/** The certificate of `accountId` that may sign now, or a refusal saying why not. */
async function usableCertificate(em: EntityManager, organisationId: string, where: { kind: 'SIGNER'; holder: string } | { kind: 'ORGANISATION' }, now: Date, keyHolder: 'SERVER' | 'CLIENT' = 'SERVER'): Promise<SigningCertificateEntity> {
  const candidates = await em.find(SigningCertificate, { organisation: organisationId, ...where }, { orderBy: { createdAt: 'desc' } });
  const active = candidates.filter((certificate) => !certificate.revokedAt && certificate.notBefore <= now && now < certificate.notAfter);
  const usable = active.find((certificate) => (keyHolder === 'SERVER') === Boolean(certificate.sealedKey));
  const whose = where.kind === 'SIGNER' ? 'của người ký' : 'của cơ quan';
  if (!usable && active.length > 0) {
    reject(null, 'INVALID_STATE', keyHolder === 'SERVER' ? `Khóa bí mật ${whose} nằm trên thiết bị ký (USB token): máy chủ không ký thay được.` : `Khóa bí mật ${whose} do máy chủ giữ: hãy ký trên máy chủ.`);
  }
  if (usable) return usable;
  if (candidates.some((certificate) => certificate.revokedAt)) reject(null, 'INVALID_STATE', `Chứng thư số ${whose} đã bị thu hồi: không thể ký.`);
  if (candidates.length > 0) reject(null, 'INVALID_STATE', `Chứng thư số ${whose} đã hết hiệu lực: không thể ký.`);
  return reject(null, 'INVALID_STATE', `Chưa có chứng thư số ${whose}.`);
}

async function sign(
  em: EntityManager,
  actor: Actor,
  protector: KeyProtector,
  authority: SigningAuthorityEntity,
  certificate: SigningCertificateEntity,
  pdf: Buffer,
  fields: { signerName: string; reason: string; appearance: SignatureAppearance },
  now: Date,
): Promise<Buffer> {
  const privateKeyPem = await useKey(em, actor, protector, { type: 'certificate', id: certificate.id, sealedKey: certificate.sealedKey! }, 'sign_document');
  const chainPems = chainOf(authority);
  try {
    return await signWithServerKey(pdf, { ...fields, signingTime: now }, { certificatePem: certificate.certificatePem, privateKeyPem, chainPems });
  } catch (error) {
    if (error instanceof NotAPdf) return reject(null, 'INVALID', 'Tệp chính của văn bản không phải PDF: không ký số được.');
    if (error instanceof RangeError) return reject(['input', 'page'], 'INVALID', 'Trang đặt chữ ký không có trong tệp.');
    throw error;
  }
}

interface ApproverSigning {
  document: DocumentEntity;
  actor: Actor;
  authority: SigningAuthorityEntity;
  certificate: SigningCertificateEntity;
  sourceFileId: string;
  pdf: Buffer;
  fields: { signerName: string; reason: string; appearance: SignatureAppearance };
}

/** Everything the approver's signature needs, each rule checked before anything is written. */
async function approverSigning(em: EntityManager, actor: Actor, viewer: Viewer, store: BlobStore, input: LeaderSignInput, keyHolder: 'SERVER' | 'CLIENT', now: Date): Promise<ApproverSigning> {
  const document = await em.findOne(Document, { $and: [{ id: input.documentId, organisation: actor.organisationId }, documentPolicy.visible(viewer)] } as never);
  if (!document) return reject(['input', 'documentId'], 'NOT_FOUND', 'Không tìm thấy văn bản.');
  if (isClassified(document.confidentiality)) reject(['input', 'documentId'], 'INVALID', 'Văn bản mật không có tệp điện tử để ký số.');
  if (document.status === 'ISSUED' || document.status === 'RECALLED') reject(['input', 'documentId'], 'INVALID_STATE', 'Văn bản đã ban hành: không ký lại.');
  if (document.status !== 'APPROVED') reject(['input', 'documentId'], 'INVALID_STATE', 'Văn bản chưa được lãnh đạo duyệt: chưa ký số được.');
  if (await em.findOne(DocumentSignature, { document: document.id, role: 'LEADER' })) reject(['input', 'documentId'], 'DUPLICATE', 'Văn bản đã được lãnh đạo ký số.');
  const approverId = document.approver?.id ?? null;
  let onBehalfOfId: string | null = null;
  if (approverId !== actor.accountId) {
    const delegation = approverId ? viewer.delegations.find((candidate) => candidate.fromAccountId === approverId) : undefined;
    if (!delegation) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo đã duyệt văn bản (hoặc người được ủy quyền) mới được ký số.');
    onBehalfOfId = approverId;
  }
  if (![input.page, input.x, input.y, input.width, input.height].every(Number.isFinite) || input.width < 60 || input.height < 20 || input.page < 1) {
    reject(['input'], 'INVALID', 'Vị trí chữ ký không hợp lệ (trang từ 1, khung tối thiểu 60×20 điểm).');
  }
  const authority = await authorityOf(em, actor.organisationId);
  if (!authority) return reject(null, 'INVALID_STATE', 'Tổ chức chưa có tổ chức chứng thực (CA).');
  const certificate = await usableCertificate(em, actor.organisationId, { kind: 'SIGNER', holder: actor.accountId! }, now, keyHolder);
  const main = await mainFileOf(em, document.id);
  if (!main) return reject(['input', 'documentId'], 'REQUIRED', 'Văn bản chưa có tệp chính để ký.');
  const stream = await store.read(main.sha256);
  if (!stream) return reject(['input', 'documentId'], 'NOT_FOUND', 'Không đọc được tệp chính của văn bản.');
  const signerName = (await em.findOneOrFail(SigningCertificate, { id: certificate.id }, { populate: ['holder'] })).holder?.getEntity().fullName ?? certificate.subjectName;
  return {
    document,
    actor: { ...actor, onBehalfOfId },
    authority,
    certificate,
    sourceFileId: main.id,
    pdf: await bytesOf(stream),
    fields: { signerName, reason: 'Ký duyệt ban hành', appearance: { page: input.page - 1, x: input.x, y: input.y, width: input.width, height: input.height, lines: [`Ký bởi: ${signerName}`, `Thời gian ký: ${vietnamIso(now)}`] } },
  };
}

/** (4a) The approver signs with the key Vanthu holds for them. */
export async function signAsApprover(em: EntityManager, actor: Actor, viewer: Viewer, store: BlobStore, protector: KeyProtector, input: LeaderSignInput, now: Date): Promise<DocumentSignatureEntity> {
  const signing = await approverSigning(em, actor, viewer, store, input, 'SERVER', now);
  const pdf = await sign(em, signing.actor, protector, signing.authority, signing.certificate, signing.pdf, signing.fields, now);
  return record(em, signing.actor, signing.document, 'LEADER', signing.sourceFileId, signing.certificate, pdf, now);
}

function chainOf(authority: SigningAuthorityEntity): string[] {
  return [authority.certificatePem, ...(authority.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])];
}

/** How long a prepared signature waits for the token's signature value. */
const PREPARATION_MINUTES = 15;

/**
 * (4b) The approver's key is on a token: Vanthu prepares the PDF with its placeholder and keeps it,
 * and answers the DER signed attributes (and their SHA-256) for the token to sign.
 */
export async function prepareApproverSignature(em: EntityManager, actor: Actor, viewer: Viewer, store: BlobStore, input: LeaderSignInput, now: Date): Promise<{ preparation: SignaturePreparationEntity; signedAttributesDer: Buffer; digest: Buffer }> {
  const signing = await approverSigning(em, actor, viewer, store, input, 'CLIENT', now);
  let prepared;
  try {
    prepared = await prepareToSign(signing.pdf, { ...signing.fields, signingTime: now }, signing.certificate.certificatePem);
  } catch (error) {
    if (error instanceof NotAPdf) return reject(null, 'INVALID', 'Tệp chính của văn bản không phải PDF: không ký số được.');
    if (error instanceof RangeError) return reject(['input', 'page'], 'INVALID', 'Trang đặt chữ ký không có trong tệp.');
    throw error;
  }
  const preparation = em.create(SignaturePreparation, {
    organisation: actor.organisationId,
    document: signing.document.id,
    signer: actor.accountId!,
    onBehalfOf: signing.actor.onBehalfOfId,
    certificate: signing.certificate.id,
    sourceFile: signing.sourceFileId,
    preparedPdf: prepared.prepared.bytes,
    byteRange: prepared.prepared.byteRange.join(' '),
    signedAttributes: prepared.signedAttributesDer,
    expiresAt: new Date(now.getTime() + PREPARATION_MINUTES * 60_000),
  });
  await em.flush();
  return { preparation, signedAttributesDer: prepared.signedAttributesDer, digest: prepared.digestToSign };
}

/** The token's signature value posted back: checked against the prepared document and the signer's certificate, embedded, recorded. */
export async function completeApproverSignature(em: EntityManager, actor: Actor, input: { preparationId: string; documentId: string; signature: Buffer }, now: Date): Promise<DocumentSignatureEntity> {
  const preparation = await em.findOne(SignaturePreparation, { id: input.preparationId, organisation: actor.organisationId, signer: actor.accountId! });
  if (!preparation || preparation.expiresAt <= now) return reject(['input', 'preparationId'], 'NOT_FOUND', 'Không tìm thấy yêu cầu ký (hoặc đã quá hạn).');
  if (preparation.document.id !== input.documentId) reject(['input', 'documentId'], 'INVALID', 'Chữ ký gửi lên thuộc về một văn bản khác.');
  const document = await em.findOneOrFail(Document, { id: preparation.document.id });
  if (document.status !== 'APPROVED') reject(['input', 'documentId'], 'INVALID_STATE', 'Văn bản không còn chờ ký.');
  if (await em.findOne(DocumentSignature, { document: document.id, role: 'LEADER' })) reject(['input', 'documentId'], 'DUPLICATE', 'Văn bản đã được lãnh đạo ký số.');
  const main = await mainFileOf(em, document.id);
  if (main?.id !== preparation.sourceFile.id) reject(['input', 'documentId'], 'INVALID_STATE', 'Tệp chính đã đổi sau khi chuẩn bị ký: chuẩn bị lại.');
  const certificate = await em.findOneOrFail(SigningCertificate, { id: preparation.certificate.id });
  if (certificate.revokedAt || certificate.notAfter <= now) reject(null, 'INVALID_STATE', 'Chứng thư số của người ký đã bị thu hồi hoặc hết hiệu lực.');
  const authority = await em.findOneOrFail(SigningAuthority, { id: certificate.authority.id });
  const byteRange = preparation.byteRange.split(' ').map(Number) as [number, number, number, number];
  let pdf: Buffer;
  try {
    pdf = completeSignature(
      { prepared: { bytes: Buffer.from(preparation.preparedPdf), byteRange }, signedAttributesDer: Buffer.from(preparation.signedAttributes), digestToSign: Buffer.alloc(0) },
      input.signature,
      certificate.certificatePem,
      chainOf(authority),
    );
  } catch (error) {
    if (error instanceof SignatureMismatch) return reject(['input', 'signature'], 'INVALID', 'Chữ ký không khớp với văn bản đã chuẩn bị hoặc với chứng thư số của người ký.');
    throw error;
  }
  em.remove(preparation);
  return record(em, { ...actor, onBehalfOfId: preparation.onBehalfOf?.id ?? null }, document, 'LEADER', preparation.sourceFile.id, certificate, pdf, now);
}

async function record(em: EntityManager, actor: Actor, document: DocumentEntity, role: 'LEADER' | 'AGENCY', sourceFileId: string, certificate: SigningCertificateEntity, pdf: Buffer, now: Date): Promise<DocumentSignatureEntity> {
  const signature = em.create(DocumentSignature, {
    organisation: actor.organisationId,
    document: document.id,
    role,
    sourceFile: sourceFileId,
    certificate: certificate.id,
    signer: actor.accountId!,
    onBehalfOf: actor.onBehalfOfId,
    signedAt: now,
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
  });
  await em.flush();
  await appendAudit(em, {
    organisationId: actor.organisationId,
    action: role === 'LEADER' ? 'signatures.document_signed' : 'signatures.agency_signed',
    actorId: actor.accountId,
    onBehalfOfId: actor.onBehalfOfId,
    target: { type: 'Document', id: document.id },
    details: { certificateSerial: certificate.serial, sha256: signature.sha256 },
  });
  return signature;
}

/** Before the number: the leader must have signed the current main file, and the agency must be able to sign. */
export async function refuseUnsignedIssue(em: EntityManager, actor: Actor, document: DocumentEntity, now: Date): Promise<void> {
  if (isClassified(document.confidentiality)) return;
  const authority = await authorityOf(em, actor.organisationId);
  // An organisation without a CA has not taken up digital signatures: nothing to require.
  if (!authority || !authority.requireSignedIssue) return;
  const leader = await em.findOne(DocumentSignature, { document: document.id, role: 'LEADER' });
  const main = await mainFileOf(em, document.id);
  if (!leader || !main || leader.sourceFile.id !== main.id) reject(['input', 'id'], 'NOT_ALLOWED', 'Lãnh đạo duyệt chưa ký số tệp chính của văn bản: chưa thể ban hành.');
  await usableCertificate(em, actor.organisationId, { kind: 'ORGANISATION' }, now);
}

/** In the issue's transaction, once it has its number: the agency's signature on the leader-signed PDF. */
export async function applyAgencySignature(em: EntityManager, actor: Actor, protector: KeyProtector, document: DocumentEntity, now: Date): Promise<void> {
  if (isClassified(document.confidentiality)) return;
  const authority = await authorityOf(em, actor.organisationId);
  const leader = await em.findOne(DocumentSignature, { document: document.id, role: 'LEADER' });
  if (!authority || !leader) return;
  const certificate = await usableCertificate(em, actor.organisationId, { kind: 'ORGANISATION' }, now);
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const lines = [organisation.name, `Số: ${numberNotationOf(document) ?? ''}`, `Thời gian ký: ${vietnamIso(now)}`];
  // Decree 30 Appendix I: the agency's signature sits at the top right of the first page.
  const leaderPdf = Buffer.from(leader.pdf);
  const first = (await PDFDocument.load(leaderPdf, { updateMetadata: false })).getPage(0).getSize();
  const width = 220;
  const height = 54;
  const pdf = await sign(em, actor, protector, authority, certificate, leaderPdf, { signerName: organisation.name, reason: 'Phát hành văn bản', appearance: { page: 0, x: first.width - width - 20, y: first.height - height - 20, width, height, lines } }, now);
  await record(em, actor, document, 'AGENCY', leader.sourceFile.id, certificate, pdf, now);
}
