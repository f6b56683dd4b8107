import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { OID, parseSignedData, signatureMatches } from './cms.ts';
import type { RevocationReason } from './crl.ts';
import { coveredBytes, isPdf, NotAPdf } from './pdf-update.ts';

/**
 * The verification report of every signature in a PDF (issue 16 point 6), judged on its own
 * reading of the file: integrity (the byte ranges' SHA-256 is the signed message digest and the
 * signature over the signed attributes verifies), the chain up to a trust anchor with every
 * certificate valid at the signing time, and revocation by the issuer's CRL. No CRL for the
 * issuer gives UNKNOWN, never GOOD, so the status is then INDETERMINATE, not VALID.
 */
export type Integrity = 'INTACT' | 'ALTERED';
export type ChainStatus = 'TRUSTED' | 'UNTRUSTED' | 'NOT_VALID_AT_SIGNING_TIME';
export type RevocationStatus = 'GOOD' | 'REVOKED' | 'UNKNOWN';
export type SignatureStatus = 'VALID' | 'INVALID' | 'INDETERMINATE';

export interface SignatureReport {
  signerName: string | null;
  organisation: string | null;
  certificateSerial: string | null;
  signedAt: Date | null;
  coversWholeDocument: boolean;
  integrity: Integrity;
  chain: ChainStatus;
  revocation: RevocationStatus;
  status: SignatureStatus;
  explanation: string;
}

export type RevocationAnswer = { known: false } | { known: true; revokedAt: Date | null; reason: RevocationReason | null };

export interface TrustStore {
  /** Roots and configured intermediates one trusts (organisations' CAs, the national root…). */
  anchors: readonly X509Certificate[];
  /** What the CRL of `issuer` says of `serial` (lower-case hex). */
  revocation(issuer: X509Certificate, serial: string): RevocationAnswer;
}

/** Reasons for which a signature made before the revocation stays good: the key itself was not at risk. */
const HARMLESS_REASONS: ReadonlySet<RevocationReason> = new Set(['AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION', 'PRIVILEGE_WITHDRAWN']);

interface FoundSignature {
  byteRange: [number, number, number, number];
  cms: Buffer;
  /** The signature dictionary's /SubFilter (null when none is found). */
  subFilter: string | null;
}

/** The CMS-detached encodings read here (ISO 32000-1 §12.8.3.3; ETSI EN 319 142-1 for PAdES). */
export const SUB_FILTERS = ['adbe.pkcs7.detached', 'ETSI.CAdES.detached'] as const;
export type SubFilter = (typeof SUB_FILTERS)[number];

/** The /SubFilter of the dictionary holding the /ByteRange at `at`: looked for within its object (between `obj` and `endobj`). */
function subFilterAround(text: string, at: number, contentsEnd: number): string | null {
  const start = Math.max(text.lastIndexOf(' obj', at), text.lastIndexOf('endobj', at));
  const endAt = text.indexOf('endobj', Math.max(at, contentsEnd));
  const object = text.slice(start < 0 ? 0 : start, endAt < 0 ? text.length : endAt);
  return /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(object)?.[1] ?? null;
}

export function signaturesIn(bytes: Buffer): FoundSignature[] {
  const text = bytes.toString('latin1');
  const found: FoundSignature[] = [];
  for (const match of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const contents = text.slice(byteRange[1], byteRange[2]);
    const subFilter = subFilterAround(text, match.index, byteRange[2]);
    if (!/^<[0-9A-Fa-f\s]*>$/.test(contents)) {
      found.push({ byteRange, cms: Buffer.alloc(0), subFilter });
      continue;
    }
    found.push({ byteRange, cms: Buffer.from(contents.slice(1, -1).replace(/\s/g, ''), 'hex'), subFilter });
  }
  return found;
}

function namesOf(certificate: X509Certificate): { commonName: string | null; organisation: string | null } {
  try {
    const parsed = forge.pki.certificateFromPem(certificate.toString());
    const field = (name: string) => {
      const value = parsed.subject.getField(name)?.value as string | undefined;
      return value === undefined ? null : forge.util.decodeUtf8(value);
    };
    return { commonName: field('CN'), organisation: field('O') };
  } catch {
    // forge reads RSA certificates only; the others' names come from Node's one-line form.
    const field = (name: string) => certificate.subject.split('\n').find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
    return { commonName: field('CN'), organisation: field('O') };
  }
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);
}

function serialOf(certificate: X509Certificate): string {
  return certificate.serialNumber.toLowerCase().replace(/^(00)+/, '');
}

