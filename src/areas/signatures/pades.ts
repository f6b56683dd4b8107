import { createHash } from 'node:crypto';
import { assembleSignedData, signatureMatches, signedAttributes, signWithKey } from './cms.ts';
import { coveredBytes, embedSignature, prepareSignature, signingBase, type PreparedPdf, type SignatureFields } from './pdf-update.ts';

/**
 * Signing a PDF, PAdES-style, in the two ways the issue asks: with a key the server holds, or in
 * two steps where the client's token signs the signed attributes Vanthu answers and posts the
 * signature value back. Both end in `completeSignature`, which refuses a value that is not the
 * certificate's signature of exactly the prepared document.
 */
export interface PreparedSignature {
  prepared: PreparedPdf;
  /** DER of the signed attributes: what the signer's key signs (SHA-256 with RSA). */
  signedAttributesDer: Buffer;
  /** SHA-256 of the signed attributes, for a token that signs a digest. */
  digestToSign: Buffer;
}

export class SignatureMismatch extends Error {}

export async function prepareToSign(pdf: Buffer, fields: SignatureFields, signerCertificatePem: string): Promise<PreparedSignature> {
  const prepared = await prepareSignature(await signingBase(pdf), fields);
  const contentDigest = createHash('sha256').update(coveredBytes(prepared.bytes, prepared.byteRange)).digest();
  const signedAttributesDer = signedAttributes(contentDigest, fields.signingTime, signerCertificatePem);
  return { prepared, signedAttributesDer, digestToSign: createHash('sha256').update(signedAttributesDer).digest() };
}

export function completeSignature(preparation: PreparedSignature, signature: Buffer, signerCertificatePem: string, chainPems: readonly string[]): Buffer {
  if (!signatureMatches(preparation.signedAttributesDer, signature, signerCertificatePem)) throw new SignatureMismatch('the signature is not the certificate’s signature of the prepared document');
  return embedSignature(preparation.prepared, assembleSignedData(preparation.signedAttributesDer, signature, signerCertificatePem, chainPems));
}

export async function signWithServerKey(pdf: Buffer, fields: SignatureFields, signer: { certificatePem: string; privateKeyPem: string; chainPems: readonly string[] }): Promise<Buffer> {
  const preparation = await prepareToSign(pdf, fields, signer.certificatePem);
  return completeSignature(preparation, signWithKey(preparation.signedAttributesDer, signer.privateKeyPem), signer.certificatePem, signer.chainPems);
}

/** A signing time as the agency's appearance shows it: ISO 8601 in Vietnam time (`+07:00`). */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}
