import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyProtectorFromEnvironment } from '../../src/areas/signatures/key-protector.ts';
import { signWithServerKey, vietnamIso } from '../../src/areas/signatures/pades.ts';
import { buildCrl } from '../../src/areas/signatures/crl.ts';
import { createAuthority, issueCertificate } from '../../src/areas/signatures/x509.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { readSignaturesIndependently } from '../support/independent-pdf-signatures.ts';

let app: TestApp;
let itOfficer: string;
let specialist: string;
let otherItOfficer: string;
let base: string;

const AUTHORITY = 'authority { subjectName serial certificatePem crlUrl crlNumber imported }';
const CERTIFICATE = 'certificate { id kind serial certificatePem keyHolder status revokedAt revocationReason holder { fullName } }';
const issue = (input: Record<string, unknown>, token = itOfficer) =>
  app.gql(`mutation ($input: IssueSigningCertificateInput!) { issueSigningCertificate(input: $input) { ${CERTIFICATE} userErrors { field code message } } }`, { input }, token);
const revoke = (input: Record<string, unknown>, token = itOfficer) =>
  app.gql(`mutation ($input: RevokeSigningCertificateInput!) { revokeSigningCertificate(input: $input) { ${CERTIFICATE} userErrors { field code message } } }`, { input }, token);

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}
const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
const accountGlobalId = async (username: string) => {
  const [row] = await sql<{ id: string }>('select id from account where username = ?', [username]);
  return Buffer.from(`Account:${row!.id}`).toString('base64url');
};
const crlOf = async (crlUrl: string) => fetch(`${base}${new URL(crlUrl).pathname}`);

