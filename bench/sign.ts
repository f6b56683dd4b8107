/**
 * `npm run bench:sign [-- --count 1000]`: server-side PAdES signing and verification (issue 16).
 *
 * An organisation CA, a leader's and the agency's certificates (RSA 2048) are made in-process; 1,000
 * distinct two-page PDFs (pdf-lib) are each signed by the leader (visible appearance on page 2),
 * then by the agency (top right of page 1, incremental update), and the result verified by Vanthu's
 * verifier (integrity, chain, revocation against an empty CRL). It reports signatures per second
 * and the median and p99 of one signature (prepare the update + CMS + embed), and of one
 * verification of a two-signature file. One process, one core: signing is CPU-bound (RSA).
 */
import { X509Certificate } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { signWithServerKey, vietnamIso } from '../src/areas/signatures/pades.ts';
import { verifyPdfSignatures, type TrustStore } from '../src/areas/signatures/verify.ts';
import { createAuthority, issueCertificate } from '../src/areas/signatures/x509.ts';

const countArgument = process.argv.indexOf('--count');
const count = countArgument > 0 ? Number(process.argv[countArgument + 1]) : 1000;
const now = new Date();
const year = 365 * 86_400_000;
const ca = createAuthority({ commonName: 'SCT CA', organisation: 'Sở Công Thương' }, now);
const crlUrl = 'http://localhost:4000/signatures/crl/bench.crl';
const leader = issueCertificate(ca, { kind: 'SIGNER', subject: { commonName: 'Nguyễn Văn Minh', organisation: 'Sở Công Thương' }, notBefore: now, notAfter: new Date(now.getTime() + year), crlUrl });
const agency = issueCertificate(ca, { kind: 'ORGANISATION', subject: { commonName: 'Sở Công Thương', organisation: 'Sở Công Thương' }, notBefore: now, notAfter: new Date(now.getTime() + year), crlUrl });
const trust: TrustStore = { anchors: [new X509Certificate(ca.certificatePem)], revocation: () => ({ known: true, revokedAt: null, reason: null }) };

async function twoPagePdf(index: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText(`Quyet dinh so ${index}`, { x: 50, y: 700 });
  document.addPage([595, 842]).drawText('Noi nhan: ...', { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const signTimes: number[] = [];
const verifyTimes: number[] = [];
let invalid = 0;
const pdfs = await Promise.all(Array.from({ length: count }, (_, index) => twoPagePdf(index)));
const started = performance.now();
for (const [index, pdf] of pdfs.entries()) {
  const at = new Date();
  let t = performance.now();
  const once = await signWithServerKey(pdf, { signerName: 'Nguyễn Văn Minh', reason: 'Ký duyệt', signingTime: at, appearance: { page: 1, x: 330, y: 90, width: 220, height: 50, lines: ['Ký bởi: Nguyễn Văn Minh', vietnamIso(at)] } }, { certificatePem: leader.certificatePem, privateKeyPem: leader.privateKeyPem!, chainPems: [ca.certificatePem] });
  signTimes.push(performance.now() - t);
  t = performance.now();
  const twice = await signWithServerKey(once, { signerName: 'Sở Công Thương', reason: 'Phát hành', signingTime: at, appearance: { page: 0, x: 355, y: 768, width: 220, height: 54, lines: ['Sở Công Thương', `Số: ${index + 1}/QĐ-SCT`, vietnamIso(at)] } }, { certificatePem: agency.certificatePem, privateKeyPem: agency.privateKeyPem!, chainPems: [ca.certificatePem] });
  signTimes.push(performance.now() - t);
  t = performance.now();
  const reports = verifyPdfSignatures(twice, trust);
  verifyTimes.push(performance.now() - t);
  if (reports.length !== 2 || reports.some((report) => report.status !== 'VALID')) invalid += 1;
}
const seconds = (performance.now() - started) / 1000;
signTimes.sort((a, b) => a - b);
verifyTimes.sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`${count} two-page PDFs, ${signTimes.length} signatures (leader + agency each), all verified in ${seconds.toFixed(1)} s`);
console.log(`signatures per second (signing + verifying included): ${(signTimes.length / seconds).toFixed(1)}`);
console.log(`one signature: median ${ms(percentile(signTimes, 50))}, p99 ${ms(percentile(signTimes, 99))}`);
console.log(`one verification (2 signatures): median ${ms(percentile(verifyTimes, 50))}, p99 ${ms(percentile(verifyTimes, 99))}`);
console.log(`files whose report was not VALID twice: ${invalid}`);
if (invalid > 0) process.exitCode = 1;
