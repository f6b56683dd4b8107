import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { receiveCopy } from '../../src/areas/documents/public.ts';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import { keyProtectorFromEnvironment } from '../../src/areas/signatures/key-protector.ts';
import { signaturesModule } from '../../src/areas/signatures/module.ts';
import { signWithServerKey, vietnamIso } from '../../src/areas/signatures/pades.ts';
import { onIncomingSignatureInvalid, type IncomingSignatureInvalid } from '../../src/areas/signatures/public.ts';
import { forkForOrganisation } from '../../src/core/context.ts';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import type { ServerParts } from '../../src/core/module.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { countStatements } from '../../src/db/query-counter.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Issue 16, what was left: incoming files verified on arrival and an invalid one flagged,
 * verifySignatures(fileId) failing closed, the signed-issue setting, the sweep job, the signing
 * refusals of the "Bad input" list, and Document.signatures in lists without N+1.
 */
let app: TestApp;
let base: string;
const tokens = {} as Record<keyof typeof DEMO | 'otherClerk' | 'otherItOfficer' | 'otherLeader', string>;
let organisationId: string;
let leaderCertificate: { id: string; serial: string; certificatePem: string };
let authorityPem: string;
let validPdf: Buffer;
let tamperedPdf: Buffer;
let unsignedPdf: Buffer;
const invalidHeard: IncomingSignatureInvalid[] = [];
onIncomingSignatureInvalid(async (_em, change) => void invalidHeard.push(change));

const uuidOf = (globalId: string) => fromGlobalId(globalId)!.id;
async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}
const count = async (table: string, where = 'true') => Number((await sql<{ n: string }>(`select count(*) as n from ${table} where ${where}`))[0]!.n);
const accountGlobalId = async (username: string) => Buffer.from(`Account:${(await sql<{ id: string }>('select id from account where username = ?', [username]))[0]!.id}`).toString('base64url');

