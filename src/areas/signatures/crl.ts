import forge from 'node-forge';
import { namesDer } from './x509.ts';

/**
 * The certificate revocation list of an authority (RFC 5280 §5), DER. node-forge reads and writes
 * certificates but has no CRL writer, so the structure is assembled here from forge's ASN.1 parts
 * and signed with forge (SHA-256 with RSA).
 */
export const REVOCATION_REASONS = [
  'UNSPECIFIED',
  'KEY_COMPROMISE',
  'CA_COMPROMISE',
  'AFFILIATION_CHANGED',
  'SUPERSEDED',
  'CESSATION_OF_OPERATION',
  'CERTIFICATE_HOLD',
  'PRIVILEGE_WITHDRAWN',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** The CRLReason codes of RFC 5280 §5.3.1 (7 is unused there). */
const REASON_CODES: Record<RevocationReason, number> = {
  UNSPECIFIED: 0,
  KEY_COMPROMISE: 1,
  CA_COMPROMISE: 2,
  AFFILIATION_CHANGED: 3,
  SUPERSEDED: 4,
  CESSATION_OF_OPERATION: 5,
  CERTIFICATE_HOLD: 6,
  PRIVILEGE_WITHDRAWN: 9,
};

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

const { asn1 } = forge;
const C = asn1.Class;
const T = asn1.Type;

const seq = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items);
const oid = (id: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (der: forge.asn1.Asn1) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, asn1.toDer(der).getBytes());
const integerHex = (hex: string) => asn1.create(C.UNIVERSAL, T.INTEGER, false, forge.util.hexToBytes(hex.length % 2 ? `0${hex}` : hex));
const time = (at: Date) => asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(at));

function integerOf(value: number): forge.asn1.Asn1 {
  return asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(value).getBytes());
}

export function buildCrl(authority: { certificatePem: string; privateKeyPem: string }, revoked: readonly RevokedEntry[], crlNumber: number, thisUpdate: Date, nextUpdate: Date): Buffer {
  const issuer = forge.pki.certificateFromPem(authority.certificatePem);
  const key = forge.pki.privateKeyFromPem(authority.privateKeyPem) as forge.pki.rsa.PrivateKey;
  const algorithm = seq([oid(forge.pki.oids.sha256WithRSAEncryption!), asn1.create(C.UNIVERSAL, T.NULL, false, '')]);
  const entries = revoked.map((entry) =>
    seq([
      integerHex(entry.serial),
      time(entry.revokedAt),
      seq([seq([oid('2.5.29.21'), octets(asn1.create(C.UNIVERSAL, T.ENUMERATED, false, String.fromCharCode(REASON_CODES[entry.reason])))])]),
    ]),
  );
  const extensions = asn1.create(C.CONTEXT_SPECIFIC, 0, true, [
    seq([
      seq([oid('2.5.29.35'), octets(seq([asn1.create(C.CONTEXT_SPECIFIC, 0, false, issuer.generateSubjectKeyIdentifier().getBytes())]))]),
      seq([oid('2.5.29.20'), octets(integerOf(crlNumber))]),
    ]),
  ]);
  const tbs = seq([
    integerOf(1),
    algorithm,
    namesDer(authority.certificatePem).subject,
    time(thisUpdate),
    time(nextUpdate),
    ...(entries.length ? [seq(entries)] : []),
    extensions,
  ]);
  const digest = forge.md.sha256.create();
  digest.update(asn1.toDer(tbs).getBytes());
  const signature = key.sign(digest);
  const list = seq([tbs, algorithm, asn1.create(C.UNIVERSAL, T.BITSTRING, false, `\u0000${signature}`)]);
  return Buffer.from(asn1.toDer(list).getBytes(), 'binary');
}

/** The serials a CRL (DER) lists as revoked, with when: for trust anchors' CRLs read from files. */
export function readCrl(der: Buffer): { issuerDer: string; revoked: Map<string, Date>; nextUpdate: Date | null } {
  const list = asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = (list.value as forge.asn1.Asn1[])[0]!;
  const parts = tbs.value as forge.asn1.Asn1[];
  let index = parts[0]!.type === T.INTEGER ? 1 : 0;
  index += 1; // signature algorithm
  const issuerDer = asn1.toDer(parts[index]!).getBytes();
  index += 2; // issuer, thisUpdate
  let nextUpdate: Date | null = null;
  const next = parts[index];
  if (next && (next.type === T.UTCTIME || next.type === T.GENERALIZEDTIME) && next.tagClass === C.UNIVERSAL) {
    nextUpdate = next.type === T.UTCTIME ? asn1.utcTimeToDate(next.value as string) : asn1.generalizedTimeToDate(next.value as string);
    index += 1;
  }
  const revoked = new Map<string, Date>();
  const entries = parts[index];
  if (entries && entries.tagClass === C.UNIVERSAL && entries.type === T.SEQUENCE) {
    for (const entry of entries.value as forge.asn1.Asn1[]) {
      const [serial, at] = entry.value as forge.asn1.Asn1[];
      const when = at!.type === T.UTCTIME ? asn1.utcTimeToDate(at!.value as string) : asn1.generalizedTimeToDate(at!.value as string);
      revoked.set(forge.util.bytesToHex(serial!.value as string).replace(/^00/, '').toLowerCase(), when);
    }
  }
  return { issuerDer, revoked, nextUpdate };
}
