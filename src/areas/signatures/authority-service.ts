import { X509Certificate } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import forge from 'node-forge';
import { Account } from '../accounts/public.ts';
import type { Actor } from '../../core/actor.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import { Organisation } from '../../core/organisation.ts';
import { reject } from '../../core/user-error.ts';
import { buildCrl, type RevocationReason } from './crl.ts';
import type { KeyProtector } from './key-protector.ts';
import { SigningAuthority, SigningCertificate, type SigningAuthorityEntity, type SigningCertificateEntity } from './signing-certificate.ts';
import { createAuthority, issueCertificate, keyMatchesCertificate, type CertificateKind } from './x509.ts';

/**
 * The organisation's CA and the certificates it issues (issue 16 point 1): each in the caller's
 * transaction, each refusal before anything is written. Every use of a private key Vanthu holds
 * (signing a certificate, a CRL, a document) is on the audit trail.
 */
const DAY = 86_400_000;
const CRL_VALID_DAYS = 7;

/** Where the CRL of an authority is published (also written into every certificate it issues). */
export function crlUrlOf(authorityId: string): string {
  const base = (process.env.SIGNATURES_PUBLIC_URL ?? 'http://localhost:4000').replace(/\/$/, '');
  return `${base}/signatures/crl/${authorityId}.crl`;
}

export async function authorityOf(em: EntityManager, organisationId: string): Promise<SigningAuthorityEntity | null> {
  return em.findOne(SigningAuthority, { organisation: organisationId });
}

/** Opens a key Vanthu holds for one use, recorded on the audit trail (never returned by the API). */
export async function useKey(em: EntityManager, actor: Actor, protector: KeyProtector, holder: { type: 'authority' | 'certificate'; id: string; sealedKey: string }, purpose: string): Promise<string> {
  await appendAudit(em, {
    organisationId: actor.organisationId,
    action: 'signatures.key_used',
    actorId: actor.accountId,
    onBehalfOfId: actor.onBehalfOfId,
    target: holder.type === 'certificate' ? { type: 'SigningCertificate', id: holder.id } : null,
    details: { keyOf: holder.type, keyId: holder.id, purpose },
  });
  return protector.open(holder.sealedKey);
}

async function refreshCrl(em: EntityManager, actor: Actor, protector: KeyProtector, authority: SigningAuthorityEntity, now: Date): Promise<void> {
  const revoked = await em.find(SigningCertificate, { authority: authority.id, revokedAt: { $ne: null } }, { orderBy: { revokedAt: 'asc' } });
  const privateKeyPem = await useKey(em, actor, protector, { type: 'authority', id: authority.id, sealedKey: authority.sealedKey }, 'crl');
  authority.crlNumber += 1;
  const der = buildCrl(
    { certificatePem: authority.certificatePem, privateKeyPem },
    revoked.map((certificate) => ({ serial: certificate.serial, revokedAt: certificate.revokedAt!, reason: certificate.revocationReason ?? 'UNSPECIFIED' })),
    authority.crlNumber,
    now,
    new Date(now.getTime() + CRL_VALID_DAYS * DAY),
  );
  authority.crl = der.toString('base64');
  authority.crlUpdatedAt = now;
}

function subjectOf(pem: string): string {
  return new X509Certificate(pem).subject.replace(/\n/g, ', ');
}

async function saveAuthority(em: EntityManager, actor: Actor, protector: KeyProtector, certificatePem: string, privateKeyPem: string, chainPem: string, imported: boolean, now: Date): Promise<SigningAuthorityEntity> {
  const certificate = new X509Certificate(certificatePem);
  const authority = em.create(SigningAuthority, {
    organisation: actor.organisationId,
    subjectName: subjectOf(certificatePem),
    serial: certificate.serialNumber.toLowerCase(),
    certificatePem,
    chainPem,
    sealedKey: protector.seal(privateKeyPem),
    imported,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    crlNumber: 0,
    crl: '',
    crlUpdatedAt: now,
  });
  await em.flush();
  await refreshCrl(em, actor, protector, authority, now);
  await appendAudit(em, { organisationId: actor.organisationId, action: imported ? 'signatures.authority_imported' : 'signatures.authority_created', actorId: actor.accountId, onBehalfOfId: actor.onBehalfOfId, details: { authorityId: authority.id, serial: authority.serial } });
  await em.flush();
  return authority;
}

