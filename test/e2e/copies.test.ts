import { randomUUID } from 'node:crypto';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * Issue 21 §3-4 over HTTP: copies (sao y, trích sao, sao lục) in their own yearly series, seen
 * under their original's rules; circulation marks shown and exported; an internal-only document
 * refused for sending outside, a publication-restricted one refused for electronic sending and
 * delivered on paper instead. Refusals write nothing (table counts).
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
const today = vietnamDate(new Date());
const year = Number(today.slice(0, 4));
let otherOrganisation: string;

const sql = <T = Record<string, any>>(query: string, params: unknown[] = []) => app.db.orm.em.fork().execute<T[]>(query, params as never[]);
const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
const counts = async () => ({
  copies: await count('document_copy'),
  counters: await sql('select * from document_copy_counter order by series'),
  documents: await count('document'),
  deliveries: await count('document_paper_delivery'),
  messages: await count('interconnection_message'),
  audit: await count('audit_entry'),
});

const download = (path: string, token: string) => fetch(`${app.url.replace('/graphql', '')}${path}`, { headers: { authorization: `Bearer ${token}` } });
const COPY_FIELDS = 'id pdfUrl form formMark numberNotation number year copiedOn confidentiality circulationMark part formBlock viewerCanReadContent original { id } madeBy { username }';
const MAKE = `mutation ($input: MakeDocumentCopyInput!) { makeDocumentCopy(input: $input) { copy { ${COPY_FIELDS} } userErrors { field code message } } }`;
const make = (token: string, input: Record<string, unknown>) => app.gql(MAKE, { input }, token);
async function copyOf(token: string, input: Record<string, unknown>) {
  const response = await make(token, input);
  expect(response.errors).toBeUndefined();
  expect(response.data!.makeDocumentCopy.userErrors).toEqual([]);
  return response.data!.makeDocumentCopy.copy;
}

