import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';

/** The registers read as Decree 30's books, in GraphQL and as CSV, under the same rules. */
let app: TestApp;
const tokens: Record<string, string> = {};
const today = vietnamDate(new Date());
const registers: Record<string, string> = {};

const BOOK = `query ($id: ID!, $from: LocalDate!, $to: LocalDate!) {
  registerBook(registerId: $id, from: $from, to: $to) { csvUrl pdfUrl rows { number author numberNotation documentDate kind subject handedTo notes } }
}`;

const register = (role: string, input: Record<string, unknown>) => registerIncoming(app, tokens[role]!, { issuingOrgan: 'Sở Nội vụ', issuedOn: today, ...input });

beforeAll(async () => {
  app = await startTestApp();
  for (const [role, username] of Object.entries(DEMO)) tokens[role] = await app.login(username);
  const specialistId = (await app.gql('{ me { id } }', {}, tokens.specialist)).data!.me.id;
  for (const register of (await app.gql('{ registers { id code } }', {}, tokens.leader)).data!.registers) registers[register.code] = register.id;
  await register('clerk', { numberNotation: '15/SNV-CCVC', subject: 'Về tuyển dụng công chức', handedToAccountIds: [specialistId], replyRequired: true });
  await register('clerk', { kind: 'QUYET_DINH', numberNotation: '99/QĐ-SNV', subject: 'Quyết định điều động, "có dấu phẩy", xuống dòng' });
  await register('confidentialClerk', { numberNotation: '3/SNV-M', subject: 'Nội dung mật', confidentiality: 'MAT', recallBy: today });
});
afterAll(() => app?.close());

describe('register books', () => {
  it('lists the incoming register with its columns, in number order', async () => {
    const book = await app.gql(BOOK, { id: registers.DEN, from: today, to: today }, tokens.clerk);
    expect(book.errors).toBeUndefined();
    expect(book.data?.registerBook.rows).toEqual([
      { number: '01', author: 'Sở Nội vụ', numberNotation: '15/SNV-CCVC', documentDate: today, kind: 'Công văn', subject: 'Về tuyển dụng công chức', handedTo: 'Nguyễn Thị Thu Hà (Phòng Quản lý thương mại)', notes: 'Phúc đáp' },
      expect.objectContaining({ number: '02', kind: 'Quyết định', numberNotation: '99/QĐ-SNV' }),
    ]);
  });

  it('leaves the subject of a classified document empty for the clerk of the confidential register', async () => {
    const forClerk = await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.confidentialClerk);
    expect(forClerk.data?.registerBook.rows).toEqual([expect.objectContaining({ number: '01', numberNotation: '3/SNV-M', subject: null, notes: `Hạn thu hồi ${today}` })]);
    const forLeader = await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.leader);
    expect(forLeader.data?.registerBook.rows[0].subject).toBe('Nội dung mật');
  });

  it('records a classified subject shown in the book as a content read, in the access history and on the audit trail', async () => {
    const reads = async () => {
      const [row] = await app.db.orm.em.fork().execute<{ views: number; audits: number }[]>(
        `select (select count(*)::int from document_view v join document d on d.id = v.document_id where d.subject = 'Nội dung mật' and v.content_read) as views,
                (select count(*)::int from audit_entry a join document d on d.id = a.target_id where d.subject = 'Nội dung mật' and a.action = 'document.content_read') as audits`,
      );
      return row!;
    };
    const before = await reads();
    await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.confidentialClerk);
    expect(await reads(), 'the clerk saw no content').toEqual(before);
    await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.leader);
    expect(await reads()).toEqual({ views: before.views + 1, audits: before.audits + 1 });
    const { csvUrl } = (await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.leader)).data!.registerBook;
    const csv = await fetch(`${app.url.replace('/graphql', '')}${csvUrl}`, { headers: { authorization: `Bearer ${tokens.leader}` } });
    expect(await csv.text()).toContain('Nội dung mật');
    expect(await reads()).toEqual({ views: before.views + 3, audits: before.audits + 3 });
  });

  it('refuses the confidential register to an ordinary clerk, and any register to a specialist', async () => {
    expect((await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens.clerk)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql(BOOK, { id: registers.DEN, from: today, to: today }, tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a bad period with a clear error', async () => {
    const backwards = await app.gql(BOOK, { id: registers.DEN, from: today, to: '2000-01-01' }, tokens.clerk);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(backwards.errors?.[0]?.message).toMatch(/ngày/i);
  });

  it('exports the same book as CSV with the Decree headings, quoting where needed', async () => {
    const { csvUrl } = (await app.gql(BOOK, { id: registers.DEN, from: today, to: today }, tokens.clerk)).data!.registerBook;
    const base = app.url.replace('/graphql', '');
    const response = await fetch(`${base}${csvUrl}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Ngày đến,Số đến,Tác giả,Số, ký hiệu,Ngày tháng,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ngày chuyển,Ký nhận,Ghi chú'.replace('Số, ký hiệu', '"Số, ký hiệu"'));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('"Quyết định - Quyết định điều động, ""có dấu phẩy"", xuống dòng"');
    const forbidden = await fetch(`${base}${csvUrl.replace(registers.DEN!, registers['DEN-MAT']!)}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(forbidden.status).toBe(404);
  });

  it('prints the book as a landscape PDF with the Decree headings, sealed subjects left empty', async () => {
    const base = app.url.replace('/graphql', '');
    const pdfText = async (role: string) => {
      const { pdfUrl } = (await app.gql(BOOK, { id: registers['DEN-MAT'], from: today, to: today }, tokens[role])).data!.registerBook;
      const response = await fetch(`${base}${pdfUrl}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
      const page = await pdf.getPage(1);
      const [, , width, height] = page.view as number[];
      expect(width!, 'landscape').toBeGreaterThan(height!);
      expect((await getMeta(pdf)).info).toMatchObject({ Title: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN - Sổ đăng ký văn bản mật đến' });
      return ((await extractText(pdf, { mergePages: true })).text as string).replace(/\s+/g, ' ');
    };
    const forLeader = await pdfText('leader');
    for (const text of ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', 'Ngày đến', 'Số đến', 'Tác giả', 'Ký nhận', '3/SNV-M', 'Nội dung mật', 'Sổ này có 1 văn bản']) expect(forLeader).toContain(text);
    const forClerk = await pdfText('confidentialClerk');
    expect(forClerk).toContain('3/SNV-M');
    expect(forClerk).not.toContain('Nội dung mật');
    const { pdfUrl } = (await app.gql(BOOK, { id: registers.DEN, from: today, to: today }, tokens.clerk)).data!.registerBook;
    expect((await fetch(`${base}${pdfUrl.replace(registers.DEN!, registers['DEN-MAT']!)}`, { headers: { authorization: `Bearer ${tokens.clerk}` } })).status).toBe(404);
    expect((await fetch(`${base}${pdfUrl}`)).status).toBe(401);
    // IT officers, who add registers and see their list, read no book, as in GraphQL.
    expect((await fetch(`${base}${pdfUrl}`, { headers: { authorization: `Bearer ${tokens.itOfficer}` } })).status).toBe(403);
    expect((await app.gql(BOOK, { id: registers.DEN, from: today, to: today }, tokens.itOfficer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
