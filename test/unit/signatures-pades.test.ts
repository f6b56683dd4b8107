import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCrl, readCrl, type RevokedEntry } from '../../src/areas/signatures/crl.ts';
import { completeSignature, prepareToSign, SignatureMismatch, signWithServerKey, vietnamIso } from '../../src/areas/signatures/pades.ts';
import { NotAPdf } from '../../src/areas/signatures/pdf-update.ts';
import { verifyPdfSignatures, type TrustStore } from '../../src/areas/signatures/verify.ts';
import { createAuthority, issueCertificate, keyMatchesCertificate, type IssuedCertificate, type KeyAndCertificate } from '../../src/areas/signatures/x509.ts';
import { readSignaturesIndependently } from '../support/independent-pdf-signatures.ts';

const now = new Date('2026-12-03T07:00:00Z');
const year = 365 * 86_400_000;
let ca: KeyAndCertificate;
let leader: IssuedCertificate;
let agency: IssuedCertificate;

async function twoPagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText('Trang 1', { x: 50, y: 700 });
  document.addPage([595, 842]).drawText('Trang 2', { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

function toPem(der: Buffer): string {
  return `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
}

function trustWith(revoked: RevokedEntry[] | null): TrustStore {
  return {
    anchors: [new X509Certificate(ca.certificatePem)],
    revocation: (_issuer, serial) => {
      if (!revoked) return { known: false };
      const entry = revoked.find((candidate) => candidate.serial === serial);
      return { known: true, revokedAt: entry?.revokedAt ?? null, reason: entry?.reason ?? null };
    },
  };
}

const leaderFields = (at: Date) => ({ signerName: 'Nguyễn Văn An', reason: 'Ký ban hành', signingTime: at, appearance: { page: 1, x: 350, y: 120, width: 200, height: 50, lines: ['Ký bởi: Nguyễn Văn An', vietnamIso(at)] } });
const agencyFields = (at: Date) => ({ signerName: 'Cục Hàng hải', reason: 'Phát hành', signingTime: at, appearance: { page: 0, x: 359, y: 746, width: 200, height: 60, lines: ['Cục Hàng hải', 'Số: 12/QĐ-CHH', vietnamIso(at)] } });

beforeAll(() => {
  ca = createAuthority({ commonName: 'MOT-CA Cục Hàng hải', organisation: 'Cục Hàng hải Việt Nam' }, now);
  const crlUrl = 'http://vanthu.test/signatures/crl/x.crl';
  leader = issueCertificate(ca, { kind: 'SIGNER', subject: { commonName: 'Nguyễn Văn An', organisation: 'Cục Hàng hải Việt Nam' }, notBefore: now, notAfter: new Date(now.getTime() + year), crlUrl });
  agency = issueCertificate(ca, { kind: 'ORGANISATION', subject: { commonName: 'Cục Hàng hải Việt Nam', organisation: 'Cục Hàng hải Việt Nam' }, notBefore: now, notAfter: new Date(now.getTime() + year), crlUrl });
});

describe('PAdES signing with the organisation CA', () => {
  it('signs leader then agency incrementally; openssl and an independent byte-range reading verify both', async () => {
    const original = await twoPagePdf();
    const once = await signWithServerKey(original, leaderFields(new Date(now.getTime() + 60_000)), { certificatePem: leader.certificatePem, privateKeyPem: leader.privateKeyPem!, chainPems: [ca.certificatePem] });
    const twice = await signWithServerKey(once, agencyFields(new Date(now.getTime() + 120_000)), { certificatePem: agency.certificatePem, privateKeyPem: agency.privateKeyPem!, chainPems: [ca.certificatePem] });
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
    const crl = toPem(buildCrl(ca, [], 1, now, new Date(now.getTime() + 7 * 86_400_000)));
    const readings = readSignaturesIndependently(twice, ca.certificatePem, crl);
    expect(readings).toHaveLength(2);
    for (const reading of readings) expect(reading.opensslVerified, reading.opensslOutput).toBe(true);
    expect(readings[0]!.byteRange[2] + readings[0]!.byteRange[3]).toBe(once.length);
    expect(readings[1]!.byteRange[2] + readings[1]!.byteRange[3]).toBe(twice.length);

    const reports = verifyPdfSignatures(twice, trustWith([]));
    expect(reports.map((report) => [report.signerName, report.status, report.coversWholeDocument])).toEqual([
      ['Nguyễn Văn An', 'VALID', false],
      ['Cục Hàng hải Việt Nam', 'VALID', true],
    ]);
    expect(reports[0]!.certificateSerial).toBe(leader.serial);
    const loaded = await PDFDocument.load(twice);
    expect(loaded.getPageCount()).toBe(2);
    expect(loaded.getForm().getFields()).toHaveLength(2);
  });

  it('the client signs the signed attributes Vanthu answers with a key only it holds; a signature of another document is refused', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = issueCertificate(ca, { kind: 'SIGNER', subject: { commonName: 'Trần Thị Bình', organisation: 'Cục Hàng hải Việt Nam' }, notBefore: now, notAfter: new Date(now.getTime() + year), crlUrl: 'http://x/crl', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    expect(token.privateKeyPem).toBeNull();
    const at = new Date(now.getTime() + 60_000);
    const preparation = await prepareToSign(await twoPagePdf(), leaderFields(at), token.certificatePem);
    const other = await prepareToSign(await twoPagePdf(), leaderFields(new Date(at.getTime() + 1000)), token.certificatePem);
    expect(() => completeSignature(preparation, sign('sha256', other.signedAttributesDer, privateKey), token.certificatePem, [ca.certificatePem])).toThrow(SignatureMismatch);
    expect(() => completeSignature(preparation, sign('sha256', preparation.signedAttributesDer, privateKey), leader.certificatePem, [ca.certificatePem])).toThrow(SignatureMismatch);
    const signed = completeSignature(preparation, sign('sha256', preparation.signedAttributesDer, privateKey), token.certificatePem, [ca.certificatePem]);
    const [reading] = readSignaturesIndependently(signed, ca.certificatePem);
    expect(reading!.opensslVerified, reading!.opensslOutput).toBe(true);
    expect(verifyPdfSignatures(signed, trustWith([]))[0]!.status).toBe('VALID');
  });

  it('one tampered byte, a revoked certificate, signing after expiry, no CRL and a foreign CA each change the report', async () => {
    const signer = { certificatePem: leader.certificatePem, privateKeyPem: leader.privateKeyPem!, chainPems: [ca.certificatePem] };
    const signed = await signWithServerKey(await twoPagePdf(), leaderFields(new Date(now.getTime() + 60_000)), signer);
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('Trang') > 0 ? tampered.indexOf('/MediaBox') + 2 : 20;
    tampered[at] = tampered[at]! ^ 0x01;
    const [tamperedReport] = verifyPdfSignatures(tampered, trustWith([]));
    expect([tamperedReport!.integrity, tamperedReport!.status]).toEqual(['ALTERED', 'INVALID']);
    expect(readSignaturesIndependently(tampered, ca.certificatePem)[0]!.opensslVerified).toBe(false);

    const revoked: RevokedEntry[] = [{ serial: leader.serial, revokedAt: new Date(now.getTime() + 3600_000), reason: 'KEY_COMPROMISE' }];
    const [revokedReport] = verifyPdfSignatures(signed, trustWith(revoked));
    expect([revokedReport!.revocation, revokedReport!.status]).toEqual(['REVOKED', 'INVALID']);
    expect(revokedReport!.explanation).toContain('thu hồi');
    const crlDer = buildCrl(ca, revoked, 2, now, new Date(now.getTime() + 86_400_000));
    expect(readCrl(crlDer).revoked.has(leader.serial)).toBe(true);
    const [opensslOnRevoked] = readSignaturesIndependently(signed, ca.certificatePem, toPem(crlDer));
    expect(opensslOnRevoked!.opensslVerified).toBe(false);
    expect(opensslOnRevoked!.opensslOutput).toContain('revoked');
    // Superseded after the signature: the key was not at risk, the earlier signature stands.
    const superseded: RevokedEntry[] = [{ serial: leader.serial, revokedAt: new Date(now.getTime() + 3600_000), reason: 'SUPERSEDED' }];
    expect(verifyPdfSignatures(signed, trustWith(superseded))[0]!.status).toBe('VALID');

    const late = await signWithServerKey(await twoPagePdf(), leaderFields(new Date(now.getTime() + 2 * year)), signer);
    const [lateReport] = verifyPdfSignatures(late, trustWith([]));
    expect([lateReport!.chain, lateReport!.status]).toEqual(['NOT_VALID_AT_SIGNING_TIME', 'INVALID']);

    expect(verifyPdfSignatures(signed, trustWith(null))[0]).toMatchObject({ revocation: 'UNKNOWN', status: 'INDETERMINATE' });
    const stranger = createAuthority({ commonName: 'Other CA', organisation: 'Other' }, now);
    expect(verifyPdfSignatures(signed, { ...trustWith([]), anchors: [new X509Certificate(stranger.certificatePem)] })[0]).toMatchObject({ chain: 'UNTRUSTED', status: 'INDETERMINATE' });
  });

  it('refuses what is not a PDF, and knows a key that is not its certificate’s', async () => {
    await expect(signWithServerKey(Buffer.from('hello'), leaderFields(now), { certificatePem: leader.certificatePem, privateKeyPem: leader.privateKeyPem!, chainPems: [] })).rejects.toThrow(NotAPdf);
    expect(() => verifyPdfSignatures(Buffer.from('not a pdf'), trustWith([]))).toThrow(NotAPdf);
    expect(keyMatchesCertificate(leader.privateKeyPem!, leader.certificatePem)).toBe(true);
    expect(keyMatchesCertificate(agency.privateKeyPem!, leader.certificatePem)).toBe(false);
  });

  it('the CRL is one openssl accepts as signed by the CA', () => {
    const directory = mkdtempSync(join(tmpdir(), 'vanthu-crl-'));
    writeFileSync(join(directory, 'ca.pem'), ca.certificatePem);
    writeFileSync(join(directory, 'crl.der'), buildCrl(ca, [{ serial: agency.serial, revokedAt: now, reason: 'SUPERSEDED' }], 3, now, new Date(now.getTime() + 86_400_000)));
    const output = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(directory, 'crl.der'), '-CAfile', join(directory, 'ca.pem'), '-noout', '-text'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    expect(output).toContain(agency.serial.toUpperCase());
    expect(output).toContain('Superseded');
    expect(output).toMatch(/CRL Number:\s*\n\s*3/);
  });
});
