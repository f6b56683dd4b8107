import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';

/** Uploads on their own endpoint, files on documents with versions, downloads under the document's rule. */
/** Distinct numbers, so that no registration is held as a probable duplicate of another. */
let serial = 100;
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = vietnamDate(new Date());

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) {
  registerIncomingDocument(input: $input) {
    document { id files { attachmentNo version file { id fileName sha256 size mediaType downloadUrl } } }
    userErrors { field code message }
  }
}`;

function incoming(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'CONG_VAN',
    numberNotation: `${(serial += 1)}/STC-NS`,
    issuingOrgan: 'Sở Tài chính',
    issuedOn: today,
    subject: 'Về việc lập dự toán ngân sách',
    ...overrides,
  };
}

async function download(url: string, token: string) {
  const response = await fetch(`${app.url.replace('/graphql', '')}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}

beforeAll(async () => {
  app = await startTestApp();
  await addOrganisation(app);
  for (const [role, username] of [...Object.entries(DEMO), ['otherClerk', 'maipt.khac']] as [string, string][]) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
});
afterAll(() => app?.close());

describe('uploading', () => {
  it('stores a PDF by its SHA-256 and answers with its id', async () => {
    const bytes = pdf('công văn số 1');
    const { status, body } = await app.upload(tokens.clerk!, bytes, 'cong-van.pdf');
    expect(status).toBe(201);
    expect(body).toMatchObject({ fileName: 'cong-van.pdf', mediaType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) });
    expect(body.id).toBeTruthy();
  });

  it.each([
    ['a Windows program', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...new Array(200).fill(0)]), 'bao-cao.pdf'],
    ['a Linux program', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, ...new Array(200).fill(0)]), 'scan.pdf'],
    ['a shell script named .txt', new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'), 'ghi-chu.txt'],
    ['unrecognisable bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'tep.bin'],
  ])('refuses %s by its bytes, whatever its name', async (_, bytes, name) => {
    const { status, body } = await app.upload(tokens.clerk!, bytes, name);
    expect(status).toBe(415);
    expect(body.error.code).toBe('FILE_TYPE_REFUSED');
    expect(body.error.message).toMatch(/tệp/i);
  });

  it('refuses a file over the size limit, and an upload without a token', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(pdf('lớn'));
    const tooBig = await app.upload(tokens.clerk!, big, 'lon.pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('FILE_TOO_LARGE');
    expect((await app.upload(null, pdf('x'), 'x.pdf')).status).toBe(401);
  });
});

describe('files of documents', () => {
  it('attaches uploads at registration; the handler downloads them, others get 404', async () => {
    const bytes = pdf('đính kèm');
    const uploaded = (await app.upload(tokens.clerk!, bytes, 'dinh-kem.pdf')).body;
    // Before it is attached, only its uploader may read it.
    expect((await download(uploaded.downloadUrl, tokens.clerk!)).status).toBe(200);
    expect((await download(uploaded.downloadUrl, tokens.specialist!)).status).toBe(404);

    const result = await app.gql(REGISTER, { input: incoming({ fileIds: [uploaded.id], handedToAccountIds: [ids.specialist] }) }, tokens.clerk);
    const document = result.data!.registerIncomingDocument.document;
    expect(document.files).toEqual([
      { attachmentNo: 1, version: 1, file: expect.objectContaining({ id: uploaded.id, sha256: sha256(bytes), mediaType: 'application/pdf' }) },
    ]);

    const byHandler = await download(uploaded.downloadUrl, tokens.specialist!);
    expect(byHandler.status).toBe(200);
    expect(byHandler.bytes).toEqual(bytes);
    expect(byHandler.headers.get('content-type')).toBe('application/pdf');
    expect(byHandler.headers.get('x-content-type-options')).toBe('nosniff');
    // The download follows the content rule: the clerks who keep the register (the demo's
    // confidential-register clerk is an ordinary clerk too), the leaders and the head of the
    // handler's unit read it; specialists it was not handed to, IT and another organisation get 404.
    for (const role of ['clerk', 'confidentialClerk', 'leader', 'deputy', 'unitHead']) expect((await download(uploaded.downloadUrl, tokens[role]!)).status, role).toBe(200);
    for (const role of ['informationLead', 'mailboxReader', 'oneStopDesk', 'itOfficer', 'otherClerk']) {
      expect((await download(uploaded.downloadUrl, tokens[role]!)).status, role).toBe(404);
    }
    expect((await download('/files/bm90LWEtZmlsZQ', tokens.specialist!)).status).toBe(404);
  });

  it('refuses files on a classified document and writes nothing', async () => {
    const uploaded = (await app.upload(tokens.confidentialClerk!, pdf('mật'), 'mat.pdf')).body;
    const before = await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from document');
    const result = await app.gql(
      `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { field code message } } }`,
      { input: incoming({ confidentiality: 'MAT', fileIds: [uploaded.id] }) },
      tokens.confidentialClerk,
    );
    expect(result.data?.registerIncomingDocument).toEqual({
      document: null,
      userErrors: [{ field: ['input', 'fileIds'], code: 'NOT_ACCEPTED', message: expect.stringContaining('văn bản mật') }],
    });
    const after = await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from document');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("keeps versions of an attachment, and refuses someone else's upload", async () => {
    const first = (await app.upload(tokens.clerk!, pdf('bản 1'), 'ban.pdf')).body;
    const registered = await app.gql(REGISTER, { input: incoming({ fileIds: [first.id] }) }, tokens.clerk);
    const documentId = registered.data!.registerIncomingDocument.document.id;
    const second = (await app.upload(tokens.clerk!, pdf('bản 2'), 'ban-sua.pdf')).body;
    const ADD = `mutation ($input: AddDocumentFileInput!) {
      addDocumentFile(input: $input) { documentFile { attachmentNo version versions { version file { fileName } } } userErrors { field code } }
    }`;
    const added = await app.gql(ADD, { input: { documentId, fileId: second.id, attachmentNo: 1 } }, tokens.clerk);
    expect(added.data?.addDocumentFile).toEqual({
      documentFile: {
        attachmentNo: 1,
        version: 2,
        versions: [
          { version: 1, file: { fileName: 'ban.pdf' } },
          { version: 2, file: { fileName: 'ban-sua.pdf' } },
        ],
      },
      userErrors: [],
    });
    const current = await app.gql('query ($id: ID!) { document(id: $id) { files { version file { fileName } } } }', { id: documentId }, tokens.clerk);
    expect(current.data?.document.files).toEqual([{ version: 2, file: { fileName: 'ban-sua.pdf' } }]);

    const othersUpload = (await app.upload(tokens.confidentialClerk!, pdf('khác'), 'khac.pdf')).body;
    const refused = await app.gql(ADD, { input: { documentId, fileId: othersUpload.id } }, tokens.clerk);
    expect(refused.data?.addDocumentFile.userErrors).toEqual([{ field: ['input', 'fileId'], code: 'NOT_FOUND' }]);
  });
});