async function pdfWith(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText(text, { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

let serial = 4000;
function incoming(fileIds: string[]) {
  serial += 1;
  return { kind: 'CONG_VAN', numberNotation: `${serial}/UBND-VP`, issuingOrgan: 'Ủy ban nhân dân tỉnh Bình Định', issuedOn: vietnamDate(new Date()), subject: 'Về việc kiểm tra chữ ký số', fileIds };
}
const REGISTER = 'mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { field code message } } }';
const CHECKS = `query ($id: ID!) { document(id: $id) { signatureAlert files { file { id fileName } signatureCheck { status checkedAt signatures { status integrity chain revocation explanation signedAt } } } } }`;
const upload = async (bytes: Buffer, name: string, token = tokens.clerk) => {
  const answer = await app.upload(token, bytes, name);
  expect(answer.status).toBe(201);
  return answer.body as { id: string; sha256: string };
};
const verifyQuery = (fileId: string, token: string) =>
  app.gql('query ($id: ID!) { verifySignatures(fileId: $id) { pdf signatures { signerName certificateSerial status integrity chain revocation coversWholeDocument explanation } } }', { id: fileId }, token);

beforeAll(async () => {
  app = await startTestApp();
  base = app.url.replace(/\/graphql$/, '');
  await addOrganisation(app, 'khac');
  for (const [role, username] of [...Object.entries(DEMO), ['otherClerk', 'maipt.khac'], ['otherItOfficer', 'ducdd.khac'], ['otherLeader', 'minhnv.khac']] as [keyof typeof tokens, string][]) {
    tokens[role] = await app.login(username);
  }
  organisationId = (await sql<{ organisation_id: string }>('select organisation_id from account where username = ?', [DEMO.clerk]))[0]!.organisation_id;
  const created = await app.gql('mutation { createSigningAuthority { authority { certificatePem } userErrors { code } } }', {}, tokens.itOfficer);
  authorityPem = created.data!.createSigningAuthority.authority.certificatePem;
  const issued = await app.gql(
    'mutation ($input: IssueSigningCertificateInput!) { issueSigningCertificate(input: $input) { certificate { id serial certificatePem } userErrors { code } } }',
    { input: { kind: 'SIGNER', holderId: await accountGlobalId(DEMO.leader), validDays: 365 } },
    tokens.itOfficer,
  );
  leaderCertificate = issued.data!.issueSigningCertificate.certificate;
  expect((await app.gql('mutation ($input: IssueSigningCertificateInput!) { issueSigningCertificate(input: $input) { userErrors { code } } }', { input: { kind: 'ORGANISATION', validDays: 365 } }, tokens.itOfficer)).data?.issueSigningCertificate.userErrors).toEqual([]);
  const [row] = await sql<{ sealed_key: string }>('select sealed_key from signing_certificate where serial = ?', [leaderCertificate.serial]);
  const at = new Date();
  validPdf = await signWithServerKey(
    await pdfWith('Cong van den'),
    { signerName: 'Lãnh đạo', reason: 'Ký', signingTime: at, appearance: { page: 0, x: 300, y: 700, width: 220, height: 50, lines: ['Lanh dao', vietnamIso(at)] } },
    { certificatePem: leaderCertificate.certificatePem, privateKeyPem: keyProtectorFromEnvironment().open(row!.sealed_key), chainPems: [authorityPem] },
  );
  tamperedPdf = Buffer.from(validPdf);
  const flipped = tamperedPdf.indexOf('/MediaBox') + 3;
  tamperedPdf[flipped] = tamperedPdf[flipped]! ^ 1;
  unsignedPdf = await pdfWith('Khong ky');
});
afterAll(() => app?.close());

describe('incoming files are verified when they come in', () => {
  let flaggedId: string;

  it('registering checks every file: valid, tampered, unsigned, not a PDF; the tampered one flags the document and tells the registering clerk', async () => {
    const files = [await upload(validPdf, 'hop-le.pdf'), await upload(tamperedPdf, 'bi-sua.pdf'), await upload(unsignedPdf, 'khong-ky.pdf'), await upload(Buffer.from('van ban thuong'), 'ghi-chu.txt')];
    const registered = await app.gql(REGISTER, { input: incoming(files.map((file) => file.id)) }, tokens.clerk);
    expect(registered.data?.registerIncomingDocument.userErrors).toEqual([]);
    flaggedId = registered.data!.registerIncomingDocument.document.id;
    const read = await app.gql(CHECKS, { id: flaggedId }, tokens.clerk);
    expect(read.errors).toBeUndefined();
    expect(read.data!.document.signatureAlert).toBe(true);
    const checks = read.data!.document.files.map((file: any) => [file.file.fileName, file.signatureCheck.status]);
    expect(checks).toEqual([
      ['hop-le.pdf', 'VALID'],
      ['bi-sua.pdf', 'INVALID'],
      ['khong-ky.pdf', 'UNSIGNED'],
      ['ghi-chu.txt', 'NOT_PDF'],
    ]);
    expect(read.data!.document.files[0].signatureCheck.signatures).toEqual([expect.objectContaining({ status: 'VALID', integrity: 'INTACT', chain: 'TRUSTED', revocation: 'GOOD', signedAt: expect.any(String) })]);
    expect(read.data!.document.files[1].signatureCheck.signatures[0]).toMatchObject({ status: 'INVALID', integrity: 'ALTERED' });
    const notices = await sql<{ audience_ids: string[]; text: string }>("select audience_ids, text from notice where kind = 'SIGNATURE_INVALID' and document_id = ?", [uuidOf(flaggedId)]);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.audience_ids).toEqual([uuidOf(await accountGlobalId(DEMO.clerk))]);
    expect(notices[0]!.text).toContain('bi-sua.pdf');
    expect(notices[0]!.text).not.toContain('hop-le.pdf');
    expect(invalidHeard.filter((change) => change.documentId === uuidOf(flaggedId))).toEqual([
      { organisationId, documentId: uuidOf(flaggedId), sourceDocumentId: null, files: [{ fileName: 'bi-sua.pdf', explanations: [expect.stringContaining('thay đổi')] }] },
    ]);
  });

  it('a document whose files are all valid is not flagged, and no one is told', async () => {
    const file = await upload(validPdf, 'chi-hop-le.pdf');
    const noticesBefore = await count('notice', "kind = 'SIGNATURE_INVALID'");
    const id = (await app.gql(REGISTER, { input: incoming([file.id]) }, tokens.clerk)).data!.registerIncomingDocument.document.id;
    const read = await app.gql(CHECKS, { id }, tokens.clerk);
    expect(read.data!.document).toMatchObject({ signatureAlert: false, files: [{ signatureCheck: { status: 'VALID' } }] });
    expect(await count('notice', "kind = 'SIGNATURE_INVALID'")).toBe(noticesBefore);
  });

  it('a file added later is checked too', async () => {
    const id = (await app.gql(REGISTER, { input: incoming([]) }, tokens.clerk)).data!.registerIncomingDocument.document.id;
    expect((await app.gql(CHECKS, { id }, tokens.clerk)).data!.document.signatureAlert).toBe(false);
    const file = await upload(tamperedPdf, 'bo-sung.pdf');
    const added = await app.gql('mutation ($input: AddDocumentFileInput!) { addDocumentFile(input: $input) { userErrors { code } } }', { input: { documentId: id, fileId: file.id } }, tokens.clerk);
    expect(added.data?.addDocumentFile.userErrors).toEqual([]);
    const read = await app.gql(CHECKS, { id }, tokens.clerk);
    expect(read.data!.document).toMatchObject({ signatureAlert: true, files: [{ file: { fileName: 'bo-sung.pdf' }, signatureCheck: { status: 'INVALID' } }] });
    // The same file again, as a new version of that attachment: accepted, its first check kept.
    const again = await app.gql('mutation ($input: AddDocumentFileInput!) { addDocumentFile(input: $input) { userErrors { code } } }', { input: { documentId: id, fileId: file.id, attachmentNo: 1 } }, tokens.clerk);
    expect(again.data?.addDocumentFile.userErrors).toEqual([]);
    expect(await count('file_signature_check', `document_id = '${uuidOf(id)}'`)).toBe(1);
  });

  it('a copy that arrives by itself (another agency) is checked, and every clerk of the organisation is told', async () => {
    const file = await upload(tamperedPdf, 'ban-sao.pdf');
    const clerkId = uuidOf(await accountGlobalId(DEMO.clerk));
    const copy = await forkForOrganisation(app.db.orm, organisationId).transactional((em) =>
      receiveCopy(em, {
        organisationId,
        kind: 'CONG_VAN',
        number: '77',
        notation: 'UBND-VP',
        issuingOrgan: 'UBND tỉnh Khác',
        signerPosition: null,
        signerName: null,
        issuedOn: vietnamDate(new Date()),
        subject: 'Bản sao điện tử',
        pageCount: 1,
        confidentiality: 'NONE',
        urgency: 'NORMAL',
        channel: 'ELECTRONIC',
        files: [{ attachmentNo: 1, sha256: file.sha256, size: tamperedPdf.length, mediaType: 'application/pdf', fileName: 'ban-sao.pdf', uploadedById: clerkId }],
        details: { from: 'test' },
      }),
    );
    const [check] = await sql<{ status: string }>('select status from file_signature_check where document_id = ?', [copy.id]);
    expect(check!.status).toBe('INVALID');
    const [notice] = await sql<{ audience_ids: string[] }>("select audience_ids from notice where kind = 'SIGNATURE_INVALID' and document_id = ?", [copy.id]);
    const clerks = await sql<{ id: string }>("select id from account where organisation_id = ? and 'CLERK' = any(roles) and status = 'ACTIVE'", [organisationId]);
    expect([...notice!.audience_ids].sort()).toEqual(clerks.map((row) => row.id).sort());
    expect(invalidHeard.some((change) => change.documentId === copy.id)).toBe(true);
  });

  it('a copy sent by another agency of the deployment tells its sender, in the delivery status, that a signature is invalid', async () => {
    const [other] = await sql<{ organisation_id: string }>('select organisation_id from account where username = ?', ['maipt.khac']);
    const copyOf = (into: string, sourceDocumentId: string | null, files: Parameters<typeof receiveCopy>[1]['files']) =>
      forkForOrganisation(app.db.orm, into).transactional((em) =>
        receiveCopy(em, {
          organisationId: into,
          kind: 'CONG_VAN',
          number: '78',
          notation: 'UBND-KH',
          issuingOrgan: 'UBND tỉnh Khác',
          signerPosition: null,
          signerName: null,
          issuedOn: vietnamDate(new Date()),
          subject: 'Gửi qua hệ thống',
          pageCount: 1,
          confidentiality: 'NONE',
          urgency: 'NORMAL',
          channel: 'ELECTRONIC',
          sourceDocumentId,
          files,
          details: { from: 'test' },
        }),
      );
    // The sender's issued document (made directly: issuing needs the other agency's whole flow).
    const sent = await copyOf(other!.organisation_id, null, []);
    await sql("update document set direction = 'OUTGOING', status = 'ISSUED' where id = ?", [sent.id]);
    const DELIVERIES = 'query ($id: ID!) { document(id: $id) { deliveries { status problem } } }';
    const sentId = toGlobalId('Document', sent.id);

    const file = await upload(tamperedPdf, 'gui-kem.pdf');
    const clerkId = uuidOf(await accountGlobalId(DEMO.clerk));
    await copyOf(organisationId, sent.id, [{ attachmentNo: 1, sha256: file.sha256, size: tamperedPdf.length, mediaType: 'application/pdf', fileName: 'gui-kem.pdf', uploadedById: clerkId }]);
    const read = await app.gql(DELIVERIES, { id: sentId }, tokens.otherLeader);
    expect(read.data!.document.deliveries).toEqual([{ status: 'RECEIVED', problem: 'Chữ ký số không hợp lệ trên tệp "gui-kem.pdf".' }]);
  });

  it('the flag is read with the document only: another organisation, or a colleague the document was not handed to, gets NOT_FOUND', async () => {
    for (const token of [tokens.otherClerk, tokens.specialist]) {
      const read = await app.gql('query ($id: ID!) { document(id: $id) { signatureAlert files { signatureCheck { status } } } }', { id: flaggedId }, token);
      expect([read.data?.document ?? null, read.errors?.[0]?.extensions?.code]).toEqual([null, 'NOT_FOUND']);
    }
  });

  it('the sweep job makes a check left PENDING, and deletes expired preparations only', async () => {
    const [check] = await sql<{ id: string; document_id: string; file_id: string }>("select id, document_id, file_id from file_signature_check where status = 'INVALID' limit 1");
    await sql("update file_signature_check set status = 'PENDING', reports = '[]', checked_at = null where id = ?", [check!.id]);
    const [leader] = await sql<{ id: string }>('select id from account where username = ?', [DEMO.leader]);
    for (const [id, expiresAt] of [
      ['00000000-0000-4000-8000-000000000001', new Date(Date.now() - 60_000)],
      ['00000000-0000-4000-8000-000000000002', new Date(Date.now() + 600_000)],
    ] as const) {
      await sql(
        "insert into signature_preparation (id, organisation_id, document_id, signer_id, certificate_id, source_file_id, prepared_pdf, byte_range, signed_attributes, expires_at, created_at) values (?, ?, ?, ?, ?, ?, '\\x00', '0 0 0 0', '\\x00', ?, now())",
        [id, organisationId, check!.document_id, leader!.id, uuidOf(leaderCertificate.id), check!.file_id, expiresAt],
      );
    }
    const job = signaturesModule.jobs!.find((candidate) => candidate.queue === 'signatures-sweep')!;
    // The job reads only the ORM and the store.
    const parts = { orm: app.db.orm, store: new LocalBlobStore(app.filesDir) } as unknown as ServerParts;
    expect(await job.run(parts, {})).toEqual({ preparations: 1, checked: 1 });
    expect((await sql<{ status: string }>('select status from file_signature_check where id = ?', [check!.id]))[0]!.status).toBe('INVALID');
    expect((await sql<{ id: string }>('select id from signature_preparation')).map((row) => row.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await job.run(parts, {})).toEqual({ preparations: 0, checked: 0 });
    await sql('delete from signature_preparation');
  });
});

describe('verifySignatures(fileId)', () => {
  it('answers the report of GET /signatures/files/<id> to whoever may read the file; for anyone else NOT_FOUND, exactly as for a missing file or a malformed id', async () => {
    const file = await upload(validPdf, 'kiem-tra.pdf', tokens.specialist);
    const byQuery = await verifyQuery(file.id, tokens.specialist);
    expect(byQuery.errors).toBeUndefined();
    expect(byQuery.data!.verifySignatures).toEqual({
      pdf: true,
      signatures: [expect.objectContaining({ certificateSerial: leaderCertificate.serial, status: 'VALID', integrity: 'INTACT', chain: 'TRUSTED', revocation: 'GOOD', coversWholeDocument: true })],
    });
    const byRoute = (await (await fetch(`${base}/signatures/files/${file.id}`, { headers: { authorization: `Bearer ${tokens.specialist}` } })).json()) as { pdf: boolean; signatures: Record<string, unknown>[] };
    const asked = Object.keys(byQuery.data!.verifySignatures.signatures[0]);
    expect(byRoute.signatures.map((report) => Object.fromEntries(asked.map((key) => [key, report[key]])))).toEqual(byQuery.data!.verifySignatures.signatures);
    const missing = await verifyQuery(Buffer.from('StoredFile:00000000-0000-4000-8000-0000000000ff').toString('base64url'), tokens.specialist);
    expect([missing.data, missing.errors?.map((error: any) => error.extensions.code)]).toEqual([null, ['NOT_FOUND']]);
    // Another organisation, and a colleague who may not download the specialist's own upload: the same answer.
    expect(await verifyQuery(file.id, tokens.otherClerk)).toEqual(missing);
    expect(await verifyQuery(file.id, tokens.clerk)).toEqual(missing);
    expect(await verifyQuery('not-an-id', tokens.specialist)).toEqual(missing);
    expect((await verifyQuery(file.id, '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a file of an incoming document serves anyone who may read that document; a file that is not a PDF answers pdf: false', async () => {
    const note = await upload(Buffer.from('ghi chu'), 'ghi-chu-2.txt');
    const pdf = await upload(tamperedPdf, 'den.pdf');
    const id = (await app.gql(REGISTER, { input: { ...incoming([pdf.id, note.id]), handedToAccountIds: [await accountGlobalId(DEMO.specialist)] } }, tokens.clerk)).data!.registerIncomingDocument.document.id;
    expect(id).toBeTruthy();
    expect((await verifyQuery(pdf.id, tokens.specialist)).data!.verifySignatures.signatures[0]).toMatchObject({ status: 'INVALID', integrity: 'ALTERED' });
    expect((await verifyQuery(note.id, tokens.clerk)).data!.verifySignatures).toEqual({ pdf: false, signatures: [] });
  });
});

describe('setSignedIssueRequired', () => {
  const SET = 'mutation ($input: SetSignedIssueRequiredInput!) { setSignedIssueRequired(input: $input) { requireSignedIssue userErrors { code message } } }';
  const audits = () => count('audit_entry', "action = 'signatures.signed_issue_required_set'");

  it('only leaders and IT officers set it; each change is audited; an organisation without a CA is refused, nothing written', async () => {
    expect((await app.gql(SET, { input: { required: false } }, tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(SET, { input: { required: false } }, tokens.clerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const before = await audits();
    expect((await app.gql(SET, { input: { required: false } }, tokens.leader)).data?.setSignedIssueRequired).toEqual({ requireSignedIssue: false, userErrors: [] });
    expect((await app.gql('{ signingAuthority { requireSignedIssue } }', {}, tokens.itOfficer)).data?.signingAuthority).toEqual({ requireSignedIssue: false });
    expect(await audits()).toBe(before + 1);
    const other = await app.gql(SET, { input: { required: false } }, tokens.otherLeader);
    expect(other.data?.setSignedIssueRequired).toMatchObject({ requireSignedIssue: null, userErrors: [{ code: 'INVALID_STATE' }] });
    expect(await audits()).toBe(before + 1);
  });

  it('while off, an approved document is issued without the leader’s signature; back on, it is refused again', async () => {
    const step = async (name: string, input: Record<string, unknown>, token: string) => {
      const type = name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
      return (await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { document { id status } userErrors { code } } }`, { input }, token)).data?.[name];
    };
    const approved = async (subject: string) => {
      const file = await upload(unsignedPdf, 'du-thao.pdf', tokens.specialist);
      const id = (await step('createOutgoingDraft', { kind: 'CONG_VAN', subject, fileIds: [file.id] }, tokens.specialist)).document.id;
      await step('submitOutgoingDocument', { id }, tokens.specialist);
      await step('forwardOutgoingDocument', { id }, tokens.unitHead);
      expect((await step('approveOutgoingDocument', { id }, tokens.leader)).document.status).toBe('APPROVED');
      return id as string;
    };
    const off = await approved('Không cần ký');
    expect((await step('issueOutgoingDocument', { id: off }, tokens.clerk)).userErrors).toEqual([]);
    expect((await app.gql('mutation ($input: SetSignedIssueRequiredInput!) { setSignedIssueRequired(input: $input) { requireSignedIssue } }', { input: { required: true } }, tokens.itOfficer)).data?.setSignedIssueRequired.requireSignedIssue).toBe(true);
    const on = await approved('Cần ký');
    expect((await step('issueOutgoingDocument', { id: on }, tokens.clerk)).userErrors).toEqual([{ code: 'NOT_ALLOWED' }]);
  });
});

describe('signing refusals the issue lists, each writing nothing', () => {
  const signAs = async (token: string, documentId: string) =>
    (await (await fetch(`${base}/signatures/sign`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ documentId, page: 1, x: 330, y: 90, width: 220, height: 50 }) })).json()) as {
      signature: unknown;
      userErrors: { field: string[] | null; code: string; message: string }[];
    };
  const step = async (name: string, input: Record<string, unknown>, token: string) => {
    const type = name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
    return (await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { document { id status } userErrors { code } } }`, { input }, token)).data?.[name];
  };
  const approve = async (draft: Record<string, unknown>) => {
    const id = (await step('createOutgoingDraft', draft, tokens.specialist)).document.id as string;
    await step('submitOutgoingDocument', { id }, tokens.specialist);
    await step('forwardOutgoingDocument', { id }, tokens.unitHead);
    expect((await step('approveOutgoingDocument', { id }, tokens.leader)).document.status).toBe('APPROVED');
    return id;
  };

  it('a classified document’s file (it has none), a main file that is not a PDF, an expired certificate', async () => {
    const signatures = await count('document_signature');
    const classified = await approve({ kind: 'BAO_CAO', subject: 'Báo cáo mật', confidentiality: 'MAT' });
    expect((await signAs(tokens.leader, classified)).userErrors).toEqual([{ field: ['input', 'documentId'], code: 'INVALID', message: expect.stringContaining('Văn bản mật') }]);

    const text = await upload(Buffer.from('khong phai pdf'), 'du-thao.txt', tokens.specialist);
    const notPdf = await approve({ kind: 'CONG_VAN', subject: 'Tệp chính không phải PDF', fileIds: [text.id] });
    expect((await signAs(tokens.leader, notPdf)).userErrors).toEqual([expect.objectContaining({ code: 'INVALID', message: expect.stringContaining('không phải PDF') })]);

    const pdf = await upload(unsignedPdf, 'du-thao.pdf', tokens.specialist);
    const later = await approve({ kind: 'CONG_VAN', subject: 'Chứng thư hết hạn', fileIds: [pdf.id] });
    await sql("update signing_certificate set not_before = now() - interval '2 days', not_after = now() - interval '1 day' where kind = 'SIGNER'");
    try {
      expect((await signAs(tokens.leader, later)).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringContaining('hết hiệu lực') })]);
    } finally {
      await sql("update signing_certificate set not_before = now() - interval '1 day', not_after = now() + interval '300 days' where kind = 'SIGNER'");
    }
    expect(await count('document_signature')).toBe(signatures);
    expect(await count('audit_entry', "action = 'signatures.document_signed'")).toBe(0);
  });
});

describe('Document.signatures in a list', () => {
  const schema = buildSchema();
  const silent = pino({ level: 'silent' });
  const LIST = '{ documents(first: 50, filter: { direction: INCOMING }) { nodes { id signatures { status } signatureAlert } } }';

  async function run(token: string) {
    const authentication = await authenticate(app.db.orm.em.fork(), token);
    const contextValue = createContext(app.db.orm, 'signatures-statements', silent, authentication.viewer, null);
    const { result, statements } = await countStatements(() => Promise.resolve(execute({ schema, document: parse(LIST), contextValue })));
    expect(result.errors).toBeUndefined();
    return { nodes: (result.data as any).documents.nodes as { id: string; signatures: { status: string }[]; signatureAlert: boolean }[], statements };
  }

  it('reads the signatures and flags of a page of documents in the same number of statements for 3 signed documents as for 12', async () => {
    // Signed PDFs on incoming documents: the loader reads them by document, whatever the direction.
    const signOnto = async (documentIds: string[]) => {
      for (const id of documentIds) {
        await sql(
          `insert into document_signature (id, organisation_id, document_id, role, source_file_id, certificate_id, signer_id, signed_at, pdf, sha256)
           select gen_random_uuid(), ?, ?, 'LEADER', (select id from stored_file where organisation_id = ? limit 1), ?, (select id from account where username = ?), now(), ?, 'x'`,
          [organisationId, id, organisationId, uuidOf(leaderCertificate.id), DEMO.leader, validPdf],
        );
      }
    };
    const ids = async () => (await sql<{ id: string }>("select id from document where organisation_id = ? and direction = 'INCOMING' and confidentiality = 'NONE' order by created_at", [organisationId])).map((row) => row.id);
    const all = await ids();
    while (all.length < 12) {
      await app.gql(REGISTER, { input: incoming([]) }, tokens.clerk);
      all.push(...(await ids()).filter((id) => !all.includes(id)));
    }
    await sql('delete from document_signature');
    await signOnto(all.slice(0, 3));
    const few = await run(tokens.clerk);
    expect(few.nodes.filter((node) => node.signatures?.length === 1)).toHaveLength(3);
    await signOnto(all.slice(3, 12));
    const many = await run(tokens.clerk);
    const signed = many.nodes.filter((node) => node.signatures?.length === 1);
    expect(signed).toHaveLength(12);
    expect(signed.every((node) => node.signatures[0]!.status === 'VALID')).toBe(true);
    expect(many.statements.length).toBe(few.statements.length);
    expect(many.statements.filter((statement) => /from "document_signature"/.test(statement))).toHaveLength(1);
    expect(many.statements.filter((statement) => /from "file_signature_check"/.test(statement))).toHaveLength(1);
  });
});
