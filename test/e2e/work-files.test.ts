import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentAccessFor } from '../../src/areas/documents/document-policy.ts';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { countStatements } from '../../src/db/query-counter.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { workFileIndex } from '../../src/areas/workfiles/work-file-index.ts';
import { WorkFile } from '../../src/areas/workfiles/work-file.ts';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { forkFor } from '../../src/core/context.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';
import { QUIET_WINDOW_MS, subscribe } from '../support/wait.ts';

/**
 * Work files (hồ sơ công việc; seed 004 Art. 13, Decree 30 Appendix VI) over HTTP: opening, linking
 * documents of every kind without copying them, ordering, closing and reopening, who sees a file,
 * what each viewer sees inside it, and the PDF and XML exports with their index.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = vietnamDate(new Date());
const year = Number(today.slice(0, 4));

const FILE = `workFile {
  id code year title description language status startDate endDate viewerCanEdit viewerCanReopen documentCount pageCount pdfUrl xmlUrl
  retention { permanent years label }
  creator { username } creatorUnit { code } sharedWith { username }
  documents { ordinal document { id numberNotation } }
}`;

async function call(mutation: string, inputType: string, input: Record<string, unknown>, role = 'specialist') {
  const response = await app.gql(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${FILE} userErrors { field code message } } }`, { input }, tokens[role]);
  expect(response.errors, mutation).toBeUndefined();
  return response.data![mutation] as { workFile: any; userErrors: { field: string[] | null; code: string; message: string }[] };
}

const open = (input: Record<string, unknown>, role = 'specialist') => call('openWorkFile', 'OpenWorkFileInput', { retention: { years: 10 }, ...input }, role);
const link = (workFileId: string, documentId: string, role = 'specialist') => call('linkDocumentToWorkFile', 'WorkFileDocumentInput', { workFileId, documentId }, role);
const unlink = (workFileId: string, documentId: string, role = 'specialist') => call('unlinkDocumentFromWorkFile', 'WorkFileDocumentInput', { workFileId, documentId }, role);
const move = (workFileId: string, documentId: string, position: number) => call('moveDocumentInWorkFile', 'MoveWorkFileDocumentInput', { workFileId, documentId, position });
const close = (id: string, extra: Record<string, unknown> = {}, role = 'specialist') => call('closeWorkFile', 'CloseWorkFileInput', { id, ...extra }, role);
const reopen = (id: string, reason: string, role: string) => call('reopenWorkFile', 'ReopenWorkFileInput', { id, reason }, role);
const update = (input: Record<string, unknown>, role = 'specialist') => call('updateWorkFile', 'UpdateWorkFileInput', input, role);

async function read(id: string, role: string) {
  return app.gql(`query ($id: ID!) { workFile(id: $id) { code documentCount pageCount documents { ordinal document { id numberNotation } } } }`, { id }, tokens[role]);
}

async function incoming(input: Record<string, unknown> = {}, role = 'clerk'): Promise<string> {
  return (await registerIncoming(app, tokens[role]!, { issuingOrgan: 'Sở Nội vụ', issuedOn: today, handedToAccountIds: [ids.specialist], ...input }, 'SNV-VP')).id;
}

async function step(mutation: string, input: Record<string, unknown>, role: string): Promise<string> {
  const type = mutation === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput';
  const response = await app.gql(`mutation ($input: ${type}!) { ${mutation}(input: $input) { document { id } userErrors { code message } } }`, { input }, tokens[role]);
  expect(response.data?.[mutation].userErrors, mutation).toEqual([]);
  return response.data![mutation].document.id;
}

const draft = (subject: string, pageCount: number) => step('createOutgoingDraft', { kind: 'CONG_VAN', subject, pageCount }, 'specialist');

async function issued(subject: string, pageCount: number): Promise<string> {
  const id = await draft(subject, pageCount);
  await step('submitOutgoingDocument', { id }, 'specialist');
  await step('forwardOutgoingDocument', { id }, 'unitHead');
  await step('approveOutgoingDocument', { id }, 'leader');
  await step('issueOutgoingDocument', { id }, 'clerk');
  return id;
}

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}
const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
const rawId = (globalId: string) => fromGlobalId(globalId)!.id;
const base = () => app.url.replace('/graphql', '');
const download = (url: string, role: string | null) => fetch(`${base()}${url}`, { headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });

beforeAll(async () => {
  app = await startTestApp();
  await addOrganisation(app);
  for (const [role, username] of [...Object.entries(DEMO), ['otherLeader', 'minhnv.khac'], ['otherSpecialist', 'hantt.khac'], ['otherClerk', 'maipt.khac']] as [string, string][]) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
}, 60_000);
afterAll(() => app?.close());

describe('opening a work file', () => {
  it('opens one with the metadata of Decree 30 Appendix VI and its defaults, and records it', async () => {
    const opened = await open({ code: ' 2026.qltm.01 ', title: '  Hồ sơ cấp   giấy phép kinh doanh rượu ', description: 'Theo đề nghị của doanh nghiệp', retention: { years: 10 } });
    expect(opened.userErrors).toEqual([]);
    expect(opened.workFile).toMatchObject({
      code: '2026.QLTM.01',
      year,
      title: 'Hồ sơ cấp giấy phép kinh doanh rượu',
      description: 'Theo đề nghị của doanh nghiệp',
      language: 'vi',
      status: 'OPEN',
      startDate: today,
      endDate: null,
      retention: { permanent: false, years: 10, label: '10 năm' },
      creator: { username: DEMO.specialist },
      creatorUnit: { code: 'QLTM' },
      sharedWith: [],
      viewerCanEdit: true,
      viewerCanReopen: false,
      documentCount: 0,
      pageCount: 0,
      documents: [],
      pdfUrl: `/work-files/${opened.workFile.id}.pdf`,
      xmlUrl: `/work-files/${opened.workFile.id}.xml`,
    });
    const permanent = await open({ code: 'HS-VV', title: 'Hồ sơ lưu vĩnh viễn', retention: { permanent: true }, language: 'en' });
    expect(permanent.workFile).toMatchObject({ retention: { permanent: true, years: null, label: 'Vĩnh viễn' }, language: 'en' });
    const [audit] = await sql("select actor_id, target_type, target_id from audit_entry where action = 'work_file.opened' and target_id = ?", [rawId(opened.workFile.id)]);
    expect(audit).toEqual({ actor_id: rawId(ids.specialist!), target_type: 'WorkFile', target_id: rawId(opened.workFile.id) });
  });

  it('returns the first result for a retried idempotency key', async () => {
    const input = { code: 'HS-IDEM', title: 'Gửi lại', idempotencyKey: 'mo-ho-so-1' };
    const first = await open(input);
    const again = await open(input);
    expect(again.userErrors).toEqual([]);
    expect(again.workFile.id).toBe(first.workFile.id);
    expect(await sql("select id from work_file where code = 'HS-IDEM'")).toHaveLength(1);
  });

  it('takes a code once per organisation and year, in any case, and again in another year or organisation', async () => {
    expect((await open({ code: 'HS.NAM', title: 'Năm nay' })).userErrors).toEqual([]);
    const again = await open({ code: 'hs.nam', title: 'Trùng mã' });
    expect(again.userErrors).toEqual([{ field: ['input', 'code'], code: 'DUPLICATE', message: expect.stringContaining(String(year)) }]);
    const lastYear = await open({ code: 'HS.NAM', title: 'Năm trước', startDate: `${year - 1}-12-31` });
    expect(lastYear.userErrors).toEqual([]);
    expect(lastYear.workFile).toMatchObject({ year: year - 1, startDate: `${year - 1}-12-31` });
    expect((await open({ code: 'HS.NAM', title: 'Cơ quan khác' }, 'otherSpecialist')).userErrors).toEqual([]);
    // Moving a file into a year where its code is taken is refused too.
    expect((await update({ id: lastYear.workFile.id, startDate: today })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'code'], code: 'DUPLICATE' })]);
  });

  it('refuses bad input with userErrors and writes nothing', async () => {
    const before = { files: await count('work_file'), audit: await count('audit_entry') };
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ title: '   ' }, ['input', 'title'], 'REQUIRED'],
      [{ title: 'x'.repeat(501) }, ['input', 'title'], 'TOO_LONG'],
      [{ code: '' }, ['input', 'code'], 'REQUIRED'],
      [{ code: 'HS 01' }, ['input', 'code'], 'INVALID'],
      [{ code: 'X'.repeat(51) }, ['input', 'code'], 'TOO_LONG'],
      [{ retention: {} }, ['input', 'retention', 'years'], 'REQUIRED'],
      [{ retention: { permanent: true, years: 5 } }, ['input', 'retention', 'years'], 'INVALID'],
      [{ retention: { years: 0 } }, ['input', 'retention', 'years'], 'INVALID'],
      [{ language: 'Tiếng Việt' }, ['input', 'language'], 'INVALID'],
      [{ startDate: `${year + 1}-01-01` }, ['input', 'startDate'], 'INVALID'],
      [{ sharedWithAccountIds: [ids.otherSpecialist] }, ['input', 'sharedWithAccountIds'], 'NOT_FOUND'],
      [{ sharedWithAccountIds: [toGlobalId('Account', randomUUID())] }, ['input', 'sharedWithAccountIds'], 'NOT_FOUND'],
    ];
    for (const [input, field, code] of cases) {
      const result = await open({ code: `HS-LOI-${randomUUID().slice(0, 8)}`, title: 'Hồ sơ lỗi', ...input });
      expect(result.workFile, JSON.stringify(input)).toBeNull();
      expect(result.userErrors, JSON.stringify(input)).toContainEqual({ field, code, message: expect.any(String) });
    }
    expect({ files: await count('work_file'), audit: await count('audit_entry') }).toEqual(before);
  });
});

describe('the documents of a work file', () => {
  it('links incoming documents, drafts and issued documents, orders, moves and unlinks them, each act audited', async () => {
    const received = await incoming({ pageCount: 3 });
    const drafted = await draft('Dự thảo công văn trả lời', 2);
    const sent = await issued('Công văn trả lời doanh nghiệp', 4);
    const file = (await open({ code: 'HS-LK', title: 'Hồ sơ liên kết' })).workFile;
    for (const document of [received, drafted, sent]) expect((await link(file.id, document)).userErrors).toEqual([]);
    expect((await link(randomLinkless(), received)).userErrors).toEqual([{ field: ['input', 'workFileId'], code: 'NOT_FOUND', message: 'Hồ sơ không tồn tại.' }]);

    const listed = (await read(file.id, 'specialist')).data!.workFile;
    expect(listed.documents.map((entry: any) => [entry.ordinal, entry.document.id])).toEqual([[1, received], [2, drafted], [3, sent]]);
    expect(listed).toMatchObject({ documentCount: 3, pageCount: 9 });
    expect(listed.documents[2].document.numberNotation).toMatch(/^\d+\/SCT-QLTM$/);

    const moved = await move(file.id, sent, 1);
    expect(moved.userErrors).toEqual([]);
    expect(moved.workFile.documents.map((entry: any) => entry.document.id)).toEqual([sent, received, drafted]);
    expect((await move(file.id, sent, 4)).userErrors).toEqual([expect.objectContaining({ field: ['input', 'position'], code: 'INVALID' })]);
    expect((await link(file.id, received)).userErrors).toEqual([expect.objectContaining({ field: ['input', 'documentId'], code: 'DUPLICATE' })]);

    const unlinked = await unlink(file.id, received);
    expect(unlinked.workFile.documents.map((entry: any) => [entry.ordinal, entry.document.id])).toEqual([[1, sent], [2, drafted]]);
    expect(unlinked.workFile).toMatchObject({ documentCount: 2, pageCount: 6 });
    expect((await unlink(file.id, received)).userErrors).toEqual([expect.objectContaining({ field: ['input', 'documentId'], code: 'NOT_FOUND' })]);

    const actions = await sql<{ action: string }>('select action from audit_entry where target_id = ? order by sequence', [rawId(file.id)]);
    expect(actions.map((row) => row.action)).toEqual([
      'work_file.opened',
      'work_file.document_linked',
      'work_file.document_linked',
      'work_file.document_linked',
      'work_file.document_moved',
      'work_file.document_unlinked',
    ]);
  });

  it('puts one document in several work files without copying it, and Document.workFiles lists them', async () => {
    const document = await incoming({ subject: 'Văn bản dùng chung', pageCount: 1 });
    const documentsBefore = await count('document');
    const first = (await open({ code: 'HS-CHUNG-1', title: 'Hồ sơ thứ nhất' })).workFile;
    const second = (await open({ code: 'HS-CHUNG-2', title: 'Hồ sơ thứ hai' })).workFile;
    expect((await link(first.id, document)).userErrors).toEqual([]);
    expect((await link(second.id, document)).userErrors).toEqual([]);
    expect(await count('document')).toBe(documentsBefore);
    expect(await sql('select work_file_id from work_file_document where document_id = ?', [rawId(document)])).toHaveLength(2);
    const QUERY = 'query ($id: ID!) { document(id: $id) { workFiles { code } } }';
    const seen = await app.gql(QUERY, { id: document }, tokens.specialist);
    expect(seen.data?.document.workFiles.map((file: any) => file.code).sort()).toEqual(['HS-CHUNG-1', 'HS-CHUNG-2']);
    // The clerk sees the incoming document but none of the specialist's files.
    const clerk = await app.gql(QUERY, { id: document }, tokens.clerk);
    expect(clerk.data?.document.workFiles).toEqual([]);
  });

  it('links only documents the linker may see: another unit\'s, another organisation\'s and unknown ones are NOT_FOUND alike, nothing written', async () => {
    const file = (await open({ code: 'HS-NF', title: 'Hồ sơ thử không thấy' })).workFile;
    const notHanded = await incoming({ handedToAccountIds: [] });
    const otherOrganisation = await incoming({ handedToAccountIds: [] }, 'otherClerk');
    const mine = await incoming();
    const before = { links: await count('work_file_document'), audit: await count('audit_entry') };
    const answers = [];
    for (const documentId of [notHanded, otherOrganisation, toGlobalId('Document', randomUUID())]) {
      const result = await link(file.id, documentId);
      expect(result.workFile).toBeNull();
      answers.push(result.userErrors);
    }
    expect(answers[0]).toEqual([{ field: ['input', 'documentId'], code: 'NOT_FOUND', message: 'Văn bản không tồn tại.' }]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // Another organisation's specialist cannot name this file either.
    const foreign = await link(file.id, mine, 'otherSpecialist');
    expect(foreign.userErrors).toEqual([{ field: ['input', 'workFileId'], code: 'NOT_FOUND', message: 'Hồ sơ không tồn tại.' }]);
    expect({ links: await count('work_file_document'), audit: await count('audit_entry') }).toEqual(before);
  });
});

/** A work-file id that exists nowhere. */
function randomLinkless(): string {
  return toGlobalId('WorkFile', randomUUID());
}