/** The path from the signer to an anchor, through the certificates the CMS carries; null: no anchor reached. */
function chainTo(signer: X509Certificate, carried: readonly X509Certificate[], anchors: readonly X509Certificate[]): X509Certificate[] | null {
  const path = [signer];
  for (let current = signer; path.length < 8; ) {
    const anchor = anchors.find((candidate) => current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (anchor) return anchor.fingerprint256 === current.fingerprint256 ? path : [...path, anchor];
    const next = carried.find((candidate) => candidate.fingerprint256 !== current.fingerprint256 && current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (!next) return null;
    path.push(next);
    current = next;
  }
  return null;
}

/**
 * Revocation along the whole path: each certificate below the anchor by its issuer's CRL. One
 * revoked makes the signature REVOKED; one whose issuer publishes no CRL we know makes it UNKNOWN
 * (an intermediate's revocation is as decisive as the signer's), GOOD only when every one is known good.
 */
function revocationOf(path: readonly X509Certificate[], trust: TrustStore, at: Date): { revocation: RevocationStatus; revokedReason: RevocationReason | null } {
  let unknown = false;
  for (let index = 0; index + 1 < path.length; index += 1) {
    const answer = trust.revocation(path[index + 1]!, serialOf(path[index]!));
    if (!answer.known) {
      unknown = true;
      continue;
    }
    const revoked = answer.revokedAt !== null && (answer.revokedAt <= at || !answer.reason || !HARMLESS_REASONS.has(answer.reason));
    if (revoked) return { revocation: 'REVOKED', revokedReason: answer.reason };
  }
  return { revocation: unknown ? 'UNKNOWN' : 'GOOD', revokedReason: null };
}

export function verifyPdfSignatures(bytes: Buffer, trust: TrustStore): SignatureReport[] {
  if (!isPdf(bytes)) throw new NotAPdf('not a PDF');
  return signaturesIn(bytes).map((found) => verifyOne(bytes, found, trust));
}

function verifyOne(bytes: Buffer, found: FoundSignature, trust: TrustStore): SignatureReport {
  const [start1, length1, start2, length2] = found.byteRange;
  const coversWholeDocument = start1 === 0 && start2 + length2 === bytes.length;
  const broken = (explanation: string): SignatureReport => ({
    signerName: null,
    organisation: null,
    certificateSerial: null,
    signedAt: null,
    coversWholeDocument,
    integrity: 'ALTERED',
    chain: 'UNTRUSTED',
    revocation: 'UNKNOWN',
    status: 'INVALID',
    explanation,
  });
  if (start1 !== 0 || length1 > start2 || start2 + length2 > bytes.length) return broken('Phạm vi ký (ByteRange) không hợp lệ: chữ ký không gắn với tệp này.');
  if (!SUB_FILTERS.includes(found.subFilter as SubFilter)) return broken(`Kiểu chữ ký (SubFilter ${found.subFilter ?? 'không có'}) không được hỗ trợ: chỉ nhận adbe.pkcs7.detached và ETSI.CAdES.detached.`);
  let parsed;
  try {
    parsed = parseSignedData(found.cms);
  } catch {
    return broken('Không đọc được dữ liệu chữ ký (CMS).');
  }
  const carried = parsed.certificatesDer.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      return [];
    }
  });
  const signer = carried.find((certificate) => serialOf(certificate) === parsed.serial);
  if (!signer) return broken('Chữ ký không kèm chứng thư số của người ký.');
  const { commonName, organisation } = namesOf(signer);
  const signedAt = parsed.signingTime;
  const digest = createHash('sha256').update(coveredBytes(bytes, found.byteRange)).digest();
  const certificateHash = createHash('sha256').update(signer.raw).digest();
  const intact =
    parsed.digestAlgorithm === OID.sha256 &&
    parsed.messageDigest !== null &&
    parsed.messageDigest.equals(digest) &&
    (parsed.signingCertificateHash === null || parsed.signingCertificateHash.equals(certificateHash)) &&
    signatureMatches(parsed.signedAttributesDer, parsed.signature, signer.toString());
  const at = signedAt ?? new Date();
  const path = chainTo(signer, carried, trust.anchors);
  const chain: ChainStatus = !path ? 'UNTRUSTED' : path.every((certificate) => validAt(certificate, at)) ? 'TRUSTED' : 'NOT_VALID_AT_SIGNING_TIME';
  const { revocation, revokedReason } = path && path.length > 1 ? revocationOf(path, trust, at) : { revocation: 'UNKNOWN' as const, revokedReason: null };
  const report = { signerName: commonName, organisation, certificateSerial: serialOf(signer), signedAt, coversWholeDocument, integrity: (intact ? 'INTACT' : 'ALTERED') as Integrity, chain, revocation };
  if (!intact) return { ...report, status: 'INVALID', explanation: 'Tệp đã bị thay đổi sau khi ký, hoặc chữ ký không khớp với chứng thư số: chữ ký không hợp lệ.' };
  if (revocation === 'REVOKED') return { ...report, status: 'INVALID', explanation: `Chứng thư số của người ký đã bị thu hồi (lý do: ${revokedReason ?? 'UNSPECIFIED'}): chữ ký không hợp lệ.` };
  if (chain === 'NOT_VALID_AT_SIGNING_TIME') return { ...report, status: 'INVALID', explanation: 'Chứng thư số không còn (hoặc chưa) hiệu lực tại thời điểm ký: chữ ký không hợp lệ.' };
  if (chain === 'UNTRUSTED') return { ...report, status: 'INDETERMINATE', explanation: 'Chứng thư số không thuộc tổ chức chứng thực nào được tin cậy: chưa xác định được chữ ký.' };
  if (revocation === 'UNKNOWN') return { ...report, status: 'INDETERMINATE', explanation: 'Không có danh sách thu hồi (CRL) của tổ chức cấp chứng thư: chưa xác định được tình trạng thu hồi.' };
  return {
    ...report,
    status: 'VALID',
    explanation: coversWholeDocument ? 'Chữ ký hợp lệ; tệp không thay đổi kể từ khi ký.' : 'Chữ ký hợp lệ cho phiên bản tệp đã ký; phần thêm sau đó là cập nhật gia tăng (chữ ký tiếp theo).',
  };
}