const STEP_INPUT = (name: string) => (name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput');
/** An outgoing document drafted by the specialist and approved by the leader, waiting for the clerk. */
async function approved(input: Record<string, unknown>): Promise<string> {
  const step = (name: string, role: string, stepInput: Record<string, unknown>) => ok(app, tokens[role]!, name, STEP_INPUT(name), stepInput, 'document { id }');
  const draft = (await step('createOutgoingDraft', 'specialist', { kind: 'CONG_VAN', ...input })).document;
  await step('submitOutgoingDocument', 'specialist', { id: draft.id });
  await step('forwardOutgoingDocument', 'unitHead', { id: draft.id });
  await step('approveOutgoingDocument', 'leader', { id: draft.id });
  return draft.id;
}
const ISSUE = 'mutation ($input: OutgoingStepInput!) { issueOutgoingDocument(input: $input) { document { id status numberNotation } userErrors { field code message } } }';

beforeAll(async () => {
  app = await startSignedIn(signedIn, { otherOrganisation: true });
  const directory = (await app.gql('{ organisationDirectory { id name } }', {}, tokens.clerk)).data!.organisationDirectory;
  otherOrganisation = directory.find((entry: { name: string }) => entry.name.includes('(khac)')).id;
});
afterAll(() => app?.close());

describe('a true copy, an extract and a re-issue, each in its own series', () => {
  let originalId: string;

  beforeAll(async () => {
    originalId = (await registerIncoming(app, tokens.clerk!, { subject: 'Kế hoạch kiểm tra an toàn thực phẩm', handedToAccountIds: [ids.specialist] })).id;
  });

  it('two true copies get 01 and 02 of the SY series, with the form mark and the original both ways', async () => {
    const first = await copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_Y', signerPosition: 'TL. GIÁM ĐỐC', signerName: 'Trần Văn Bình', recipients: 'Phòng Quản lý thương mại' });
    const second = await copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_Y' });
    expect(first).toMatchObject({ form: 'SAO_Y', formMark: 'SAO Y', numberNotation: '01/SY-SCT', number: '01', year, copiedOn: today, confidentiality: 'NONE', original: { id: originalId }, madeBy: { username: 'maipt.sct' } });
    expect(second.numberNotation).toBe('02/SY-SCT');
    expect(first.formBlock.split('\n')).toEqual(expect.arrayContaining(['SAO Y', 'Số: 01/SY-SCT', 'TL. GIÁM ĐỐC', 'Trần Văn Bình']));
    // Printed, with the form's mark and the copy's number in its metadata.
    const pdf = await download(first.pdfUrl, tokens.clerk!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const printedCopy = await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer()));
    expect((await getMeta(printedCopy)).info).toMatchObject({ Title: 'SAO Y 01/SY-SCT', Subject: '01/SY-SCT' });
    const text = ((await extractText(printedCopy, { mergePages: true })).text as string).replace(/\s+/g, ' ');
    for (const expected of ['SAO Y', 'Số: 01/SY-SCT', 'TL. GIÁM ĐỐC', 'Trần Văn Bình', 'Kế hoạch kiểm tra an toàn thực phẩm', 'Phòng Quản lý thương mại']) expect(text).toContain(expected);
    const document = await app.gql('query ($id: ID!) { document(id: $id) { copies { id numberNotation } } }', { id: originalId }, tokens.specialist);
    expect(document.data!.document.copies).toEqual([
      { id: first.id, numberNotation: '01/SY-SCT' },
      { id: second.id, numberNotation: '02/SY-SCT' },
    ]);
  });

  it('concurrent copies take consecutive numbers: no gap, no repeat', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_Y' })));
    const numbers = made.map((copy) => Number(copy.number)).sort((a, b) => a - b);
    expect(numbers).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const stored = await sql<{ number: number }>(`select number from document_copy where form = 'SAO_Y' order by number`);
    expect(stored.map((row) => row.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('an extract names its part and has a series of its own; a re-issue too', async () => {
    const extract = await copyOf(tokens.clerk!, { documentId: originalId, form: 'TRICH_SAO', part: 'Mục II, điểm 3' });
    expect(extract).toMatchObject({ formMark: 'TRÍCH SAO', numberNotation: '01/TrS-SCT', part: 'Mục II, điểm 3' });
    const reissue = await copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_LUC' });
    expect(reissue).toMatchObject({ formMark: 'SAO LỤC', numberNotation: '01/SL-SCT', part: null });
  });

  it('a retried copy with the same idempotency key answers the first copy and takes no number', async () => {
    const key = randomUUID();
    const first = await copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_LUC', idempotencyKey: key });
    const retried = await copyOf(tokens.clerk!, { documentId: originalId, form: 'SAO_LUC', idempotencyKey: key });
    expect(retried).toEqual(first);
    expect(first.numberNotation).toBe('02/SL-SCT');
    expect(await sql(`select last_number from document_copy_counter where series = 'SL'`)).toEqual([{ last_number: 2 }]);
  });

  it('an extract without its part, or a part on a true copy, is refused and writes nothing', async () => {
    const before = await counts();
    const missing = await make(tokens.clerk!, { documentId: originalId, form: 'TRICH_SAO' });
    expect(missing.data!.makeDocumentCopy).toEqual({ copy: null, userErrors: [{ field: ['input', 'part'], code: 'REQUIRED', message: expect.any(String) }] });
    const extra = await make(tokens.clerk!, { documentId: originalId, form: 'SAO_Y', part: 'Điều 1' });
    expect(extra.data!.makeDocumentCopy.userErrors[0]).toMatchObject({ field: ['input', 'part'], code: 'INVALID' });
    expect(await counts()).toEqual(before);
  });

  it('a document not yet registered or issued cannot be copied', async () => {
    const draft = (await ok(app, tokens.specialist!, 'createOutgoingDraft', 'CreateOutgoingDraftInput', { kind: 'CONG_VAN', subject: 'Dự thảo' }, 'document { id }')).document;
    const before = await counts();
    // The clerk does not see a draft: it is not found, as one that does not exist.
    const refused = await make(tokens.clerk!, { documentId: draft.id, form: 'SAO_Y' });
    expect(refused.data!.makeDocumentCopy.userErrors[0]).toMatchObject({ field: ['input', 'documentId'], code: 'NOT_FOUND' });
    expect(await counts()).toEqual(before);
  });
});

describe("a copy obeys its original's rules", () => {
  let secretId: string;
  let secretCopy: { id: string; numberNotation: string };
  const SUBJECT = 'Phương án bảo vệ mục tiêu trọng yếu';

  beforeAll(async () => {
    secretId = (await registerIncoming(app, tokens.confidentialClerk!, { subject: SUBJECT, confidentiality: 'MAT', handedToAccountIds: [ids.specialist] })).id;
  });

  it('an ordinary clerk cannot copy a classified document: not found when he may not see it, not allowed when he may', async () => {
    const before = await counts();
    const unseen = await make(tokens.clerk!, { documentId: secretId, form: 'SAO_Y' });
    const missing = await make(tokens.clerk!, { documentId: toGlobalId('Document', randomUUID()), form: 'SAO_Y' });
    expect(unseen.data!.makeDocumentCopy.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'NOT_FOUND', message: 'Văn bản không tồn tại.' }]);
    expect(unseen.data).toEqual(missing.data);
    // The specialist, its handler, made a clerk: she sees it, but only the confidential clerk copies it.
    await ok(app, tokens.itOfficer!, 'setAccountRoles', 'SetAccountRolesInput', { id: ids.specialist, roles: ['SPECIALIST', 'CLERK'] }, 'account { id }');
    const handler = await app.login('hantt.sct');
    const seen = await make(handler, { documentId: secretId, form: 'SAO_Y' });
    expect(seen.data!.makeDocumentCopy.userErrors).toEqual([{ field: null, code: 'NOT_ALLOWED', message: 'Chỉ văn thư giữ sổ văn bản mật được sao văn bản mật.' }]);
    await ok(app, tokens.itOfficer!, 'setAccountRoles', 'SetAccountRolesInput', { id: ids.specialist, roles: ['SPECIALIST'] }, 'account { id }');
    const after = await counts();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
  });

  it('the confidential clerk copies it: classified too, in the classified series, its content sealed from him', async () => {
    const response = await app.gql(`mutation ($input: MakeDocumentCopyInput!) { makeDocumentCopy(input: $input) { copy { id numberNotation confidentiality viewerCanReadContent } userErrors { code } } }`, { input: { documentId: secretId, form: 'SAO_Y' } }, tokens.confidentialClerk);
    secretCopy = response.data!.makeDocumentCopy.copy;
    expect(secretCopy).toMatchObject({ numberNotation: '01/SY-SCT', confidentiality: 'MAT', viewerCanReadContent: false });
    expect(await sql(`select series, last_number from document_copy_counter where series like 'SY%' order by series`)).toEqual([
      { series: 'SY', last_number: 10 },
      { series: 'SY-MAT', last_number: 1 },
    ]);
    const sealed = await app.gql('query ($id: ID!) { node(id: $id) { ... on DocumentCopy { numberNotation formBlock } } }', { id: secretCopy.id }, tokens.confidentialClerk);
    expect(sealed.data!.node).toEqual({ numberNotation: '01/SY-SCT', formBlock: null });
    expect(sealed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Its handler reads it, and the read is in the original's access history.
    const read = await app.gql('query ($id: ID!) { node(id: $id) { ... on DocumentCopy { formBlock original { subject } } } }', { id: secretCopy.id }, tokens.specialist);
    expect(read.errors).toBeUndefined();
    expect(read.data!.node.formBlock).toContain('Số: 01/SY-SCT');
    expect(read.data!.node.original.subject).toBe(SUBJECT);
    // Printed: the handler may, the confidential clerk may not read it, the IT officer does not see it.
    const pdfUrl = `/document-copies/${secretCopy.id}.pdf`;
    expect((await download(pdfUrl, tokens.specialist!)).status).toBe(200);
    expect((await download(pdfUrl, tokens.confidentialClerk!)).status).toBe(403);
    const unseen = await download(pdfUrl, tokens.itOfficer!);
    const missing = await download(`/document-copies/${toGlobalId('DocumentCopy', randomUUID())}.pdf`, tokens.itOfficer!);
    expect(unseen.status).toBe(404);
    expect(await unseen.text()).toBe(await missing.text());
  });

  it('whoever may not see the original sees nothing of the copy: by id, in the list, the search and the count', async () => {
    const NODE = 'query ($id: ID!) { node(id: $id) { id ... on DocumentCopy { numberNotation } } }';
    const LIST = 'query ($filter: DocumentCopyFilter) { documentCopies(first: 50, filter: $filter) { totalCount nodes { id numberNotation } } }';
    // The ordinary clerk sees the ordinary copies, not the classified one; the IT officer none.
    for (const token of [tokens.clerk!, tokens.itOfficer!, tokens.otherSpecialist!]) {
      const byId = await app.gql(NODE, { id: secretCopy.id }, token);
      const missing = await app.gql(NODE, { id: toGlobalId('DocumentCopy', randomUUID()) }, token);
      expect(byId.data).toEqual({ node: null });
      expect(byId.errors).toEqual(missing.errors);
      const all = (await app.gql(LIST, {}, token)).data!.documentCopies;
      expect(all.nodes.map((node: { id: string }) => node.id)).not.toContain(secretCopy.id);
      expect(all.totalCount).toBe(all.nodes.length);
      for (const search of ['01/SY', 'bảo vệ mục tiêu']) {
        const found = (await app.gql(LIST, { filter: { search } }, token)).data!.documentCopies;
        expect(found.nodes.map((node: { id: string }) => node.id), search).not.toContain(secretCopy.id);
      }
      const ofSecret = (await app.gql(LIST, { filter: { documentId: secretId } }, token)).data!.documentCopies;
      expect(ofSecret).toEqual({ totalCount: 0, nodes: [] });
    }
    expect((await app.gql(LIST, {}, tokens.clerk)).data!.documentCopies.totalCount).toBe(13);
    expect((await app.gql(LIST, {}, tokens.itOfficer)).data!.documentCopies.totalCount).toBe(0);
    // Positive controls: the handler and the confidential clerk find it, by number and by words.
    for (const token of [tokens.specialist!, tokens.confidentialClerk!]) {
      const found = (await app.gql(LIST, { filter: { documentId: secretId, search: '01/SY' } }, token)).data!.documentCopies;
      expect(found).toEqual({ totalCount: 1, nodes: [{ id: secretCopy.id, numberNotation: '01/SY-SCT' }] });
    }
    const byWords = (await app.gql(LIST, { filter: { search: 'bao ve muc tieu' } }, tokens.specialist)).data!.documentCopies;
    expect(byWords.nodes.map((node: { id: string }) => node.id)).toEqual([secretCopy.id]);
    // The confidential clerk may not read the subject: its words do not find it for him.
    const sealedWords = (await app.gql(LIST, { filter: { search: 'bao ve muc tieu' } }, tokens.confidentialClerk)).data!.documentCopies;
    expect(sealedWords.totalCount).toBe(0);
  });
});

describe('circulation marks', () => {
  it('an internal-only document carries its mark and is refused for sending outside, writing nothing', async () => {
    const id = await approved({ subject: 'Quy chế chi tiêu nội bộ', circulationMark: 'INTERNAL_ONLY' });
    const before = await counts();
    const refused = await app.gql(ISSUE, { input: { id, sendToOrganisationIds: [otherOrganisation] } }, tokens.clerk);
    expect(refused.data!.issueOutgoingDocument).toEqual({
      document: null,
      userErrors: [{ field: ['input', 'sendToOrganisationIds'], code: 'INTERNAL_ONLY', message: 'Văn bản LƯU HÀNH NỘI BỘ không được gửi ra ngoài cơ quan.' }],
    });
    expect(await counts()).toEqual(before);
    expect(await sql('select status, register_number from document where id = ?', [fromGlobalId(id)!.id])).toEqual([{ status: 'APPROVED', register_number: null }]);
    // Issued inside the organisation, it is; then the interconnection refuses it too.
    const issued = await app.gql(ISSUE, { input: { id } }, tokens.clerk);
    expect(issued.data!.issueOutgoingDocument.userErrors).toEqual([]);
    const external = await app.gql('mutation ($input: SendToExternalOrgansInput!) { sendToExternalOrgans(input: $input) { userErrors { field code } } }', { input: { documentId: id, organIds: ['000.00.00.G01'] } }, tokens.clerk);
    expect(external.data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'INTERNAL_ONLY' }]);
    const shown = await app.gql('query ($id: ID!) { document(id: $id) { circulationMark circulationMarkLabel numberNotation } }', { id }, tokens.specialist);
    expect(shown.data!.document).toMatchObject({ circulationMark: 'INTERNAL_ONLY', circulationMarkLabel: 'LƯU HÀNH NỘI BỘ' });
    // The work file's export carries the mark.
    const workFileId = (await ok(app, tokens.specialist!, 'openWorkFile', 'OpenWorkFileInput', { code: 'HS.NB', title: 'Hồ sơ nội bộ', retention: { years: 5 } }, 'workFile { id }')).workFile.id;
    await ok(app, tokens.specialist!, 'linkDocumentToWorkFile', 'WorkFileDocumentInput', { workFileId, documentId: id });
    const xml = await fetch(`${app.url.replace('/graphql', '')}/work-files/${workFileId}.xml`, { headers: { authorization: `Bearer ${tokens.specialist}` } });
    expect(xml.status).toBe(200);
    expect(await xml.text()).toContain('LƯU HÀNH NỘI BỘ');
  });

  it('an incoming document marked XEM XONG TRẢ LẠI shows it in GraphQL, the register book and its CSV, and on its copies', async () => {
    const { id } = await registerIncoming(app, tokens.clerk!, { subject: 'Tài liệu hội nghị', circulationMark: 'RETURN_AFTER_READING', handedToAccountIds: [ids.specialist] });
    const copy = await copyOf(tokens.clerk!, { documentId: id, form: 'SAO_Y' });
    expect(copy.circulationMark).toBe('RETURN_AFTER_READING');
    const registers = (await app.gql('{ registers { id code } }', {}, tokens.clerk)).data!.registers;
    const den = registers.find((register: { code: string }) => register.code === 'DEN').id;
    const book = (await app.gql('query ($id: ID!, $d: LocalDate!) { registerBook(registerId: $id, from: $d, to: $d) { csvUrl pdfUrl rows { subject circulationMark notes } } }', { id: den, d: today }, tokens.clerk)).data!.registerBook;
    expect(book.rows.find((row: { subject: string }) => row.subject === 'Tài liệu hội nghị')).toMatchObject({ circulationMark: 'XEM XONG TRẢ LẠI', notes: expect.stringContaining('XEM XONG TRẢ LẠI') });
    const csv = await fetch(`${app.url.replace('/graphql', '')}${book.csvUrl}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(await csv.text()).toMatch(/Tài liệu hội nghị.*XEM XONG TRẢ LẠI/);
    const pdf = await fetch(`${app.url.replace('/graphql', '')}${book.pdfUrl}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(pdf.status).toBe(200);
  });
});

describe('a document restricted from publication (seed 003: hạn chế công bố)', () => {
  let id: string;
  const REASON = 'Nội dung đang trong quá trình đàm phán';

  beforeAll(async () => {
    id = await approved({ subject: 'Báo cáo tình hình đàm phán thương mại' });
  });

  it('only a leader restricts it, with a reason', async () => {
    const RESTRICT = 'mutation ($input: RestrictDocumentPublicationInput!) { restrictDocumentPublication(input: $input) { document { publicationRestricted publicationRestrictionReason publicationRestrictedBy { username } } userErrors { field code } } }';
    const blank = await app.gql(RESTRICT, { input: { id, reason: ' ' } }, tokens.leader);
    expect(blank.data!.restrictDocumentPublication.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    const byClerk = await app.gql(RESTRICT, { input: { id, reason: REASON } }, tokens.clerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const restricted = await app.gql(RESTRICT, { input: { id, reason: REASON } }, tokens.leader);
    expect(restricted.data!.restrictDocumentPublication).toEqual({ document: { publicationRestricted: true, publicationRestrictionReason: REASON, publicationRestrictedBy: { username: 'minhnv.sct' } }, userErrors: [] });
  });

  it('its electronic sending is refused with the reason, and nothing is written', async () => {
    const before = await counts();
    const refused = await app.gql(ISSUE, { input: { id, sendToOrganisationIds: [otherOrganisation] } }, tokens.clerk);
    expect(refused.data!.issueOutgoingDocument.document).toBeNull();
    expect(refused.data!.issueOutgoingDocument.userErrors).toEqual([{ field: ['input', 'sendToOrganisationIds'], code: 'PUBLICATION_RESTRICTED', message: expect.stringContaining(REASON) }]);
    expect(await counts()).toEqual(before);
    expect(await sql("select count(*)::int as n from register_counter rc join register r on r.id = rc.register_id where r.code = 'DI'")).toEqual([{ n: 1 }]);
  });

  it('issued without electronic sending, it is delivered on paper, recorded with who and when; the interconnection refuses it', async () => {
    expect((await app.gql(ISSUE, { input: { id } }, tokens.clerk)).data!.issueOutgoingDocument.userErrors).toEqual([]);
    const external = await app.gql('mutation ($input: SendToExternalOrgansInput!) { sendToExternalOrgans(input: $input) { userErrors { field code message } } }', { input: { documentId: id, organIds: ['000.00.00.G01'] } }, tokens.clerk);
    expect(external.data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'PUBLICATION_RESTRICTED', message: expect.stringContaining(REASON) }]);
    const deliveredAt = new Date().toISOString();
    const DELIVER = 'mutation ($input: RecordPaperDeliveryInput!) { recordPaperDelivery(input: $input) { paperDelivery { recipient receivedBy deliveredAt deliveredBy { username } } document { paperDeliveries { recipient } } userErrors { field code } } }';
    const before = await counts();
    const future = await app.gql(DELIVER, { input: { documentId: id, recipient: 'Bộ Công Thương', deliveredAt: new Date(Date.now() + 86_400_000).toISOString() } }, tokens.clerk);
    expect(future.data!.recordPaperDelivery.userErrors).toEqual([{ field: ['input', 'deliveredAt'], code: 'INVALID' }]);
    expect(await counts()).toEqual(before);
    const delivered = await app.gql(DELIVER, { input: { documentId: id, recipient: 'Bộ Công Thương', receivedBy: 'Lê Văn Thư', deliveredAt } }, tokens.clerk);
    expect(delivered.data!.recordPaperDelivery).toEqual({
      paperDelivery: { recipient: 'Bộ Công Thương', receivedBy: 'Lê Văn Thư', deliveredAt, deliveredBy: { username: 'maipt.sct' } },
      document: { paperDeliveries: [{ recipient: 'Bộ Công Thương' }] },
      userErrors: [],
    });
    // The outgoing register book notes that it goes on paper only.
    const registers = (await app.gql('{ registers { id code } }', {}, tokens.clerk)).data!.registers;
    const di = registers.find((register: { code: string }) => register.code === 'DI').id;
    const rows = (await app.gql('query ($id: ID!, $d: LocalDate!) { registerBook(registerId: $id, from: $d, to: $d) { rows { subject notes } } }', { id: di, d: today }, tokens.clerk)).data!.registerBook.rows;
    expect(rows.find((row: { subject: string }) => row.subject === 'Báo cáo tình hình đàm phán thương mại').notes).toContain('Hạn chế công bố');
  });
});