describe('closing and reopening', () => {
  it('makes a closed file read-only, and lets only a head above or a leader reopen it, with a reason', async () => {
    const document = await incoming();
    const other = await incoming();
    const file = (await open({ code: 'HS-DONG', title: 'Hồ sơ sẽ đóng', startDate: today })).workFile;
    await link(file.id, document);
    expect((await close(file.id, { endDate: `${year - 1}-01-01` })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'endDate'], code: 'INVALID' })]);
    expect((await close(file.id, {}, 'unitHead')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    const closed = await close(file.id);
    expect(closed.userErrors).toEqual([]);
    expect(closed.workFile).toMatchObject({ status: 'CLOSED', endDate: today, viewerCanEdit: false, viewerCanReopen: false });

    const before = { links: await count('work_file_document'), audit: await count('audit_entry'), row: await sql('select * from work_file where id = ?', [rawId(file.id)]) };
    const refused = [
      await link(file.id, other),
      await unlink(file.id, document),
      await move(file.id, document, 1),
      await update({ id: file.id, title: 'Sửa sau khi đóng' }),
      await close(file.id),
    ];
    for (const result of refused) expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect({ links: await count('work_file_document'), audit: await count('audit_entry'), row: await sql('select * from work_file where id = ?', [rawId(file.id)]) }).toEqual(before);

    // Its creator may not reopen it; someone who cannot see it gets NOT_FOUND.
    expect((await reopen(file.id, 'Bổ sung', 'specialist')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    expect((await reopen(file.id, 'Bổ sung', 'clerk')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    expect((await reopen(file.id, '  ', 'unitHead')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REQUIRED' })]);
    const asHead = await app.gql('query ($id: ID!) { workFile(id: $id) { viewerCanReopen } }', { id: file.id }, tokens.unitHead);
    expect(asHead.data?.workFile.viewerCanReopen).toBe(true);
    const reopened = await reopen(file.id, 'Bổ sung văn bản trả lời', 'unitHead');
    expect(reopened.workFile).toMatchObject({ status: 'OPEN', endDate: null });
    expect((await reopen(file.id, 'Lần nữa', 'leader')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect((await link(file.id, other)).userErrors).toEqual([]);
    const trail = await sql<{ action: string; actor_id: string; details: string }>('select action, actor_id, details from audit_entry where target_id = ? order by sequence', [rawId(file.id)]);
    expect(trail.map((entry) => [entry.action, entry.actor_id])).toEqual([
      ['work_file.opened', rawId(ids.specialist!)],
      ['work_file.document_linked', rawId(ids.specialist!)],
      ['work_file.closed', rawId(ids.specialist!)],
      ['work_file.reopened', rawId(ids.unitHead!)],
      ['work_file.document_linked', rawId(ids.specialist!)],
    ]);
    expect(JSON.parse(trail[2]!.details)).toEqual({ endDate: today });
    expect(JSON.parse(trail[3]!.details)).toEqual({ reason: 'Bổ sung văn bản trả lời', endDate: today });
  });
});

describe('who sees a work file', () => {
  it('shows it to its creator, the heads above, the leaders and whom it is shared with; to anyone else it does not exist', async () => {
    const file = (await open({ code: 'HS-XEM', title: 'Hồ sơ quản lý thị trường' })).workFile;
    const missing = await read(randomLinkless(), 'clerk');
    for (const id of [toGlobalId('Task', rawId(file.id)), 'not-an-id']) expect(await read(id, 'specialist'), id).toEqual(await read(randomLinkless(), 'specialist'));
    for (const role of ['specialist', 'unitHead', 'leader', 'deputy']) expect((await read(file.id, role)).data?.workFile, role).toMatchObject({ code: 'HS-XEM' });
    for (const role of ['clerk', 'itOfficer', 'legalAppraiser', 'otherLeader']) {
      const response = await read(file.id, role);
      expect(response.data, role).toEqual({ workFile: null });
      expect(response.errors, role).toEqual(missing.errors);
      const node = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: file.id }, tokens[role]);
      expect(node.errors?.[0]?.extensions?.code, role).toBe('NOT_FOUND');
    }
    const LIST = `query ($filter: WorkFileFilter) { workFiles(first: 100, filter: $filter) { totalCount nodes { code } } }`;
    const listed = async (role: string, filter: Record<string, unknown> = {}) => (await app.gql(LIST, { filter }, tokens[role])).data!.workFiles;
    expect((await listed('clerk')).totalCount).toBe(0);
    expect((await listed('otherLeader')).nodes.map((node: any) => node.code)).not.toContain('HS-XEM');
    expect((await listed('unitHead', { search: 'quan ly thi truong' })).nodes).toEqual([{ code: 'HS-XEM' }]);

    // Shared with the clerk: seen, listed as shared; the clerk may read but not change it.
    const shared = await update({ id: file.id, sharedWithAccountIds: [ids.clerk] });
    expect(shared.workFile.sharedWith).toEqual([{ username: DEMO.clerk }]);
    expect((await read(file.id, 'clerk')).data?.workFile).toMatchObject({ code: 'HS-XEM' });
    expect(await listed('clerk', { relation: 'SHARED_WITH_ME' })).toEqual({ totalCount: 1, nodes: [{ code: 'HS-XEM' }] });
    expect((await listed('specialist', { relation: 'SHARED_WITH_ME' })).totalCount).toBe(0);
    expect((await update({ id: file.id, title: 'Đổi tên' }, 'clerk')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    expect((await update({ id: file.id, title: 'Đổi tên' }, 'unitHead')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    const [audit] = await sql("select details from audit_entry where action = 'work_file.updated' and target_id = ?", [rawId(file.id)]);
    expect(JSON.parse(audit!.details)).toEqual({ changed: [], sharedWith: { added: [rawId(ids.clerk!)], removed: [] } });

    // Unshared: gone again.
    await update({ id: file.id, sharedWithAccountIds: [] });
    expect((await read(file.id, 'clerk')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await listed('clerk')).totalCount).toBe(0);
  });
});

describe('what each viewer sees inside a work file', () => {
  let file: any;
  const documents: Record<string, string> = {};

  beforeAll(async () => {
    // Handed to the specialist and to Tâm: both see it.
    documents.common = await incoming({ subject: 'Về kiểm tra thị trường dịp Tết', pageCount: 3, handedToAccountIds: [ids.specialist, ids.mailboxReader] });
    // Handed to the specialist only.
    documents.own = await incoming({ subject: 'Về xử lý vi phạm của Công ty Đặng Gia', pageCount: 5 });
    // Classified: its register clerk sees the entry but may not read the subject or pages.
    documents.secret = await incoming({ subject: 'Nội dung mật về thanh tra', pageCount: 7, confidentiality: 'MAT', recallBy: today }, 'confidentialClerk');
    file = (await open({ code: 'HS-PHAN-QUYEN', title: 'Hồ sơ kiểm tra thị trường Tết', description: 'Đợt kiểm tra liên ngành', retention: { permanent: true }, sharedWithAccountIds: [ids.mailboxReader, ids.confidentialClerk] })).workFile;
    for (const id of [documents.common, documents.own, documents.secret]) expect((await link(file.id, id!)).userErrors).toEqual([]);
  });

  it('lists only the documents the viewer may see, numbered from 1, and counts only those', async () => {
    const specialist = (await read(file.id, 'specialist')).data!.workFile;
    expect(specialist).toMatchObject({ documentCount: 3, pageCount: 15 });
    const tam = (await read(file.id, 'mailboxReader')).data!.workFile;
    expect(tam.documents.map((entry: any) => [entry.ordinal, entry.document.id])).toEqual([[1, documents.common]]);
    expect(tam).toMatchObject({ documentCount: 1, pageCount: 3 });
    // The confidential clerk sees every entry (the register's), but not the secret one's pages.
    const keeper = (await read(file.id, 'confidentialClerk')).data!.workFile;
    expect(keeper.documents.map((entry: any) => entry.document.id)).toEqual([documents.common, documents.own, documents.secret]);
    expect(keeper).toMatchObject({ documentCount: 3, pageCount: 8 });
    const sealed = await app.gql('query ($id: ID!) { workFile(id: $id) { documents { document { subject } } } }', { id: file.id }, tokens.confidentialClerk);
    expect(sealed.data?.workFile.documents.map((entry: any) => entry.document?.subject ?? null)).toEqual(['Về kiểm tra thị trường dịp Tết', 'Về xử lý vi phạm của Công ty Đặng Gia', null]);
    expect(sealed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // In a list of files too.
    const list = await app.gql('{ workFiles(first: 100, filter: { relation: SHARED_WITH_ME }) { nodes { code documentCount pageCount } } }', {}, tokens.mailboxReader);
    expect(list.data?.workFiles.nodes).toEqual([{ code: 'HS-PHAN-QUYEN', documentCount: 1, pageCount: 3 }]);
  });

  it('moves a document among those the mover sees and leaves the others in their places', async () => {
    // Tâm cannot edit, so the specialist moves; the leader then sees the same order.
    const moved = await move(file.id, documents.secret!, 1);
    expect(moved.workFile.documents.map((entry: any) => entry.document.id)).toEqual([documents.secret, documents.common, documents.own]);
    const back = await move(file.id, documents.secret!, 3);
    expect(back.workFile.documents.map((entry: any) => entry.document.id)).toEqual([documents.common, documents.own, documents.secret]);
  });

  it('exports XML with the metadata and the index of the documents the reader may see', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'VanBan' || name === 'NguoiDuocChiaSe', parseTagValue: false });
    const response = await download(file.xmlUrl, 'specialist');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ho-so-hs-phan-quyen.xml"');
    const { HoSo } = parser.parse(await response.text());
    expect(HoSo).toMatchObject({
      '@xmlns': 'urn:vanthu:ho-so:1',
      MaHoSo: 'HS-PHAN-QUYEN',
      NamHoSo: String(year),
      TieuDeHoSo: 'Hồ sơ kiểm tra thị trường Tết',
      MoTa: 'Đợt kiểm tra liên ngành',
      ThoiHanBaoQuan: { '#text': 'Vĩnh viễn', '@vinhVien': 'true' },
      CheDoSuDung: { NguoiDuocChiaSe: ['Bùi Văn Tâm', 'Hoàng Văn Hùng'] },
      NguoiLap: 'Nguyễn Thị Thu Hà',
      DonViLap: 'Phòng Quản lý thương mại',
      NgonNgu: 'vi',
      ThoiGianBatDau: today,
      TrangThai: 'Đang mở',
      TongSoVanBan: '3',
      TongSoTrang: '15',
    });
    expect(HoSo.ThoiGianKetThuc).toBeUndefined();
    expect(HoSo.MucLucVanBan.VanBan).toEqual([
      { SoThuTu: '1', SoKyHieu: expect.stringMatching(/\/SNV-VP$/), NgayThang: today, TacGia: 'Sở Nội vụ', TenLoai: 'Công văn', TrichYeu: 'Về kiểm tra thị trường dịp Tết', SoTrang: '3', GhiChu: 'Văn bản đến' },
      expect.objectContaining({ SoThuTu: '2', TrichYeu: 'Về xử lý vi phạm của Công ty Đặng Gia', SoTrang: '5' }),
      expect.objectContaining({ SoThuTu: '3', TrichYeu: 'Nội dung mật về thanh tra', SoTrang: '7', GhiChu: 'Văn bản đến; Mật' }),
    ]);

    const forTam = parser.parse(await (await download(file.xmlUrl, 'mailboxReader')).text()).HoSo;
    expect(forTam).toMatchObject({ TongSoVanBan: '1', TongSoTrang: '3' });
    expect(forTam.MucLucVanBan.VanBan).toEqual([expect.objectContaining({ SoThuTu: '1', TrichYeu: 'Về kiểm tra thị trường dịp Tết' })]);

    const forKeeper = parser.parse(await (await download(file.xmlUrl, 'confidentialClerk')).text()).HoSo;
    expect(forKeeper).toMatchObject({ TongSoVanBan: '3', TongSoTrang: '8' });
    expect(forKeeper.MucLucVanBan.VanBan[2]).toEqual({ SoThuTu: '3', SoKyHieu: expect.any(String), NgayThang: today, TacGia: 'Sở Nội vụ', TenLoai: 'Công văn', GhiChu: 'Văn bản đến; Mật' });
  });

  it('exports a PDF with Vietnamese text in an embedded font, holding only what the reader may see', async () => {
    const response = await download(file.pdfUrl, 'specialist');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerif-Regular/);
    const pdf = await getDocumentProxy(bytes);
    const { info } = await getMeta(pdf);
    expect(info).toMatchObject({ Title: 'HS-PHAN-QUYEN - Hồ sơ kiểm tra thị trường Tết', Author: 'Nguyễn Thị Thu Hà', Language: 'vi-VN' });
    const text = ((await extractText(pdf, { mergePages: true })).text as string).replace(/\s+/g, ' ');
    const [y, m, d] = today.split('-');
    for (const expected of ['HỒ SƠ CÔNG VIỆC', 'MỤC LỤC VĂN BẢN', 'Thời hạn bảo quản: Vĩnh viễn', `Thời gian bắt đầu: ${d}/${m}/${y}`, 'Người lập hồ sơ: Nguyễn Thị Thu Hà (Phòng Quản lý thương mại)', 'Đặng Gia', 'Nội dung mật về thanh tra', 'Tổng số trang: 15']) {
      expect(text).toContain(expected);
    }

    const forTam = ((await extractText(await getDocumentProxy(new Uint8Array(await (await download(file.pdfUrl, 'mailboxReader')).arrayBuffer())), { mergePages: true })).text as string).replace(/\s+/g, ' ');
    expect(forTam).toContain('Về kiểm tra thị trường dịp Tết');
    expect(forTam).toContain('Tổng số văn bản: 1');
    expect(forTam).not.toContain('Đặng Gia');
    expect(forTam).not.toContain('thanh tra');
  });

  it('answers an export the reader may not see exactly like a missing one, and a missing token with 401', async () => {
    const hidden = await download(file.xmlUrl, 'clerk');
    const missing = await download(`/work-files/${randomLinkless()}.xml`, 'clerk');
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toBe(await missing.text());
    expect((await download(file.pdfUrl, 'otherLeader')).status).toBe(404);
    expect((await download(file.pdfUrl, null)).status).toBe(401);
    expect((await download(`/work-files/${toGlobalId('Task', randomUUID())}.pdf`, 'leader')).status).toBe(404);
  });

  it('records each export in the access history, and a read of classified content on the audit trail', async () => {
    const secret = rawId(documents.secret!);
    const views = async () => sql<{ username: string; content_read: boolean }>('select a.username, v.content_read from document_view v join account a on a.id = v.account_id where v.document_id = ? order by v.at', [secret]);
    const reads = async () => (await sql("select actor_id from audit_entry where action = 'document.content_read' and target_id = ? order by sequence", [secret])).map((row) => row.actor_id);
    const viewsBefore = (await views()).length;
    const readsBefore = await reads();
    await download(file.xmlUrl, 'leader');
    await download(file.xmlUrl, 'confidentialClerk');
    expect((await views()).slice(viewsBefore)).toEqual([
      { username: DEMO.leader, content_read: true },
      { username: DEMO.confidentialClerk, content_read: false },
    ]);
    expect(await reads()).toEqual([...readsBefore, rawId(ids.leader!)]);
  });
});

describe('changes as they happen', () => {
  it('tells those who may see a work file of each change, and no one else', async () => {
    const { workFile } = await open({ code: 'HS.LIVE.01', title: 'Hồ sơ theo dõi trực tiếp' });
    const collect = (role: string, id?: string) => subscribe(app.ws(tokens[role]!).client, 'subscription ($id: ID) { workFileChanged(id: $id) { code title } }', id ? { id } : {});
    const creator = collect('specialist', workFile.id);
    const head = collect('unitHead');
    const outsider = collect('oneStopDesk');
    const otherOrganisation = collect('otherLeader');
    // Asking for one the viewer may not see is answered as for a missing one.
    const refused = collect('oneStopDesk', workFile.id);
    await refused.receivedAtLeast(1);
    await app.listening(4);
    expect((await update({ id: workFile.id, title: 'Hồ sơ theo dõi trực tiếp (sửa)' })).userErrors).toEqual([]);
    await Promise.all([creator.receivedAtLeast(1), head.receivedAtLeast(1)]);
    await outsider.quietFor(QUIET_WINDOW_MS);
    const news = { data: { workFileChanged: { code: 'HS.LIVE.01', title: 'Hồ sơ theo dõi trực tiếp (sửa)' } } };
    expect(creator.received).toEqual([news]);
    expect(head.received).toEqual([news]);
    expect(outsider.received).toEqual([]);
    expect(otherOrganisation.received).toEqual([]);
    expect(refused.received).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })] })]);
    await Promise.all([creator.stop(), head.stop(), outsider.stop(), otherOrganisation.stop(), refused.stop()]);
  });
});

