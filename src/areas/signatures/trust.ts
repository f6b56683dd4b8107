import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readCrl } from './crl.ts';
import { SigningAuthority, SigningCertificate } from './signing-certificate.ts';
import type { RevocationAnswer, TrustStore } from './verify.ts';
import { namesDer } from './x509.ts';
import forge from 'node-forge';

/**
 * The trust Vanthu verifies with (issue 16 point 2): every organisation's own CA (a signature of
 * another agency on the deployment is checked like ours), plus configured anchors — PEM files
 * named in SIGNATURES_TRUST_ANCHORS (comma-separated: the national root for government
 * signatures, commercial CAs) — and their CRLs from SIGNATURES_CRL_FILES (DER or PEM). Our CAs'
 * revocation comes from our own rows; an anchor without a CRL file answers "unknown".
 */
function pemsIn(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function crlDer(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const pem = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(text);
  return pem ? Buffer.from(pem[1]!.replace(/\s/g, ''), 'base64') : bytes;
}

function subjectDer(certificate: X509Certificate): string {
  return forge.asn1.toDer(namesDer(certificate.toString()).subject).getBytes();
}

const pathsIn = (value: string | undefined) => (value ?? '').split(',').map((path) => path.trim()).filter(Boolean);

function anchorsIn(path: string): X509Certificate[] {
  const pems = pemsIn(readFileSync(path, 'utf8'));
  if (pems.length === 0) throw new Error('no PEM certificate in it');
  return pems.map((pem) => new X509Certificate(pem));
}

const crlIn = (path: string) => readCrl(crlDer(readFileSync(path)));

/**
 * What is wrong with SIGNATURES_TRUST_ANCHORS and SIGNATURES_CRL_FILES, checked at start (they are
 * read on every verification): each path must exist and hold what its variable names.
 */
export function trustFilesProblems(environment: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const check = (name: string, read: (path: string) => unknown, what: string) => {
    for (const path of pathsIn(environment[name])) {
      try {
        read(path);
      } catch (error) {
        problems.push(`${name}: ${JSON.stringify(path)} must be a readable file of ${what} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      }
    }
  };
  check('SIGNATURES_TRUST_ANCHORS', anchorsIn, 'PEM certificates');
  check('SIGNATURES_CRL_FILES', crlIn, 'a CRL (DER or PEM)');
  return problems;
}

export async function loadTrustStore(em: EntityManager, environment: NodeJS.ProcessEnv = process.env): Promise<TrustStore> {
  const authorities = await em.find(SigningAuthority, {}, { filters: false });
  const revoked = await em.find(SigningCertificate, { revokedAt: { $ne: null } }, { filters: false, fields: ['authority', 'serial', 'revokedAt', 'revocationReason'] });
  const own = new Map<string, string>(); // fingerprint256 → authority id
  const anchors: X509Certificate[] = [];
  for (const authority of authorities) {
    const certificate = new X509Certificate(authority.certificatePem);
    own.set(certificate.fingerprint256, authority.id);
    anchors.push(certificate);
    // An imported intermediate's chain: its certificates are anchors of trust too (configured by the IT officer).
    for (const pem of pemsIn(authority.chainPem)) anchors.push(new X509Certificate(pem));
  }
  for (const path of pathsIn(environment.SIGNATURES_TRUST_ANCHORS)) anchors.push(...anchorsIn(path));
  const crls = pathsIn(environment.SIGNATURES_CRL_FILES).map(crlIn);
  const revokedBy = new Map<string, { revokedAt: Date; reason: NonNullable<(typeof revoked)[number]['revocationReason']> }>();
  for (const certificate of revoked) revokedBy.set(`${certificate.authority.id}:${certificate.serial}`, { revokedAt: certificate.revokedAt!, reason: certificate.revocationReason ?? 'UNSPECIFIED' });
  return {
    anchors,
    revocation(issuer, serial): RevocationAnswer {
      const authorityId = own.get(issuer.fingerprint256);
      if (authorityId) {
        const entry = revokedBy.get(`${authorityId}:${serial}`);
        return { known: true, revokedAt: entry?.revokedAt ?? null, reason: entry?.reason ?? null };
      }
      const issuerName = subjectDer(issuer);
      const crl = crls.find((candidate) => candidate.issuerDer === issuerName);
      if (!crl) return { known: false };
      const revokedAt = crl.revoked.get(serial) ?? null;
      // Revocation from a foreign CRL carries no reason here: treated as a compromise, to be safe.
      return { known: true, revokedAt, reason: revokedAt ? 'UNSPECIFIED' : null };
    },
  };
}
