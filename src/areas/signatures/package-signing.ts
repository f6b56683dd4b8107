import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { authorityOf, useKey } from './authority-service.ts';
import { assembleSignedData, signedAttributes, signWithKey } from './cms.ts';
import { DocumentSignature } from './document-signature.ts';
import type { KeyProtector } from './key-protector.ts';
import { SigningCertificate } from './signing-certificate.ts';

/**
 * Signing bytes other than a PDF with the organisation's certificate (its seal): a detached CMS
 * SignedData (RFC 5652; SHA-256 with RSA, the same signed attributes as the PAdES signatures), for
 * packages the organisation hands on, such as the archive's (seed 004 Art. 16 §2c: integrity kept).
 */
export interface DetachedSignature {
  /** DER of the SignedData, without the content. */
  cms: Buffer;
  certificatePem: string;
  /** The authority's certificate and those above it. */
  chainPems: string[];
}

function chainOf(authority: { certificatePem: string; chainPem: string }): string[] {
  return [authority.certificatePem, ...(authority.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])];
}

/** The organisation's seal over `content`, or null when it has no authority or no organisation certificate whose key Vanthu holds and that is valid now. */
export async function signAsOrganisation(em: EntityManager, actor: Actor, protector: KeyProtector, content: Buffer, purpose: string, now: Date): Promise<DetachedSignature | null> {
  const authority = await authorityOf(em, actor.organisationId);
  if (!authority) return null;
  const candidates = await em.find(SigningCertificate, { organisation: actor.organisationId, kind: 'ORGANISATION' }, { orderBy: { createdAt: 'desc' } });
  const certificate = candidates.find((candidate) => !candidate.revokedAt && candidate.sealedKey && candidate.notBefore <= now && now < candidate.notAfter);
  if (!certificate) return null;
  const privateKeyPem = await useKey(em, actor, protector, { type: 'certificate', id: certificate.id, sealedKey: certificate.sealedKey! }, purpose);
  const attributes = signedAttributes(createHash('sha256').update(content).digest(), now, certificate.certificatePem);
  const chainPems = chainOf(authority);
  const cms = assembleSignedData(attributes, signWithKey(attributes, privateKeyPem), certificate.certificatePem, chainPems);
  return { cms, certificatePem: certificate.certificatePem, chainPems };
}

/** A document's signatures kept as they were applied: each the whole signed PDF as it stood after it. */
export interface KeptSignature {
  documentId: string;
  role: 'LEADER' | 'AGENCY';
  signedAt: Date;
  pdf: Buffer;
  sha256: string;
}

export async function signaturesOfDocuments(em: EntityManager, documentIds: readonly string[]): Promise<KeptSignature[]> {
  if (documentIds.length === 0) return [];
  const rows = await em.find(DocumentSignature, { document: { $in: [...documentIds] } }, { orderBy: { signedAt: 'asc', id: 'asc' } });
  return rows.map((row) => ({ documentId: row.document.id, role: row.role as 'LEADER' | 'AGENCY', signedAt: row.signedAt, pdf: Buffer.from(row.pdf), sha256: row.sha256 }));
}