function opensslCrl(caPem: string, der: Buffer): string {
  const directory = mkdtempSync(join(tmpdir(), 'vanthu-crl-'));
  writeFileSync(join(directory, 'ca.pem'), caPem);
  writeFileSync(join(directory, 'crl.der'), der);
  return execFileSync('openssl', ['crl', '-inform', 'DER', '-in', join(directory, 'crl.der'), '-CAfile', join(directory, 'ca.pem'), '-noout', '-text'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

async function twoPagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText('Quyet dinh', { x: 50, y: 700 });
  document.addPage([595, 842]).drawText('Trang 2', { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

const verify = (bytes: Buffer, token: string | null) =>
  fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: bytes });

beforeAll(async () => {
  app = await startTestApp();
  base = app.url.replace(/\/graphql$/, '');
  await addOrganisation(app, 'khac');
  itOfficer = await app.login(DEMO.itOfficer);
  specialist = await app.login(DEMO.specialist);
  otherItOfficer = await app.login('ducdd.khac');
});
afterAll(() => app?.close());

describe('the organisation CA, its certificates and CRL', () => {
  let authority: Record<string, any>;
  let leaderCertificate: Record<string, any>;
  let signedPdf: Buffer;

  it('an IT officer creates the CA once; its first CRL is published at the stable URL and openssl accepts it', async () => {
    expect((await app.gql('mutation { createSigningAuthority { authority { serial } } }', {}, specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const created = await app.gql(`mutation { createSigningAuthority { ${AUTHORITY} userErrors { code message } } }`, {}, itOfficer);
    expect(created.data?.createSigningAuthority.userErrors).toEqual([]);
    authority = created.data?.createSigningAuthority.authority;
    expect(authority).toMatchObject({ crlNumber: 1, imported: false });
    const again = await app.gql(`mutation { createSigningAuthority { ${AUTHORITY} userErrors { code } } }`, {}, itOfficer);
    expect(again.data?.createSigningAuthority).toEqual({ authority: null, userErrors: [{ code: 'DUPLICATE' }] });
    expect(await count('signing_authority')).toBe(1);
    const crl = await crlOf(authority.crlUrl);
    expect(crl.status).toBe(200);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    expect(opensslCrl(authority.certificatePem, Buffer.from(await crl.arrayBuffer()))).toMatch(/CRL Number:\s*\n\s*1/);
    // Another organisation sees no CA of ours.
    expect((await app.gql(`{ signingAuthority { serial } signingCertificates { id } }`, {}, otherItOfficer)).data).toEqual({ signingAuthority: null, signingCertificates: [] });
  });

  it('issues a signer certificate and the organisation certificate; the private keys are sealed, never answered', async () => {
    const leaderId = await accountGlobalId(DEMO.leader);
    const issued = await issue({ kind: 'SIGNER', holderId: leaderId, validDays: 365 });
    expect(issued.data?.issueSigningCertificate.userErrors).toEqual([]);
    leaderCertificate = issued.data?.issueSigningCertificate.certificate;
    expect(leaderCertificate).toMatchObject({ kind: 'SIGNER', keyHolder: 'SERVER', status: 'ACTIVE', holder: { fullName: expect.any(String) } });
    const organisation = await issue({ kind: 'ORGANISATION', validDays: 365 });
    expect(organisation.data?.issueSigningCertificate.userErrors).toEqual([]);
    const [row] = await sql<{ sealed_key: string }>('select sealed_key from signing_certificate where serial = ?', [leaderCertificate.serial]);
    expect(row!.sealed_key).not.toContain('PRIVATE KEY');
    expect(keyProtectorFromEnvironment().open(row!.sealed_key)).toContain('PRIVATE KEY');
    const uses = await sql("select count(*) as n from audit_entry where action = 'signatures.key_used'");
    expect(Number(uses[0]!.n)).toBeGreaterThanOrEqual(3);
  });

  it('bad input writes nothing: another organisation’s holder, a bad validity, a second organisation certificate, not an IT officer, a bad key', async () => {
    const before = await count('signing_certificate');
    const audits = await count('audit_entry');
    const stranger = await accountGlobalId('hantt.khac');
    expect((await issue({ kind: 'SIGNER', holderId: stranger, validDays: 30 })).data?.issueSigningCertificate.userErrors[0].code).toBe('NOT_FOUND');
    expect((await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.deputy), validDays: 0 })).data?.issueSigningCertificate.userErrors[0].code).toBe('INVALID');
    expect((await issue({ kind: 'ORGANISATION', validDays: 30 })).data?.issueSigningCertificate.userErrors[0].code).toBe('DUPLICATE');
    expect((await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.deputy), validDays: 30, publicKeyPem: 'nonsense' })).data?.issueSigningCertificate.userErrors[0].code).toBe('INVALID');
    expect((await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.deputy), validDays: 30 }, specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await issue({ kind: 'ORGANISATION', validDays: 30 }, otherItOfficer)).data?.issueSigningCertificate.userErrors[0].code).toBe('INVALID_STATE');
    expect((await revoke({ certificateId: leaderCertificate.id, reason: 'KEY_COMPROMISE' }, otherItOfficer)).data?.revokeSigningCertificate.userErrors[0].code).toBe('NOT_FOUND');
    expect(await count('signing_certificate')).toBe(before);
    expect(await count('audit_entry')).toBe(audits);
  });

  it('imports an intermediate only with its own key, and only a CA certificate', async () => {
    const province = createAuthority({ commonName: 'Tỉnh CA', organisation: 'UBND tỉnh' }, new Date());
    const wrong = createAuthority({ commonName: 'Khác', organisation: 'Khác' }, new Date());
    const importing = (input: Record<string, unknown>) =>
      app.gql(`mutation ($input: ImportSigningAuthorityInput!) { importSigningAuthority(input: $input) { ${AUTHORITY} userErrors { field code } } }`, { input }, otherItOfficer);
    expect((await importing({ certificatePem: province.certificatePem, privateKeyPem: wrong.privateKeyPem })).data?.importSigningAuthority.userErrors).toEqual([{ field: ['input', 'privateKeyPem'], code: 'INVALID' }]);
    expect((await importing({ certificatePem: 'garbage', privateKeyPem: 'garbage' })).data?.importSigningAuthority.userErrors[0].code).toBe('INVALID');
    expect(await count('signing_authority')).toBe(1);
    const imported = await importing({ certificatePem: province.certificatePem, privateKeyPem: province.privateKeyPem });
    expect(imported.data?.importSigningAuthority).toMatchObject({ authority: { imported: true }, userErrors: [] });
  });

  it('POST /verify reports a signature by our certificate valid for anyone signed in; the CMS passes openssl', async () => {
    const [row] = await sql<{ sealed_key: string }>('select sealed_key from signing_certificate where serial = ?', [leaderCertificate.serial]);
    const at = new Date();
    signedPdf = await signWithServerKey(
      await twoPagePdf(),
      { signerName: 'Lãnh đạo', reason: 'Ký ban hành', signingTime: at, appearance: { page: 1, x: 350, y: 100, width: 200, height: 50, lines: ['Ký bởi lãnh đạo', vietnamIso(at)] } },
      { certificatePem: leaderCertificate.certificatePem, privateKeyPem: keyProtectorFromEnvironment().open(row!.sealed_key), chainPems: [authority.certificatePem] },
    );
    expect(readSignaturesIndependently(signedPdf, authority.certificatePem)[0]!.opensslVerified).toBe(true);
    const answer = await verify(signedPdf, specialist);
    expect(answer.status).toBe(200);
    const { signatures } = (await answer.json()) as { signatures: Record<string, any>[] };
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ certificateSerial: leaderCertificate.serial, integrity: 'INTACT', chain: 'TRUSTED', revocation: 'GOOD', status: 'VALID', coversWholeDocument: true });
    expect((await verify(signedPdf, null)).status).toBe(401);
    const notPdf = await verify(Buffer.from('hello'), specialist);
    expect([notPdf.status, ((await notPdf.json()) as any).error.reason]).toEqual([400, 'NOT_A_PDF']);
    const tampered = Buffer.from(signedPdf);
    const flipped = tampered.indexOf('/MediaBox') + 3;
    tampered[flipped] = tampered[flipped]! ^ 1;
    expect((((await (await verify(tampered, specialist)).json()) as any).signatures[0])).toMatchObject({ integrity: 'ALTERED', status: 'INVALID' });
  });

  it('revoking regenerates the CRL (openssl lists the serial with its reason) and turns the report invalid; a second revocation is refused', async () => {
    const revoked = await revoke({ certificateId: leaderCertificate.id, reason: 'KEY_COMPROMISE' });
    expect(revoked.data?.revokeSigningCertificate).toMatchObject({ certificate: { status: 'REVOKED', revocationReason: 'KEY_COMPROMISE' }, userErrors: [] });
    const crl = Buffer.from(await (await crlOf(authority.crlUrl)).arrayBuffer());
    const text = opensslCrl(authority.certificatePem, crl);
    expect(text).toContain(leaderCertificate.serial.toUpperCase());
    expect(text).toContain('Key Compromise');
    expect(text).toMatch(/CRL Number:\s*\n\s*2/);
    const crlPem = `-----BEGIN X509 CRL-----\n${crl.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
    expect(readSignaturesIndependently(signedPdf, authority.certificatePem, crlPem)[0]!.opensslVerified).toBe(false);
    const { signatures } = (await (await verify(signedPdf, specialist)).json()) as { signatures: Record<string, any>[] };
    expect(signatures[0]).toMatchObject({ revocation: 'REVOKED', status: 'INVALID' });
    const again = await revoke({ certificateId: leaderCertificate.id, reason: 'SUPERSEDED' });
    expect(again.data?.revokeSigningCertificate.userErrors[0].code).toBe('INVALID_STATE');
    expect(opensslCrl(authority.certificatePem, Buffer.from(await (await crlOf(authority.crlUrl)).arrayBuffer()))).toMatch(/CRL Number:\s*\n\s*2/);
  });

  it('renewing issues a new certificate and revokes the old one as superseded', async () => {
    const organisation = (await app.gql('{ signingCertificates { id kind status } }', {}, itOfficer)).data?.signingCertificates.find((c: any) => c.kind === 'ORGANISATION');
    const renewed = await app.gql(`mutation ($input: RenewSigningCertificateInput!) { renewSigningCertificate(input: $input) { ${CERTIFICATE} userErrors { code } } }`, { input: { certificateId: organisation.id, validDays: 730 } }, itOfficer);
    expect(renewed.data?.renewSigningCertificate).toMatchObject({ certificate: { kind: 'ORGANISATION', status: 'ACTIVE' }, userErrors: [] });
    const all = (await app.gql('{ signingCertificates { id status revocationReason } }', {}, itOfficer)).data?.signingCertificates;
    expect(all.find((c: any) => c.id === organisation.id)).toMatchObject({ status: 'REVOKED', revocationReason: 'SUPERSEDED' });
  });
});

describe('signing an outgoing document: the leader, then the agency with the number', () => {
  const flow = async (name: string, input: Record<string, unknown>, token: string) => {
    const type = name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
    const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { document { id status numberNotation } userErrors { field code message } } }`, { input }, token);
    return response.data?.[name] as { document: { id: string; status: string; numberNotation: string | null } | null; userErrors: { code: string }[] };
  };
  const signAs = async (token: string, body: Record<string, unknown>) =>
    (await (await fetch(`${base}/signatures/sign`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })).json()) as { signature: Record<string, any> | null; userErrors: { code: string; message: string }[] };
  const nameBlock = { page: 2, x: 330, y: 90, width: 220, height: 50 };
  let documentId: string;
  let leader: string;
  let clerk: string;
  let deputy: string;

  beforeAll(async () => {
    leader = await app.login(DEMO.leader);
    clerk = await app.login(DEMO.clerk);
    deputy = await app.login(DEMO.deputy);
    const upload = await app.upload(specialist, await twoPagePdf(), 'quyet-dinh.pdf');
    expect(upload.status).toBe(201);
    const unitHead = await app.login(DEMO.unitHead);
    documentId = (await flow('createOutgoingDraft', { kind: 'QUYET_DINH', subject: 'Quyết định ký số thử', fileIds: [upload.body.id] }, specialist)).document!.id;
    await flow('submitOutgoingDocument', { id: documentId }, specialist);
    await flow('forwardOutgoingDocument', { id: documentId }, unitHead);
    expect((await flow('approveOutgoingDocument', { id: documentId }, leader)).document?.status).toBe('APPROVED');
  });

  it('refuses to issue before the leader signed, and refuses signers who may not sign — nothing written', async () => {
    const refused = await flow('issueOutgoingDocument', { id: documentId }, clerk);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    expect((await sql('select status, number from document where id = ?', [Buffer.from(documentId, 'base64url').toString().split(':')[1]]))[0]).toMatchObject({ status: 'APPROVED', number: null });
    expect((await signAs(specialist, { documentId, ...nameBlock })).userErrors[0]!.code).toBe('NOT_ALLOWED');
    expect((await signAs(deputy, { documentId, ...nameBlock })).userErrors[0]!.code).toBe('NOT_ALLOWED');
    // The leader's only certificate was revoked above.
    const revokedOnly = await signAs(leader, { documentId, ...nameBlock });
    expect(revokedOnly.userErrors[0]).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('thu hồi') });
    expect((await signAs(leader, { documentId: 'bm90LWFuLWlk', ...nameBlock })).userErrors[0]!.code).toBe('NOT_FOUND');
    expect(await count('document_signature')).toBe(0);
  });

  it('the approving leader signs with the key Vanthu holds; a page that does not exist and signing twice are refused', async () => {
    expect((await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.leader), validDays: 365 })).data?.issueSigningCertificate.userErrors).toEqual([]);
    expect((await signAs(leader, { documentId, ...nameBlock, page: 7 })).userErrors[0]!.code).toBe('INVALID');
    const signed = await signAs(leader, { documentId, ...nameBlock });
    expect(signed.userErrors).toEqual([]);
    expect(signed.signature).toMatchObject({ role: 'LEADER', onBehalfOf: null });
    expect((await signAs(leader, { documentId, ...nameBlock })).userErrors[0]!.code).toBe('DUPLICATE');
    expect(await count('document_signature')).toBe(1);
  });

  it('issuing applies the agency signature with the number; both signatures pass openssl and the independent byte-range check, the leader’s still valid', async () => {
    const issued = await flow('issueOutgoingDocument', { id: documentId }, clerk);
    expect(issued.userErrors).toEqual([]);
    expect(issued.document).toMatchObject({ status: 'ISSUED', numberNotation: expect.stringMatching(/QĐ-SCT$/) });
    const download = await fetch(`${base}/signatures/documents/${documentId}.pdf`, { headers: { authorization: `Bearer ${leader}` } });
    expect(download.status).toBe(200);
    const pdf = Buffer.from(await download.arrayBuffer());
    const [authorityRow] = await sql<{ certificate_pem: string; crl: string }>('select certificate_pem, crl from signing_authority where imported = false');
    const crlPem = `-----BEGIN X509 CRL-----\n${authorityRow!.crl.replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
    const readings = readSignaturesIndependently(pdf, authorityRow!.certificate_pem, crlPem);
    expect(readings).toHaveLength(2);
    for (const reading of readings) expect(reading.opensslVerified, reading.opensslOutput).toBe(true);
    const [leaderRow] = await sql<{ pdf: Buffer }>("select pdf from document_signature where role = 'LEADER'");
    expect(pdf.subarray(0, leaderRow!.pdf.length).equals(leaderRow!.pdf)).toBe(true);
    expect(readings[0]!.byteRange[2] + readings[0]!.byteRange[3]).toBe(leaderRow!.pdf.length);
    expect(readings[1]!.byteRange[2] + readings[1]!.byteRange[3]).toBe(pdf.length);
    const folded = issued.document!.numberNotation!.replace('Đ', 'D');
    expect(pdf.toString('latin1')).toContain(`(So: ${folded})`);
    expect(pdf.toString('latin1')).toMatch(/Thoi gian ky: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/);

    const { signatures } = (await (await verify(pdf, specialist)).json()) as { signatures: Record<string, any>[] };
    expect(signatures.map((s) => [s.status, s.coversWholeDocument])).toEqual([
      ['VALID', false],
      ['VALID', true],
    ]);
    expect((await signAs(leader, { documentId, ...nameBlock })).userErrors[0]!.code).toBe('INVALID_STATE');

    const reports = await app.gql('query ($id: ID!) { document(id: $id) { signatures { signerName organisation certificateSerial signedAt coversWholeDocument integrity chain revocation status explanation } } }', { id: documentId }, leader);
    expect(reports.errors).toBeUndefined();
    expect(reports.data?.document.signatures.map((s: any) => [s.status, s.integrity, s.chain, s.revocation])).toEqual([
      ['VALID', 'INTACT', 'TRUSTED', 'GOOD'],
      ['VALID', 'INTACT', 'TRUSTED', 'GOOD'],
    ]);
    // The same file uploaded again (as an incoming document's file would be) is reported by GET /signatures/files/<id>.
    const uploaded = await app.upload(specialist, pdf, 'nhan-duoc.pdf');
    const fileReport = await fetch(`${base}/signatures/files/${uploaded.body.id}`, { headers: { authorization: `Bearer ${specialist}` } });
    expect(((await fileReport.json()) as any).signatures.map((s: any) => s.status)).toEqual(['VALID', 'VALID']);
    expect((await fetch(`${base}/signatures/files/${uploaded.body.id}`, { headers: { authorization: `Bearer ${otherItOfficer}` } })).status).toBe(404);
    // Someone of another organisation gets nothing.
    expect((await fetch(`${base}/signatures/documents/${documentId}.pdf`, { headers: { authorization: `Bearer ${otherItOfficer}` } })).status).toBe(404);
  });
});

describe('signing with a key only the client holds (a USB token)', () => {
  const post = async (path: string, token: string, body: Record<string, unknown>) =>
    (await (await fetch(`${base}/signatures/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })).json()) as Record<string, any>;
  const step = async (name: string, input: Record<string, unknown>, token: string) => {
    const type = name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
    const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { document { id status numberNotation } userErrors { code } } }`, { input }, token);
    return response.data?.[name];
  };

  it('Vanthu answers the signed attributes, the test’s key signs them, Vanthu embeds and verifies; wrong values, another signer or document are refused', async () => {
    const leader = await app.login(DEMO.leader);
    const clerk = await app.login(DEMO.clerk);
    const unitHead = await app.login(DEMO.unitHead);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const issued = await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.leader), validDays: 90, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    expect(issued.data?.issueSigningCertificate.certificate).toMatchObject({ keyHolder: 'CLIENT' });
    const upload = await app.upload(specialist, await twoPagePdf(), 'cong-van.pdf');
    const documentId = (await step('createOutgoingDraft', { kind: 'CONG_VAN', subject: 'Công văn ký bằng token', fileIds: [upload.body.id] }, specialist)).document.id;
    await step('submitOutgoingDocument', { id: documentId }, specialist);
    await step('forwardOutgoingDocument', { id: documentId }, unitHead);
    await step('approveOutgoingDocument', { id: documentId }, leader);
    const otherDocumentId = (await step('createOutgoingDraft', { kind: 'CONG_VAN', subject: 'Khác' }, specialist)).document.id;

    const prepared = await post('prepare', leader, { documentId, page: 2, x: 330, y: 90, width: 220, height: 50 });
    expect(prepared.userErrors).toEqual([]);
    const signedAttributes = Buffer.from(prepared.signedAttributes, 'base64');
    const good = rsaSign('sha256', signedAttributes, privateKey).toString('base64');
    const before = await count('document_signature');
    expect((await post('complete', leader, { preparationId: prepared.preparationId, documentId, signature: rsaSign('sha256', Buffer.from('autre chose'), privateKey).toString('base64') })).userErrors[0].code).toBe('INVALID');
    expect((await post('complete', specialist, { preparationId: prepared.preparationId, documentId, signature: good })).userErrors[0].code).toBe('NOT_FOUND');
    expect((await post('complete', leader, { preparationId: prepared.preparationId, documentId: otherDocumentId, signature: good })).userErrors[0].code).toBe('INVALID');
    expect(await count('document_signature')).toBe(before);

    const completed = await post('complete', leader, { preparationId: prepared.preparationId, documentId, signature: good });
    expect(completed.userErrors).toEqual([]);
    expect(completed.signature).toMatchObject({ role: 'LEADER' });
    expect((await post('complete', leader, { preparationId: prepared.preparationId, documentId, signature: good })).userErrors[0].code).toBe('NOT_FOUND');

    expect((await step('issueOutgoingDocument', { id: documentId }, clerk)).userErrors).toEqual([]);
    const pdf = Buffer.from(await (await fetch(`${base}/signatures/documents/${documentId}.pdf`, { headers: { authorization: `Bearer ${leader}` } })).arrayBuffer());
    const [authorityRow] = await sql<{ certificate_pem: string }>('select certificate_pem from signing_authority where imported = false');
    const readings = readSignaturesIndependently(pdf, authorityRow!.certificate_pem);
    expect(readings.map((reading) => reading.opensslVerified)).toEqual([true, true]);
    const { signatures } = (await (await verify(pdf, specialist)).json()) as { signatures: Record<string, any>[] };
    expect(signatures.map((s) => s.status)).toEqual(['VALID', 'VALID']);
  });
});

describe('configured trust anchors and their CRL files', () => {
  it('a signature under the national root is untrusted until its PEM is configured, unknown until its CRL is, then valid — or revoked', async () => {
    const now = new Date();
    const root = createAuthority({ commonName: 'Root CA Chính phủ', organisation: 'Ban Cơ yếu Chính phủ' }, now);
    const signer = issueCertificate(root, { kind: 'SIGNER', subject: { commonName: 'Lê Văn Gửi', organisation: 'UBND tỉnh Khác' }, notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 86_400_000), crlUrl: 'http://ca.gov.vn/crl' });
    const pdf = await signWithServerKey(
      await twoPagePdf(),
      { signerName: 'Lê Văn Gửi', reason: 'Ký', signingTime: now, appearance: { page: 0, x: 300, y: 700, width: 200, height: 50, lines: ['Lê Văn Gửi'] } },
      { certificatePem: signer.certificatePem, privateKeyPem: signer.privateKeyPem!, chainPems: [] },
    );
    const report = async () => (((await (await verify(pdf, specialist)).json()) as { signatures: Record<string, any>[] }).signatures[0]);
    const directory = mkdtempSync(join(tmpdir(), 'vanthu-anchors-'));
    writeFileSync(join(directory, 'root.pem'), root.certificatePem);
    writeFileSync(join(directory, 'empty.crl'), buildCrl(root, [], 1, now, new Date(now.getTime() + 86_400_000)));
    writeFileSync(join(directory, 'revoked.crl'), buildCrl(root, [{ serial: signer.serial, revokedAt: now, reason: 'KEY_COMPROMISE' }], 2, now, new Date(now.getTime() + 86_400_000)));
    try {
      expect(await report()).toMatchObject({ chain: 'UNTRUSTED', status: 'INDETERMINATE' });
      process.env.SIGNATURES_TRUST_ANCHORS = join(directory, 'root.pem');
      expect(await report()).toMatchObject({ chain: 'TRUSTED', revocation: 'UNKNOWN', status: 'INDETERMINATE', signerName: 'Lê Văn Gửi', organisation: 'UBND tỉnh Khác' });
      process.env.SIGNATURES_CRL_FILES = join(directory, 'empty.crl');
      expect(await report()).toMatchObject({ chain: 'TRUSTED', revocation: 'GOOD', status: 'VALID' });
      process.env.SIGNATURES_CRL_FILES = join(directory, 'revoked.crl');
      expect(await report()).toMatchObject({ revocation: 'REVOKED', status: 'INVALID' });
    } finally {
      delete process.env.SIGNATURES_TRUST_ANCHORS;
      delete process.env.SIGNATURES_CRL_FILES;
    }
  });
});

describe('a deputy signs under a delegation in force', () => {
  it('signs with their own certificate, recorded on the approving leader’s behalf', async () => {
    const leader = await app.login(DEMO.leader);
    const deputy = await app.login(DEMO.deputy);
    const unitHead = await app.login(DEMO.unitHead);
    const step = async (name: string, input: Record<string, unknown>, token: string) => {
      const type = name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
      return (await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { document { id status } userErrors { code } } }`, { input }, token)).data?.[name];
    };
    const upload = await app.upload(specialist, await twoPagePdf(), 'to-trinh.pdf');
    const documentId = (await step('createOutgoingDraft', { kind: 'CONG_VAN', subject: 'Ký thay', fileIds: [upload.body.id] }, specialist)).document.id;
    await step('submitOutgoingDocument', { id: documentId }, specialist);
    await step('forwardOutgoingDocument', { id: documentId }, unitHead);
    await step('approveOutgoingDocument', { id: documentId }, leader);
    expect((await issue({ kind: 'SIGNER', holderId: await accountGlobalId(DEMO.deputy), validDays: 30 })).data?.issueSigningCertificate.userErrors).toEqual([]);
    const signAs = async (token: string) =>
      (await (await fetch(`${base}/signatures/sign`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ documentId, page: 2, x: 330, y: 90, width: 220, height: 50 }) })).json()) as Record<string, any>;
    expect((await signAs(deputy)).userErrors[0].code).toBe('NOT_ALLOWED');
    const delegation = await app.gql(
      'mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { userErrors { code } } }',
      { input: { toAccountId: await accountGlobalId(DEMO.deputy), startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Đi công tác' } },
      leader,
    );
    expect(delegation.data?.createDelegation.userErrors).toEqual([]);
    const signed = await signAs(await app.login(DEMO.deputy));
    expect(signed.userErrors).toEqual([]);
    expect(signed.signature.onBehalfOf).toBe(await accountGlobalId(DEMO.leader));
  });
});
