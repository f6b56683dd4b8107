import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';
import { toGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';

/**
 * One-stop public services (issue 17; seed 002 Art. 11–12) over HTTP: the catalogue and its CSV
 * import, intake with receipt codes and appointments in working days, the slips, every branch of
 * the handling with each step's deadline, the figures, and who sees nothing.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, units } = signedIn;
// The demo agency keeps the default calendar (no office hours or days set): the one its deadlines are counted in.
const calendar = new WorkingCalendar();
const DAY = calendar.workingDayMinutes;
const procedures: Record<string, string> = {};

const PROCEDURE = `procedure { id code name field fee active resultIsDocument viewerCanEdit handlingUnit { code } times { totalDays intakeDays unitDays unitHeadDays leaderDays returnDays } papers { name required copies } }`;
const CASE = `case { id receiptCode sequence status stage receivedAt appointmentAt firstAppointmentAt finishedAt refusalReason late needsApology receiptUrl
  applicant { kind name idNumber phone email address } papers { name copies file { id } } procedure { code } handlingUnit { code } resultDocument { id }
  steps { stage startedAt deadline doneAt action actor { username } note late } slips { kind missingPapers reason newAppointmentAt pdfUrl } }`;

const PERSON = { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '001090000123', phone: '0912345678', email: 'an@example.vn', address: '12 Tràng Tiền, Hà Nội' };
const BUSINESS = { kind: 'BUSINESS', name: 'Công ty TNHH Bình Minh', idNumber: '0100109106', phone: '0243 826 1234', address: 'Ba Đình, Hà Nội' };
const ALL_PAPERS = [{ name: 'Đơn đề nghị' }, { name: 'Bản sao giấy đăng ký kinh doanh', copies: 2 }];

async function call(name: string, type: string, input: Record<string, unknown>, token: string, selection = CASE) {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, token);
  expect(response.errors, name).toBeUndefined();
  return response.data![name];
}

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);

function procedureInput(code: string, extra: Record<string, unknown> = {}) {
  return {
    code,
    name: `Cấp giấy phép ${code}`,
    field: 'Lưu thông hàng hóa',
    handlingUnitId: units.QLTM,
    totalDays: 10,
    intakeDays: 0,
    unitDays: 5,
    unitHeadDays: 1,
    leaderDays: 2,
    returnDays: 1,
    fee: 200000,
    papers: [
      { name: 'Đơn đề nghị', required: true, copies: 1 },
      { name: 'Bản sao giấy đăng ký kinh doanh', required: true, copies: 2 },
      { name: 'Giấy ủy quyền', required: false, copies: 1 },
    ],
    ...extra,
  };
}

const receive = (procedureId: string, extra: Record<string, unknown> = {}) =>
  call('receiveOneStopCase', 'ReceiveOneStopCaseInput', { procedureId, applicant: PERSON, papers: ALL_PAPERS, ...extra }, tokens.oneStopDesk!);

async function received(procedureId: string, extra: Record<string, unknown> = {}) {
  const result = await receive(procedureId, extra);
  expect(result.userErrors).toEqual([]);
  return result.case;
}

/** The case's open step must have the deadline its stage allows from when it began, in working days. */
function expectOpenDeadline(record: any, stage: string, days: number) {
  const open = record.steps.find((candidate: any) => candidate.doneAt === null);
  expect(open.stage).toBe(stage);
  expect(record.stage).toBe(stage);
  expect(new Date(open.deadline).getTime()).toBe(calendar.addWorkingMinutes(new Date(open.startedAt), days * DAY).getTime());
  return open;
}


beforeAll(async () => {
  app = await startSignedIn(signedIn, { otherOrganisation: true });
  for (const [key, code] of Object.entries({ main: '1.001', document: '1.002' })) {
    const saved = await ok(app, tokens.itOfficer!, 'saveOneStopProcedure', 'OneStopProcedureInput', procedureInput(code, key === 'document' ? { resultIsDocument: true } : {}), 'procedure { id }');
    procedures[key] = saved.procedure.id;
  }
});
afterAll(() => app?.close());

describe('the procedure catalogue', () => {
  it('IT officers and leaders keep it; everyone of the organisation reads it', async () => {
    const saved = await call('saveOneStopProcedure', 'OneStopProcedureInput', procedureInput('2.000364'), tokens.leader!, PROCEDURE);
    expect(saved.userErrors).toEqual([]);
    expect(saved.procedure).toMatchObject({ code: '2.000364', fee: 200000, active: true, viewerCanEdit: true, handlingUnit: { code: 'QLTM' }, times: { totalDays: 10, unitDays: 5, leaderDays: 2 } });
    expect(saved.procedure.papers).toHaveLength(3);
    const read = await app.gql(`{ oneStopProcedures { code viewerCanEdit } }`, {}, tokens.specialist);
    expect(read.data?.oneStopProcedures.map((p: any) => p.code)).toEqual(['1.001', '1.002', '2.000364']);
    expect(read.data?.oneStopProcedures[0].viewerCanEdit).toBe(false);
    // Saving the same code replaces it.
    const again = await call('saveOneStopProcedure', 'OneStopProcedureInput', procedureInput('2.000364', { fee: 0 }), tokens.itOfficer!, PROCEDURE);
    expect(again.procedure).toMatchObject({ id: saved.procedure.id, fee: 0 });
    const withdrawn = await call('withdrawOneStopProcedure', 'OneStopProcedureIdInput', { id: saved.procedure.id }, tokens.itOfficer!, PROCEDURE);
    expect(withdrawn.procedure.active).toBe(false);
    const listed = await app.gql(`{ oneStopProcedures { code } all: oneStopProcedures(includeWithdrawn: true) { code } }`, {}, tokens.specialist);
    expect(listed.data?.oneStopProcedures.map((p: any) => p.code)).toEqual(['1.001', '1.002']);
    expect(listed.data?.all).toHaveLength(3);
  });

  it('refuses other people and bad values, and writes nothing', async () => {
    const before = await count('one_stop_procedure');
    const refused = await call('saveOneStopProcedure', 'OneStopProcedureInput', procedureInput('3.1'), tokens.specialist!, PROCEDURE);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED', field: null })]);
    const desk = await call('saveOneStopProcedure', 'OneStopProcedureInput', procedureInput('3.1'), tokens.oneStopDesk!, PROCEDURE);
    expect(desk.userErrors[0].code).toBe('NOT_ALLOWED');
    const bad = await call(
      'saveOneStopProcedure',
      'OneStopProcedureInput',
      procedureInput('mã sai', { totalDays: 5, unitDays: 6, fee: -1, handlingUnitId: toGlobalId('Unit', '00000000-0000-4000-8000-000000000000'), papers: [] }),
      tokens.itOfficer!,
      PROCEDURE,
    );
    expect(bad.userErrors.map((error: any) => [error.field.at(-1), error.code]).sort()).toEqual(
      [['code', 'INVALID'], ['fee', 'INVALID'], ['handlingUnitId', 'INVALID_UNIT'], ['papers', 'REQUIRED'], ['totalDays', 'INVALID']].sort(),
    );
    const copies = await call('saveOneStopProcedure', 'OneStopProcedureInput', procedureInput('3.2', { papers: [{ name: 'Đơn', required: true, copies: 0 }, { name: 'Đơn', required: true, copies: 1 }] }), tokens.itOfficer!, PROCEDURE);
    expect(copies.userErrors.map((error: any) => error.code).sort()).toEqual(['DUPLICATE', 'INVALID']);
    expect(await count('one_stop_procedure')).toBe(before);
  });

  it('imports a CSV with quoted fields, commas and line breaks in cells, all rows or none', async () => {
    const csv = [
      '\uFEFFcode,name,field,unitCode,totalDays,intakeDays,unitDays,unitHeadDays,leaderDays,returnDays,fee,papers,resultIsDocument',
      '2.000001,"Cấp giấy phép sản xuất rượu, quy mô công nghiệp",Công nghiệp,QLTM,15,0,10,2,2,1,3200000,"Đơn đề nghị|1|1; Bản sao ""giấy chứng nhận""|1|2",1',
      '2.000002,Cấp lại giấy phép,Thương mại,KTAT,5,0,3,1,1,0,0,"Đơn đề nghị|1|1',
      'Giấy phép cũ|0|1",0',
    ].join('\r\n');
    const imported = await call('importOneStopProcedures', 'ImportOneStopProceduresInput', { csv }, tokens.itOfficer!, 'procedures { code name resultIsDocument fee handlingUnit { code } papers { name required copies } }');
    expect(imported.userErrors).toEqual([]);
    expect(imported.procedures).toEqual([
      { code: '2.000001', name: 'Cấp giấy phép sản xuất rượu, quy mô công nghiệp', resultIsDocument: true, fee: 3200000, handlingUnit: { code: 'QLTM' }, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }, { name: 'Bản sao "giấy chứng nhận"', required: true, copies: 2 }] },
      { code: '2.000002', name: 'Cấp lại giấy phép', resultIsDocument: false, fee: 0, handlingUnit: { code: 'KTAT' }, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }, { name: 'Giấy phép cũ', required: false, copies: 1 }] },
    ]);
    const before = await count('one_stop_procedure');
    const badRows = [
      'code,name,field,unitCode,totalDays,intakeDays,unitDays,unitHeadDays,leaderDays,returnDays,fee,papers,resultIsDocument',
      '2.000003,Tốt,Thương mại,QLTM,5,0,3,1,1,0,0,Đơn|1|1,0',
      '2.000004,Đơn vị lạ,Thương mại,KHONGCO,5,0,3,1,1,0,0,Đơn|1|1,0',
      '2.000005,Giấy tờ sai,Thương mại,QLTM,5,0,3,1,1,0,0,Đơn|có lẽ|1,0',
      '2.000003,Trùng mã,Thương mại,QLTM,x,0,3,1,1,0,0,Đơn|1|1,0',
    ].join('\n');
    const refused = await call('importOneStopProcedures', 'ImportOneStopProceduresInput', { csv: badRows }, tokens.itOfficer!, 'procedures { code }');
    expect(refused.procedures).toEqual([]);
    expect(refused.userErrors.map((error: any) => [error.field.slice(2).join('.'), error.code])).toEqual([
      ['3.unitCode', 'INVALID_UNIT'],
      ['4.papers', 'INVALID'],
      ['5.code', 'DUPLICATE'],
      ['5.totalDays', 'INVALID'],
      ['5.totalDays', 'INVALID'],
    ]);
    const unparsable = await call('importOneStopProcedures', 'ImportOneStopProceduresInput', { csv: 'code,name\n"unterminated,x' }, tokens.itOfficer!, 'procedures { code }');
    expect(unparsable.userErrors[0]).toMatchObject({ field: ['input', 'csv'], code: 'INVALID' });
    const noColumns = await call('importOneStopProcedures', 'ImportOneStopProceduresInput', { csv: 'code,name\n1,x' }, tokens.itOfficer!, 'procedures { code }');
    expect(noColumns.userErrors[0].message).toContain('unitCode');
    const notMine = await call('importOneStopProcedures', 'ImportOneStopProceduresInput', { csv }, tokens.specialist!, 'procedures { code }');
    expect(notMine.userErrors[0].code).toBe('NOT_ALLOWED');
    expect(await count('one_stop_procedure')).toBe(before);
  });
});

