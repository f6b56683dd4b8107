import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { signWithServerKey, vietnamIso } from '../../src/areas/signatures/pades.ts';
import { verifyPdfSignatures, type TrustStore } from '../../src/areas/signatures/verify.ts';
import { createAuthority, issueCertificate, rewritableName, type IssuedCertificate, type KeyAndCertificate } from '../../src/areas/signatures/x509.ts';
import { readSignaturesIndependently } from '../support/independent-pdf-signatures.ts';

/**
 * Trust through an intermediate (issue 16 point 2): the national root is the anchor, the
 * province's intermediate is carried in the CMS, the signer is under the intermediate. The
 * intermediate is made here with node-forge, apart from Vanthu's own certificate code.
 */
const now = new Date('2026-12-03T07:00:00Z');
const year = 365 * 86_400_000;
let root: KeyAndCertificate;
let intermediate: { certificatePem: string; privateKeyPem: string };
let signer: IssuedCertificate;

function intermediateUnder(issuer: KeyAndCertificate): { certificatePem: string; privateKeyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const issuerCertificate = forge.pki.certificateFromPem(issuer.certificatePem);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '0a1b2c3d4e5f';
  certificate.validity.notBefore = new Date(now.getTime() - 86_400_000);
  certificate.validity.notAfter = new Date(now.getTime() + 5 * year);
  certificate.setSubject([
    { shortName: 'CN', value: 'Province Intermediate CA' },
    { shortName: 'O', value: 'Province' },
  ]);
  // forge re-encodes a copied UTF-8 name differently unless told its value type (x509.ts rewritableName).
  certificate.setIssuer(rewritableName(issuerCertificate.subject.attributes));
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(issuer.privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

async function onePagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText('Cong van', { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

/** Anchors: the root only. CRLs: known for the issuers listed (every one empty). */
function trust(crlsOf: readonly string[]): TrustStore {
  const known = crlsOf.map((pem) => new X509Certificate(pem).fingerprint256);
  return {
    anchors: [new X509Certificate(root.certificatePem)],
    revocation: (issuer) => (known.includes(issuer.fingerprint256) ? { known: true, revokedAt: null, reason: null } : { known: false }),
  };
}

const fields = (subFilter?: 'ETSI.CAdES.detached') => ({ signerName: 'Pham Van Tinh', reason: 'Ky', signingTime: now, appearance: { page: 0, x: 300, y: 700, width: 220, height: 50, lines: ['Pham Van Tinh', vietnamIso(now)] }, ...(subFilter ? { subFilter } : {}) });

beforeAll(() => {
  root = createAuthority({ commonName: 'Root CA Chính phủ', organisation: 'Ban Cơ yếu Chính phủ' }, new Date(now.getTime() - year));
  intermediate = intermediateUnder(root);
  signer = issueCertificate(intermediate, { kind: 'SIGNER', subject: { commonName: 'Phạm Văn Tỉnh', organisation: 'UBND tỉnh' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + year), crlUrl: 'http://province/crl' });
});

describe('a chain root → intermediate → signer', () => {
  it('with the intermediate carried in the CMS and both CRLs known: VALID, and openssl agrees against the root alone', async () => {
    const pdf = await signWithServerKey(await onePagePdf(), fields(), { certificatePem: signer.certificatePem, privateKeyPem: signer.privateKeyPem!, chainPems: [intermediate.certificatePem] });
    const [report] = verifyPdfSignatures(pdf, trust([root.certificatePem, intermediate.certificatePem]));
    expect(report).toMatchObject({ signerName: 'Phạm Văn Tỉnh', integrity: 'INTACT', chain: 'TRUSTED', revocation: 'GOOD', status: 'VALID' });
    const [reading] = readSignaturesIndependently(pdf, root.certificatePem);
    expect(reading!.opensslVerified, reading!.opensslOutput).toBe(true);
  });

  it('without the intermediate the signer is untrusted, not valid; openssl fails as well', async () => {
    const pdf = await signWithServerKey(await onePagePdf(), fields(), { certificatePem: signer.certificatePem, privateKeyPem: signer.privateKeyPem!, chainPems: [] });
    const [report] = verifyPdfSignatures(pdf, trust([root.certificatePem, intermediate.certificatePem]));
    expect(report).toMatchObject({ integrity: 'INTACT', chain: 'UNTRUSTED', status: 'INDETERMINATE' });
    expect(readSignaturesIndependently(pdf, root.certificatePem)[0]!.opensslVerified).toBe(false);
  });

  it('the root publishing no CRL (the intermediate’s revocation unknown) gives UNKNOWN, never VALID', async () => {
    const pdf = await signWithServerKey(await onePagePdf(), fields(), { certificatePem: signer.certificatePem, privateKeyPem: signer.privateKeyPem!, chainPems: [intermediate.certificatePem] });
    expect(verifyPdfSignatures(pdf, trust([intermediate.certificatePem]))[0]).toMatchObject({ chain: 'TRUSTED', revocation: 'UNKNOWN', status: 'INDETERMINATE' });
    expect(verifyPdfSignatures(pdf, trust([root.certificatePem]))[0]).toMatchObject({ revocation: 'UNKNOWN', status: 'INDETERMINATE' });
  });
});

describe('SubFilter', () => {
  it('ETSI.CAdES.detached is signed and verified like adbe.pkcs7.detached; an unknown SubFilter is refused', async () => {
    const pdf = await signWithServerKey(await onePagePdf(), fields('ETSI.CAdES.detached'), { certificatePem: signer.certificatePem, privateKeyPem: signer.privateKeyPem!, chainPems: [intermediate.certificatePem] });
    expect(pdf.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(verifyPdfSignatures(pdf, trust([root.certificatePem, intermediate.certificatePem]))[0]).toMatchObject({ integrity: 'INTACT', status: 'VALID' });
    expect(readSignaturesIndependently(pdf, root.certificatePem)[0]!.opensslVerified).toBe(true);
    // Same length, so the byte range still points at /Contents: only the name of the encoding differs.
    const unknown = Buffer.from(pdf.toString('latin1').replace('/SubFilter /ETSI.CAdES.detached', '/SubFilter /ETSI.RFC3161.xxxxxx'), 'latin1');
    expect(unknown.length).toBe(pdf.length);
    expect(verifyPdfSignatures(unknown, trust([root.certificatePem, intermediate.certificatePem]))[0]).toMatchObject({ status: 'INVALID', explanation: expect.stringContaining('SubFilter') });
  });
});