async function refuseSecondAuthority(em: EntityManager, actor: Actor): Promise<void> {
  if (await authorityOf(em, actor.organisationId)) reject(null, 'DUPLICATE', 'Tổ chức đã có tổ chức chứng thực (CA); không tạo thêm.');
}

export async function createOwnAuthority(em: EntityManager, actor: Actor, protector: KeyProtector, now: Date): Promise<SigningAuthorityEntity> {
  await refuseSecondAuthority(em, actor);
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const made = createAuthority({ commonName: `${organisation.abbreviation} CA`, organisation: organisation.name }, now);
  return saveAuthority(em, actor, protector, made.certificatePem, made.privateKeyPem, '', false, now);
}

/** An intermediate issued to the organisation by the province or ministry, with its key and the chain above it. */
export async function importAuthority(em: EntityManager, actor: Actor, protector: KeyProtector, input: { certificatePem: string; privateKeyPem: string; chainPem?: string | null }, now: Date): Promise<SigningAuthorityEntity> {
  await refuseSecondAuthority(em, actor);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(input.certificatePem);
    forge.pki.privateKeyFromPem(input.privateKeyPem);
  } catch {
    return reject(['input', 'certificatePem'], 'INVALID', 'Chứng thư số hoặc khóa bí mật không đọc được (PEM, RSA).');
  }
  if (!certificate.ca) reject(['input', 'certificatePem'], 'INVALID', 'Chứng thư số này không phải của một tổ chức chứng thực (CA).');
  if (new Date(certificate.validTo) <= now || new Date(certificate.validFrom) > now) reject(['input', 'certificatePem'], 'INVALID_STATE', 'Chứng thư số của CA đã hết (hoặc chưa có) hiệu lực.');
  if (!keyMatchesCertificate(input.privateKeyPem, input.certificatePem)) reject(['input', 'privateKeyPem'], 'INVALID', 'Khóa bí mật không khớp với chứng thư số.');
  return saveAuthority(em, actor, protector, input.certificatePem, input.privateKeyPem, input.chainPem ?? '', true, now);
}

export interface IssueInput {
  kind: CertificateKind;
  holderId: string | null;
  validDays: number;
  publicKeyPem: string | null;
}

export async function issueSignerCertificate(em: EntityManager, actor: Actor, protector: KeyProtector, input: IssueInput, now: Date, renews: SigningCertificateEntity | null = null): Promise<SigningCertificateEntity> {
  const authority = await authorityOf(em, actor.organisationId);
  if (!authority) return reject(null, 'INVALID_STATE', 'Tổ chức chưa có tổ chức chứng thực (CA): tạo hoặc nhập CA trước.');
  if (!Number.isInteger(input.validDays) || input.validDays < 1 || input.validDays > 1825) reject(['input', 'validDays'], 'INVALID', 'Thời hạn chứng thư từ 1 đến 1825 ngày.');
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  let commonName = organisation.name;
  if (input.kind === 'SIGNER') {
    const holder = input.holderId ? await em.findOne(Account, { id: input.holderId, organisation: actor.organisationId }) : null;
    if (!holder) return reject(['input', 'holderId'], 'NOT_FOUND', 'Không tìm thấy người ký trong tổ chức.');
    commonName = holder.fullName;
  } else {
    if (input.holderId) reject(['input', 'holderId'], 'INVALID', 'Chứng thư số của tổ chức không gắn với một người.');
    const current = await em.findOne(SigningCertificate, { authority: authority.id, kind: 'ORGANISATION', revokedAt: null, notAfter: { $gt: now }, ...(renews ? { id: { $ne: renews.id } } : {}) });
    if (current) reject(['input', 'kind'], 'DUPLICATE', 'Tổ chức đã có chứng thư số còn hiệu lực; gia hạn hoặc thu hồi chứng thư đó.');
  }
  if (input.publicKeyPem) {
    try {
      forge.pki.publicKeyFromPem(input.publicKeyPem);
    } catch {
      reject(['input', 'publicKeyPem'], 'INVALID', 'Khóa công khai không đọc được (PEM, RSA).');
    }
  }
  const notAfter = new Date(Math.min(now.getTime() + input.validDays * DAY, authority.notAfter.getTime()));
  const authorityKey = await useKey(em, actor, protector, { type: 'authority', id: authority.id, sealedKey: authority.sealedKey }, 'issue_certificate');
  const issued = issueCertificate(
    { certificatePem: authority.certificatePem, privateKeyPem: authorityKey },
    { kind: input.kind, subject: { commonName, organisation: organisation.name }, notBefore: new Date(now.getTime() - 60_000), notAfter, crlUrl: crlUrlOf(authority.id), publicKeyPem: input.publicKeyPem },
  );
  const certificate = em.create(SigningCertificate, {
    organisation: actor.organisationId,
    authority: authority.id,
    kind: input.kind,
    holder: input.kind === 'SIGNER' ? input.holderId : null,
    subjectName: subjectOf(issued.certificatePem),
    serial: issued.serial,
    certificatePem: issued.certificatePem,
    sealedKey: issued.privateKeyPem ? protector.seal(issued.privateKeyPem) : null,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    renews: renews?.id ?? null,
    createdBy: actor.accountId,
  });
  await em.flush();
  await appendAudit(em, { organisationId: actor.organisationId, action: renews ? 'signatures.certificate_renewed' : 'signatures.certificate_issued', actorId: actor.accountId, onBehalfOfId: actor.onBehalfOfId, target: { type: 'SigningCertificate', id: certificate.id }, details: { serial: certificate.serial, kind: certificate.kind, keyHeldBy: certificate.sealedKey ? 'SERVER' : 'CLIENT' } });
  return certificate;
}