describe('intake (Art. 11)', () => {
  it('a complete application becomes a case with its receipt code, appointment in working days and the unit step opened', async () => {
    const record = await received(procedures.main!);
    const today = vietnamDate(new Date());
    expect(record.receiptCode).toMatch(new RegExp(`^SCT-${today.slice(2).replaceAll('-', '')}-${String(record.sequence).padStart(4, '0')}-[A-Z0-9]{4}$`));
    expect(record).toMatchObject({ status: 'IN_PROGRESS', stage: 'UNIT', late: false, needsApology: false, applicant: PERSON, procedure: { code: '1.001' }, handlingUnit: { code: 'QLTM' } });
    expect(new Date(record.appointmentAt).getTime()).toBe(calendar.addWorkingMinutes(new Date(record.receivedAt), 10 * DAY).getTime());
    expect(record.firstAppointmentAt).toBe(record.appointmentAt);
    expect(record.steps[0]).toMatchObject({ stage: 'INTAKE', action: 'RECEIVED', actor: { username: 'hanhdt.sct' }, late: false });
    expect(record.steps[0].doneAt).toBe(record.receivedAt);
    expectOpenDeadline(record, 'UNIT', 5);
  });

  it('a business by its tax code, with a scanned paper', async () => {
    const scan = await app.upload(tokens.oneStopDesk!, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), 'don.pdf');
    const record = await received(procedures.main!, { applicant: BUSINESS, papers: [{ name: 'Đơn đề nghị', fileId: scan.body.id }, { name: 'Bản sao giấy đăng ký kinh doanh', copies: 2 }] });
    expect(record.applicant).toMatchObject({ kind: 'BUSINESS', idNumber: '0100109106', phone: '02438261234', email: null });
    expect(record.papers[0]).toEqual({ name: 'Đơn đề nghị', copies: 1, file: { id: scan.body.id } });
  });

  it('refuses bad input and writes nothing (no case, no step, no number taken)', async () => {
    const before = await Promise.all(['one_stop_case', 'one_stop_step', 'one_stop_slip'].map(count));
    const counter = await sql('select last from one_stop_receipt_counter');
    const cases = [
      [{ applicant: { ...PERSON, idNumber: '12345' } }, ['input', 'applicant', 'idNumber'], 'INVALID'],
      [{ applicant: { ...PERSON, idNumber: '999090000123' } }, ['input', 'applicant', 'idNumber'], 'INVALID'],
      [{ applicant: { ...BUSINESS, idNumber: '0100109107' } }, ['input', 'applicant', 'idNumber'], 'INVALID'],
      [{ applicant: { ...PERSON, phone: '12' } }, ['input', 'applicant', 'phone'], 'INVALID'],
      [{ applicant: { ...PERSON, email: 'khong-phai-thu' } }, ['input', 'applicant', 'email'], 'INVALID'],
      [{ applicant: { ...PERSON, name: '  ' } }, ['input', 'applicant', 'name'], 'REQUIRED'],
      [{ papers: [{ name: 'Đơn đề nghị' }] }, ['input', 'papers'], 'MISSING_PAPER'],
      [{ papers: [{ name: 'Đơn đề nghị' }, { name: 'Bản sao giấy đăng ký kinh doanh', copies: 1 }] }, ['input', 'papers'], 'MISSING_PAPER'],
      [{ papers: [...ALL_PAPERS, { name: 'Giấy lạ' }] }, ['input', 'papers', '2', 'name'], 'INVALID'],
      [{ papers: [{ name: 'Đơn đề nghị', fileId: toGlobalId('StoredFile', '00000000-0000-4000-8000-000000000000') }, ALL_PAPERS[1]] }, ['input', 'papers', '0', 'fileId'], 'NOT_FOUND'],
      [{ procedureId: toGlobalId('OneStopProcedure', '00000000-0000-4000-8000-000000000000') }, ['input', 'procedureId'], 'NOT_FOUND'],
    ] as const;
    for (const [extra, field, code] of cases) {
      const result = await receive(procedures.main!, extra);
      expect(result.case, JSON.stringify(extra)).toBeNull();
      expect(result.userErrors, JSON.stringify(extra)).toContainEqual(expect.objectContaining({ field, code }));
    }
    // Not the desk.
    const clerk = await call('receiveOneStopCase', 'ReceiveOneStopCaseInput', { procedureId: procedures.main, applicant: PERSON, papers: ALL_PAPERS }, tokens.clerk!);
    expect(clerk.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    // Another organisation's procedure is unknown.
    const other = await call('receiveOneStopCase', 'ReceiveOneStopCaseInput', { procedureId: procedures.main, applicant: PERSON, papers: ALL_PAPERS }, tokens.otherSpecialist!);
    expect(other.userErrors[0].code).toBe('NOT_ALLOWED');
    expect(await Promise.all(['one_stop_case', 'one_stop_step', 'one_stop_slip'].map(count))).toEqual(before);
    expect(await sql('select last from one_stop_receipt_counter')).toEqual(counter);
  });

  it('an incomplete application gets a guidance slip listing what is missing; a refused one, a refusal slip', async () => {
    const guidance = await call('issueOneStopGuidance', 'OneStopGuidanceInput', { procedureId: procedures.main, applicant: PERSON, papers: [{ name: 'Đơn đề nghị' }] }, tokens.oneStopDesk!, 'slip { id kind missingPapers applicantName pdfUrl }');
    expect(guidance.userErrors).toEqual([]);
    expect(guidance.slip).toMatchObject({ kind: 'GUIDANCE', missingPapers: ['Bản sao giấy đăng ký kinh doanh'], applicantName: 'Nguyễn Văn An' });
    const complete = await call('issueOneStopGuidance', 'OneStopGuidanceInput', { procedureId: procedures.main, applicant: PERSON, papers: ALL_PAPERS }, tokens.oneStopDesk!, 'slip { id }');
    expect(complete.userErrors[0].code).toBe('INVALID_STATE');
    const refusal = await call('refuseOneStopApplication', 'RefuseOneStopApplicationInput', { procedureId: procedures.main, applicant: PERSON, reason: 'Không thuộc thẩm quyền của Sở' }, tokens.oneStopDesk!, 'slip { id kind reason pdfUrl }');
    expect(refusal.slip).toMatchObject({ kind: 'REFUSAL', reason: 'Không thuộc thẩm quyền của Sở' });
    const noReason = await call('refuseOneStopApplication', 'RefuseOneStopApplicationInput', { procedureId: procedures.main, applicant: PERSON, reason: ' ' }, tokens.oneStopDesk!, 'slip { id }');
    expect(noReason.userErrors[0]).toMatchObject({ field: ['input', 'reason'], code: 'REQUIRED' });
    const pdf = await fetch(new URL(guidance.slip.pdfUrl, app.url), { headers: { authorization: `Bearer ${tokens.oneStopDesk}` } });
    expect(pdf.status).toBe(200);
    const text = (await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true })).text;
    expect(text).toContain('PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('Bản sao giấy đăng ký kinh doanh');
    const forClerk = await fetch(new URL(guidance.slip.pdfUrl, app.url), { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(forClerk.status).toBe(404);
  });

  it('the receipt PDF carries the code, the appointment and a QR code of the look-up address', async () => {
    const record = await received(procedures.main!);
    const response = await fetch(new URL(record.receiptUrl, app.url), { headers: { authorization: `Bearer ${tokens.oneStopDesk}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = (await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true })).text;
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain(record.receiptCode);
    expect(text).toContain(`/public/lookup?code=${record.receiptCode}`);
    // The QR code is an embedded image.
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Subtype /Image');
    for (const role of ['clerk', 'otherLeader']) {
      const refused = await fetch(new URL(record.receiptUrl, app.url), { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(refused.status, role).toBe(404);
    }
  });

  it('200 concurrent intakes on one day take the sequences after the last one, without gaps or repeats', async () => {
    const today = vietnamDate(new Date());
    const before = await sql<{ sequence: number }>('select sequence from one_stop_case where day = ? order by sequence', [today]);
    expect(before.map((row) => row.sequence)).toEqual(before.map((_, index) => index + 1));
    const results = await Promise.all(Array.from({ length: 200 }, () => receive(procedures.main!, {}).then((result) => result.case.sequence as number)));
    expect([...results].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, index) => before.length + index + 1));
    const after = await sql<{ sequence: number }>('select sequence from one_stop_case where day = ? order by sequence', [today]);
    expect(after.map((row) => row.sequence)).toEqual(after.map((_, index) => index + 1));
  }, 120_000);
});
