import { createHash, createPublicKey, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import forge from 'node-forge';
import { namesDer } from './x509.ts';

/**
 * CMS SignedData, detached, SHA-256 with RSA, as PAdES (adbe.pkcs7.detached) embeds it: signed
 * attributes contentType, signingTime, messageDigest and signing-certificate-v2 (RFC 5035, the
 * hash of the signer's certificate, so the certificate cannot be swapped). Assembled with
 * node-forge's ASN.1 in two steps so that the signature value can come from elsewhere: the signed
 * attributes are made first (their DER is what is signed, by the server's key or by a client's
 * token), then the signature is wrapped into the SignedData.
 */
const { asn1 } = forge;
const C = asn1.Class;
const T = asn1.Type;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

const seq = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SET, true, items);
const oid = (id: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: Buffer) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, bytes.toString('binary'));
const integer = (value: number) => asn1.create(C.UNIVERSAL, T.INTEGER, false, asn1.integerToDer(value).getBytes());
const nul = () => asn1.create(C.UNIVERSAL, T.NULL, false, '');
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

function certificateDer(certificatePem: string): Buffer {
  return der(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certificatePem)));
}

/** The signed attributes as the SET that is signed (DER, its members in DER order). */
export function signedAttributes(contentDigest: Buffer, signingTime: Date, signerCertificatePem: string): Buffer {
  const certificateHash = createHash('sha256').update(certificateDer(signerCertificatePem)).digest();
  const attributes = [
    seq([oid(OID.contentType), set([oid(OID.data)])]),
    seq([oid(OID.signingTime), set([asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(signingTime))])]),
    seq([oid(OID.messageDigest), set([octets(contentDigest)])]),
    seq([oid(OID.signingCertificateV2), set([seq([seq([seq([octets(certificateHash)])])])])]),
  ].map(der);
  // A SET OF is DER only with its members sorted by their encodings; verifiers re-encode it.
  attributes.sort(Buffer.compare);
  const body = Buffer.concat(attributes);
  return Buffer.concat([Buffer.from([0x30 | 0x01]), lengthOf(body.length), body]);
}

function lengthOf(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** The server's signature of the signed attributes with a key it holds (PKCS#1 v1.5, SHA-256). */
export function signWithKey(signedAttributesDer: Buffer, privateKeyPem: string): Buffer {
  return rsaSign('sha256', signedAttributesDer, privateKeyPem);
}

/** Whether `signature` is the signer's signature of the signed attributes. */
export function signatureMatches(signedAttributesDer: Buffer, signature: Buffer, certificatePem: string): boolean {
  try {
    return rsaVerify('sha256', signedAttributesDer, createPublicKey(certificatePem), signature);
  } catch {
    return false;
  }
}

/** The SignedData (DER) around a signature of the signed attributes, with the chain's certificates. */
export function assembleSignedData(signedAttributesDer: Buffer, signature: Buffer, signerCertificatePem: string, chainPems: readonly string[]): Buffer {
  const signer = forge.pki.certificateFromPem(signerCertificatePem);
  const signedAttrsNode = asn1.fromDer(forge.util.createBuffer(signedAttributesDer.toString('binary')));
  // In SignerInfo the SET is tagged [0] IMPLICIT.
  const implicitAttributes = asn1.create(C.CONTEXT_SPECIFIC, 0, true, signedAttrsNode.value as forge.asn1.Asn1[]);
  const serial = forge.util.hexToBytes(signer.serialNumber.length % 2 ? `0${signer.serialNumber}` : signer.serialNumber);
  const signerInfo = seq([
    integer(1),
    seq([namesDer(signerCertificatePem).issuer, asn1.create(C.UNIVERSAL, T.INTEGER, false, serial)]),
    seq([oid(OID.sha256), nul()]),
    implicitAttributes,
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const certificates = [signerCertificatePem, ...chainPems].map((pem) => forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem)));
  const signedData = seq([
    integer(1),
    set([seq([oid(OID.sha256), nul()])]),
    seq([oid(OID.data)]),
    asn1.create(C.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(C.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

/** What a SignedData says, read back for verification. */
export interface ParsedSignedData {
  certificatesDer: Buffer[];
  issuerDer: Buffer;
  serial: string;
  signedAttributesDer: Buffer;
  signature: Buffer;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  signingCertificateHash: Buffer | null;
  digestAlgorithm: string;
}

export function parseSignedData(cms: Buffer): ParsedSignedData {
  const root = asn1.fromDer(forge.util.createBuffer(cms.toString('binary')), { parseAllBytes: false } as never);
  const [typeNode, wrapped] = root.value as forge.asn1.Asn1[];
  if (asn1.derToOid(forge.util.createBuffer(typeNode!.value as string)) !== OID.signedData) throw new Error('not a SignedData');
  const signedData = (wrapped!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const certificatesDer: Buffer[] = [];
  let signerInfos: forge.asn1.Asn1 | undefined;
  for (const part of signedData.slice(3)) {
    if (part.tagClass === C.CONTEXT_SPECIFIC && part.type === 0) for (const certificate of part.value as forge.asn1.Asn1[]) certificatesDer.push(der(certificate));
    else if (part.tagClass === C.UNIVERSAL && part.type === T.SET) signerInfos = part;
  }
  const signerInfo = (signerInfos?.value as forge.asn1.Asn1[] | undefined)?.[0];
  if (!signerInfo) throw new Error('no signer');
  const fields = signerInfo.value as forge.asn1.Asn1[];
  const [issuer, serial] = fields[1]!.value as forge.asn1.Asn1[];
  const digestAlgorithm = asn1.derToOid(forge.util.createBuffer((fields[2]!.value as forge.asn1.Asn1[])[0]!.value as string));
  const attributesNode = fields[3]!;
  if (attributesNode.tagClass !== C.CONTEXT_SPECIFIC || attributesNode.type !== 0) throw new Error('no signed attributes');
  const signedAttributesDer = der(set(attributesNode.value as forge.asn1.Asn1[]));
  const signature = Buffer.from(fields[5]!.value as string, 'binary');
  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  let signingCertificateHash: Buffer | null = null;
  for (const attribute of attributesNode.value as forge.asn1.Asn1[]) {
    const [kind, values] = attribute.value as forge.asn1.Asn1[];
    const id = asn1.derToOid(forge.util.createBuffer(kind!.value as string));
    const value = (values!.value as forge.asn1.Asn1[])[0]!;
    if (id === OID.messageDigest) messageDigest = Buffer.from(value.value as string, 'binary');
    else if (id === OID.signingTime) signingTime = value.type === T.UTCTIME ? asn1.utcTimeToDate(value.value as string) : asn1.generalizedTimeToDate(value.value as string);
    else if (id === OID.signingCertificateV2) {
      const certId = ((value.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
      const hash = certId.find((node) => node.type === T.OCTETSTRING && node.tagClass === C.UNIVERSAL);
      if (hash) signingCertificateHash = Buffer.from(hash.value as string, 'binary');
    }
  }
  return {
    certificatesDer,
    issuerDer: der(issuer!),
    serial: forge.util.bytesToHex(serial!.value as string).replace(/^(00)+/, '').toLowerCase(),
    signedAttributesDer,
    signature,
    messageDigest,
    signingTime,
    signingCertificateHash,
    digestAlgorithm,
  };
}
