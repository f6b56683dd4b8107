import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type TestApp } from '../support/app.ts';

/**
 * Retries that must not do twice (issue 22, point 5): sendNotice, addDocumentFile,
 * passOnAssignment and reportTaskProgress take an idempotency key like the other creating
 * mutations; a second call with the key answers what the first did and writes nothing.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};
let serial = 900;
const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units });
});
afterAll(() => app?.close());

const count = async (table: string) => Number((await app.db.orm.em.fork().getConnection().execute(`select count(*)::int as n from ${table}`))[0]?.n);

async function register(subject: string): Promise<string> {
  const response = await app.gql(
    'mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { code message } } }',
    { input: { kind: 'CONG_VAN', numberNotation: `${(serial += 1)}/UBND-VP`, issuingOrgan: 'UBND tỉnh', issuedOn: new Date().toISOString().slice(0, 10), subject } },
    tokens.clerk,
  );
  expect(response.data?.registerIncomingDocument.userErrors).toEqual([]);
  return response.data!.registerIncomingDocument.document.id;
}

/** Calls `mutation` twice with one key; both answers, and the rows of `tables` it added. */
async function twice(mutation: string, inputType: string, selection: string, input: Record<string, unknown>, role: string, tables: string[]) {
  const before = await Promise.all(tables.map(count));
  const call = async () => {
    const response = await app.gql(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, tokens[role]);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response;
  };
  const first = (await call()).data?.[mutation];
  const second = (await call()).data?.[mutation];
  const after = await Promise.all(tables.map(count));
  return { first, second, added: Object.fromEntries(tables.map((table, n) => [table, after[n]! - before[n]!])) };
}

describe('a retry with the same idempotency key', () => {
  it('of sendNotice sends one notice, and answers the same count', async () => {
    const input = { audience: 'PEOPLE', audienceIds: [ids.specialist, ids.clerk], text: 'Họp giao ban lúc 8 giờ', idempotencyKey: 'notice-1' };
    const { first, second, added } = await twice('sendNotice', 'SendNoticeInput', 'recipients', input, 'leader', ['notice', 'notice_delivery']);
    expect(first).toEqual({ recipients: 2, userErrors: [] });
    expect(second).toEqual(first);
    expect(added).toEqual({ notice: 1, notice_delivery: 2 });
  });

  it('of addDocumentFile adds one attachment, and answers it again', async () => {
    const documentId = await register('Tờ trình kèm phụ lục');
    const uploaded = (await app.upload(tokens.clerk!, pdf('phụ lục'), 'phu-luc.pdf')).body;
    const input = { documentId, fileId: uploaded.id, idempotencyKey: 'file-1' };
    const { first, second, added } = await twice('addDocumentFile', 'AddDocumentFileInput', 'documentFile { attachmentNo version file { id } }', input, 'clerk', ['document_file']);
    expect(first.userErrors).toEqual([]);
    expect(second).toEqual(first);
    expect(added).toEqual({ document_file: 1 });
  });

  it('of passOnAssignment passes on once', async () => {
    const documentId = await register('Đề nghị góp ý dự thảo quy chế');
    const directed = await app.gql(
      'mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { direction { assignments { id } } userErrors { code } } }',
      { input: { documentId, note: 'Phòng QLTM chủ trì', assignees: [{ unitId: units.QLTM, role: 'LEAD', deadline: inHours(72) }] } },
      tokens.leader,
    );
    const lead = directed.data!.directDocument.direction.assignments[0].id;
    const input = { id: lead, note: 'Chị Hà xử lý', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(48) }], idempotencyKey: 'pass-1' };
    const { first, second, added } = await twice('passOnAssignment', 'PassOnAssignmentInput', 'direction { id assignments { id } }', input, 'unitHead', ['direction', 'assignment']);
    expect(first.userErrors).toEqual([]);
    expect(second).toEqual(first);
    expect(added).toEqual({ direction: 1, assignment: 1 });
  });

  it('of reportTaskProgress records one report', async () => {
    const assigned = await app.gql(
      'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
      { input: { title: 'Tổng hợp số liệu quý', assigneeAccountId: ids.specialist, deadline: inHours(96) } },
      tokens.leader,
    );
    const input = { id: assigned.data!.assignTask.task.id, percent: 30, note: 'Đã thu 3/10 báo cáo', idempotencyKey: 'progress-1' };
    const { first, second, added } = await twice('reportTaskProgress', 'ReportTaskProgressInput', 'task { id progress progressReports { percent } }', input, 'specialist', [
      'task_progress_report',
    ]);
    expect(first.userErrors).toEqual([]);
    expect(first.task.progressReports).toEqual([{ percent: 30 }]);
    expect(second).toEqual(first);
    expect(added).toEqual({ task_progress_report: 1 });
  });

  it('keeps no key in clear: the database holds its SHA-256', async () => {
    const rows = await app.db.orm.em.fork().getConnection().execute<{ key: string }[]>('select key from idempotency_key');
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{64}$/);
  });
});