async function certificateOfOrganisation(em: EntityManager, actor: Actor, id: string): Promise<SigningCertificateEntity> {
  const certificate = await em.findOne(SigningCertificate, { id, organisation: actor.organisationId });
  if (!certificate) return reject(['input', 'certificateId'], 'NOT_FOUND', 'Không tìm thấy chứng thư số.');
  return certificate;
}

export async function revokeCertificate(em: EntityManager, actor: Actor, protector: KeyProtector, id: string, reason: RevocationReason, now: Date): Promise<SigningCertificateEntity> {
  const certificate = await certificateOfOrganisation(em, actor, id);
  if (certificate.revokedAt) reject(['input', 'certificateId'], 'INVALID_STATE', 'Chứng thư số đã bị thu hồi trước đó.');
  certificate.revokedAt = now;
  certificate.revocationReason = reason;
  await em.flush();
  const authority = await em.findOneOrFail(SigningAuthority, { id: certificate.authority.id });
  await refreshCrl(em, actor, protector, authority, now);
  await appendAudit(em, { organisationId: actor.organisationId, action: 'signatures.certificate_revoked', actorId: actor.accountId, onBehalfOfId: actor.onBehalfOfId, target: { type: 'SigningCertificate', id: certificate.id }, details: { serial: certificate.serial, reason } });
  await em.flush();
  return certificate;
}

/** A new certificate for the same holder and kind (a new key, or the client's new public key); the old one is revoked as SUPERSEDED. */
export async function renewCertificate(em: EntityManager, actor: Actor, protector: KeyProtector, id: string, validDays: number, publicKeyPem: string | null, now: Date): Promise<SigningCertificateEntity> {
  const old = await certificateOfOrganisation(em, actor, id);
  if (old.revokedAt) reject(['input', 'certificateId'], 'INVALID_STATE', 'Chứng thư số đã bị thu hồi: cấp chứng thư mới thay vì gia hạn.');
  if (!old.sealedKey && !publicKeyPem) reject(['input', 'publicKeyPem'], 'REQUIRED', 'Khóa nằm trên thiết bị của người ký: cần khóa công khai mới để gia hạn.');
  const renewed = await issueSignerCertificate(em, actor, protector, { kind: old.kind, holderId: old.holder?.id ?? null, validDays, publicKeyPem }, now, old);
  await revokeCertificate(em, actor, protector, old.id, 'SUPERSEDED', now);
  return renewed;
}