describe('statements', () => {
  const schema = buildSchema();
  const QUERY = `query ($id: ID!) {
    workFile(id: $id) {
      code documentCount pageCount creator { username } creatorUnit { name } sharedWith { username }
      documents { ordinal addedBy { username } document { numberNotation subject register { code } workFiles { code } } }
    }
  }`;

  async function run(role: string, query: string, variables: Record<string, unknown>) {
    const authentication = await authenticate(app.db.orm.em.fork(), tokens[role]!);
    const contextValue = createContext(app.db.orm, 'work-files-statements', pino({ level: 'silent' }), authentication.viewer, null);
    const { result, statements } = await countStatements(() => Promise.resolve(execute({ schema, document: parse(query), contextValue, variableValues: variables })));
    expect(result.errors).toBeUndefined();
    return { data: result.data as any, statements };
  }

  it('reads a work file of 50 documents, and its index for export, in as many statements as one of 5', async () => {
    const small = (await open({ code: 'HS-5', title: 'Năm văn bản' })).workFile;
    const large = (await open({ code: 'HS-50', title: 'Năm mươi văn bản' })).workFile;
    for (let i = 0; i < 50; i += 1) {
      const document = await incoming({ pageCount: 2 });
      if (i < 5) await link(small.id, document);
      await link(large.id, document);
    }
    const five = await run('specialist', QUERY, { id: small.id });
    const fifty = await run('specialist', QUERY, { id: large.id });
    expect(five.data.workFile).toMatchObject({ documentCount: 5, pageCount: 10 });
    expect(fifty.data.workFile).toMatchObject({ documentCount: 50, pageCount: 100 });
    expect(fifty.data.workFile.documents[49].document.workFiles.map((entry: any) => entry.code)).toEqual(['HS-50']);
    expect(fifty.statements.length).toBe(five.statements.length);
    // the work file, accounts, links joined with their documents, registers, the unit, the documents' work files
    expect(fifty.statements.length).toBeLessThanOrEqual(6);

    const authentication = await authenticate(app.db.orm.em.fork(), tokens.specialist!);
    const viewer = authentication.viewer!;
    const index = async (id: string) => {
      const em = forkFor(app.db.orm, viewer);
      const file = await em.findOneOrFail(WorkFile, { id: rawId(id) });
      return countStatements(() => workFileIndex(em, file, documentAccessFor(viewer)));
    };
    const [smallIndex, largeIndex] = [await index(small.id), await index(large.id)];
    expect(largeIndex.result.rows).toHaveLength(50);
    expect(largeIndex.statements.length).toBe(smallIndex.statements.length);
  }, 120_000);
});
