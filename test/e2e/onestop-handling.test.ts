import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { tellLateSteps } from '../../src/areas/onestop/late-steps.ts';
import { DEMO, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';

/**
 * The handling of a case over HTTP (seed 002 Art. 12), every branch: valid → unit head → leader →
 * desk; invalid → back to the desk and refused; the leader disagreeing; a supplement stopping the
 * clock; a late case with its apology; a result that must be a document. Each step's deadline is
 * checked in working days, and who may take which step is checked (the wrong role or unit, one's
 * own proposal). Then the figures, and who sees nothing of it.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids, units } = signedIn;
const calendar = new WorkingCalendar();
const DAY = calendar.workingDayMinutes;
const procedures: Record<string, string> = {};
const DAYS = { totalDays: 12, intakeDays: 0, unitDays: 5, unitHeadDays: 2, leaderDays: 2, returnDays: 1 };

const CASE = `case { id receiptCode status stage receivedAt appointmentAt firstAppointmentAt finishedAt refusalReason late needsApology resultDocument { id }
  steps { stage startedAt deadline doneAt action actor { username } note late } slips { kind missingPapers reason newAppointmentAt } }`;
const PERSON = { kind: 'PERSON', name: 'Trần Thị Bình', idNumber: '079190000456', phone: '0987654321', address: 'Quận 1, TP. Hồ Chí Minh' };
const PAPERS = [{ name: 'Đơn đề nghị' }];

async function call(name: string, type: string, input: Record<string, unknown>, role: string, selection = CASE) {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, tokens[role]);
  expect(response.errors, name).toBeUndefined();
  return response.data![name];
}

async function act(name: string, type: string, input: Record<string, unknown>, role: string) {
  const result = await call(name, type, input, role);
  expect(result.userErrors, `${name} by ${role}`).toEqual([]);
  return result.case;
}

async function refused(name: string, type: string, input: Record<string, unknown>, role: string, code: string) {
  const result = await call(name, type, input, role);
  expect(result.case, `${name} by ${role}`).toBeNull();
  expect(result.userErrors.map((error: any) => error.code), `${name} by ${role}`).toContain(code);
}

const propose = (id: string, role = 'specialist') => act('proposeOneStopCase', 'OneStopStepInput', { id, note: 'Hồ sơ hợp lệ, đề nghị cấp' }, role);
const submit = (id: string, role = 'unitHead') => act('submitOneStopCase', 'SubmitOneStopCaseInput', { id, note: 'Đề nghị lãnh đạo Sở phê duyệt' }, role);
const approve = (id: string, extra: Record<string, unknown> = {}, role = 'leader') => act('approveOneStopCase', 'ApproveOneStopCaseInput', { id, note: 'Đồng ý', ...extra }, role);
const handOver = (id: string) => act('returnOneStopResult', 'OneStopStepInput', { id }, 'oneStopDesk');

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

async function newCase(procedure = procedures.main!): Promise<any> {
  const result = await call('receiveOneStopCase', 'ReceiveOneStopCaseInput', { procedureId: procedure, applicant: PERSON, papers: PAPERS }, 'oneStopDesk');
  expect(result.userErrors).toEqual([]);
  return result.case;
}

/** The open step is at `stage`, began when the previous step was done, and is due `days` working days later. */
function expectOpen(record: any, stage: string, days: number) {
  const open = record.steps.filter((step: any) => step.doneAt === null);
  expect(open, 'one open step').toHaveLength(1);
  expect(open[0].stage).toBe(stage);
  expect(record.stage).toBe(stage);
  expect(new Date(open[0].deadline).getTime()).toBe(calendar.addWorkingMinutes(new Date(open[0].startedAt), days * DAY).getTime());
  return open[0];
}

const actions = (record: any) => record.steps.map((step: any) => `${step.stage}:${step.action ?? 'open'}`);

beforeAll(async () => {
  app = await startSignedIn(signedIn, { otherOrganisation: true });
  const papers = [{ name: 'Đơn đề nghị', required: true, copies: 1 }];
  for (const [key, extra] of Object.entries({ main: { code: '1.100' }, document: { code: '1.200', resultIsDocument: true } })) {
    const saved = await ok(
      app,
      tokens.itOfficer!,
      'saveOneStopProcedure',
      'OneStopProcedureInput',
      { name: `Thủ tục ${extra.code}`, field: 'Thương mại', handlingUnitId: units.QLTM, fee: 0, papers, ...DAYS, ...extra },
      'procedure { id }',
    );
    procedures[key] = saved.procedure.id;
  }
});
afterAll(() => app?.close());

describe('handling (seed 002 Art. 12)', () => {
  it('valid: specialist → unit head → leader → desk, each step with its deadline, and closed on time', async () => {
    const record = await newCase();
    expectOpen(record, 'UNIT', DAYS.unitDays);
    const proposed = await propose(record.id);
    expectOpen(proposed, 'UNIT_HEAD', DAYS.unitHeadDays);
    const submitted = await submit(record.id);
    expectOpen(submitted, 'LEADER', DAYS.leaderDays);
    const approved = await approve(record.id);
    expect(approved.status).toBe('RESULT_READY');
    expectOpen(approved, 'RETURN', DAYS.returnDays);
    const closed = await handOver(record.id);
    expect(closed).toMatchObject({ status: 'DONE', late: false, needsApology: false });
    expect(closed.finishedAt).not.toBeNull();
    expect(actions(closed)).toEqual(['INTAKE:RECEIVED', 'UNIT:PROPOSED', 'UNIT_HEAD:SUBMITTED', 'LEADER:APPROVED', 'RETURN:RETURNED']);
    expect(closed.steps.map((step: any) => step.actor.username)).toEqual([DEMO.oneStopDesk, DEMO.specialist, DEMO.unitHead, DEMO.leader, DEMO.oneStopDesk]);
    expect(closed.steps[2].note).toBe('Đề nghị lãnh đạo Sở phê duyệt');
    // Each step began when the one before was done.
    for (let index = 1; index < closed.steps.length; index += 1) expect(closed.steps[index].startedAt).toBe(closed.steps[index - 1].doneAt);
    await refused('returnOneStopResult', 'OneStopStepInput', { id: record.id }, 'oneStopDesk', 'INVALID_STATE');
  });

  it('each step only by its role in its unit, in its turn; nothing changes on a refusal', async () => {
    const record = await newCase();
    const before = await sql('select stage, action, done_at from one_stop_step where case_id = ? order by ordinal', [fromGlobalId(record.id)!.id]);
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: record.id }, 'unitHead', 'NOT_ALLOWED');
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: record.id }, 'oneStopDesk', 'NOT_ALLOWED');
    // A specialist of another unit does not see the case at all.
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: record.id }, 'mailboxReader', 'NOT_FOUND');
    await refused('submitOneStopCase', 'SubmitOneStopCaseInput', { id: record.id, note: 'x' }, 'unitHead', 'INVALID_STATE');
    await refused('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id }, 'leader', 'INVALID_STATE');
    await refused('returnOneStopResult', 'OneStopStepInput', { id: record.id }, 'oneStopDesk', 'INVALID_STATE');
    await refused('returnInvalidOneStopCase', 'OneStopReasonInput', { id: record.id, reason: '' }, 'specialist', 'REQUIRED');
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: toGlobalId('OneStopCase', '00000000-0000-4000-8000-000000000000') }, 'specialist', 'NOT_FOUND');
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: 'garbage' }, 'specialist', 'NOT_FOUND');
    expect(await sql('select stage, action, done_at from one_stop_step where case_id = ? order by ordinal', [fromGlobalId(record.id)!.id])).toEqual(before);
    await propose(record.id);
    await refused('submitOneStopCase', 'SubmitOneStopCaseInput', { id: record.id, note: 'x' }, 'specialist', 'NOT_ALLOWED');
    await refused('submitOneStopCase', 'SubmitOneStopCaseInput', { id: record.id, note: ' ' }, 'unitHead', 'REQUIRED');
    await submit(record.id);
    await refused('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id }, 'unitHead', 'NOT_ALLOWED');
    await refused('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id }, 'oneStopDesk', 'NOT_ALLOWED');
  });

  it('a leader never approves a proposal of their own (a unit head who is also a deputy leader)', async () => {
    // The information team's head is its specialist too; she is made a deputy leader (proposed by IT, confirmed by the leader).
    const grant = await ok(app, tokens.itOfficer!, 'proposeRightsGrant', 'ProposeRightsGrantInput', { accountId: ids.informationLead, roles: ['DEPUTY_LEADER'] }, 'rightsGrant { id }');
    await ok(app, tokens.leader!, 'confirmRightsGrant', 'DecideRightsGrantInput', { id: grant.rightsGrant.id }, 'rightsGrant { id }');
    const saved = await ok(app, tokens.itOfficer!, 'saveOneStopProcedure', 'OneStopProcedureInput', { code: '1.300', name: 'Thủ tục của nhóm thông tin', field: 'Thông tin', handlingUnitId: units.TTIN, fee: 0, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }], ...DAYS }, 'procedure { id }');
    const record = await newCase(saved.procedure.id);
    await propose(record.id, 'informationLead');
    await submit(record.id, 'informationLead');
    const own = await call('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id }, 'informationLead');
    expect(own.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED', message: 'Không được tự phê duyệt đề xuất của chính mình.' })]);
    await approve(record.id, {}, 'deputy');
  });

  it('invalid: back to the desk with the reason, a refusal slip, returned and refused', async () => {
    const record = await newCase();
    const invalid = await act('returnInvalidOneStopCase', 'OneStopReasonInput', { id: record.id, reason: 'Giấy đăng ký kinh doanh hết hiệu lực' }, 'specialist');
    expect(invalid).toMatchObject({ status: 'REFUSAL_READY', refusalReason: 'Giấy đăng ký kinh doanh hết hiệu lực' });
    expect(invalid.slips).toEqual([expect.objectContaining({ kind: 'REFUSAL', reason: 'Giấy đăng ký kinh doanh hết hiệu lực' })]);
    expectOpen(invalid, 'RETURN', DAYS.returnDays);
    const closed = await handOver(record.id);
    expect(closed.status).toBe('REFUSED');
    expect(actions(closed)).toEqual(['INTAKE:RECEIVED', 'UNIT:INVALID', 'RETURN:RETURNED']);
  });

  it('the leader disagrees: back to the unit with the reason and the unit step allowed again', async () => {
    const record = await newCase();
    await propose(record.id);
    await submit(record.id);
    await refused('disagreeOneStopCase', 'OneStopReasonInput', { id: record.id, reason: ' ' }, 'leader', 'REQUIRED');
    const back = await act('disagreeOneStopCase', 'OneStopReasonInput', { id: record.id, reason: 'Cần xác minh thực địa' }, 'leader');
    expectOpen(back, 'UNIT', DAYS.unitDays);
    expect(back.steps.at(-2)).toMatchObject({ stage: 'LEADER', action: 'DISAGREED', note: 'Cần xác minh thực địa' });
    await propose(record.id);
    await submit(record.id);
    await approve(record.id);
    const closed = await handOver(record.id);
    expect(actions(closed)).toEqual(['INTAKE:RECEIVED', 'UNIT:PROPOSED', 'UNIT_HEAD:SUBMITTED', 'LEADER:DISAGREED', 'UNIT:PROPOSED', 'UNIT_HEAD:SUBMITTED', 'LEADER:APPROVED', 'RETURN:RETURNED']);
  });

  it('a supplement stops the clock: the step deadline and the appointment move on by the working time waited', async () => {
    const record = await newCase();
    await refused('requestOneStopSupplement', 'RequestOneStopSupplementInput', { id: record.id, missingPapers: [' '] }, 'specialist', 'REQUIRED');
    const waiting = await act('requestOneStopSupplement', 'RequestOneStopSupplementInput', { id: record.id, missingPapers: ['Bản đồ vị trí cửa hàng'], note: 'Bổ sung trong 10 ngày' }, 'specialist');
    expect(waiting.status).toBe('AWAITING_SUPPLEMENT');
    expect(waiting.slips).toEqual([expect.objectContaining({ kind: 'SUPPLEMENT', missingPapers: ['Bản đồ vị trí cửa hàng'] })]);
    expect(waiting.needsApology).toBe(false);
    await refused('proposeOneStopCase', 'OneStopStepInput', { id: record.id }, 'specialist', 'INVALID_STATE');
    await refused('receiveOneStopSupplement', 'OneStopStepInput', { id: record.id }, 'specialist', 'NOT_ALLOWED');
    // The applicant comes back three calendar days later.
    const pausedAt = new Date(Date.now() - 3 * 86_400_000);
    await sql('update one_stop_case set paused_at = ? where id = ?', [pausedAt, fromGlobalId(record.id)!.id]);
    const openBefore = expectOpen(waiting, 'UNIT', DAYS.unitDays);
    const resumed = await act('receiveOneStopSupplement', 'OneStopStepInput', { id: record.id, note: 'Đã nhận bản đồ' }, 'oneStopDesk');
    expect(resumed.status).toBe('IN_PROGRESS');
    const receivedAt = new Date(resumed.steps.at(-1).doneAt);
    expect(resumed.steps.at(-1)).toMatchObject({ action: 'SUPPLEMENT_RECEIVED', actor: { username: DEMO.oneStopDesk } });
    const waited = calendar.workingMinutesBetween(pausedAt, receivedAt);
    expect(waited).toBeGreaterThanOrEqual(DAY);
    const open = resumed.steps.find((step: any) => step.doneAt === null);
    expect(new Date(open.deadline).getTime()).toBe(calendar.addWorkingMinutes(new Date(openBefore.deadline), waited).getTime());
    expect(new Date(resumed.appointmentAt).getTime()).toBe(calendar.addWorkingMinutes(new Date(record.appointmentAt), waited).getTime());
    expect(resumed.firstAppointmentAt).toBe(resumed.appointmentAt);
    await propose(record.id);
  });

  it('late: a case that will miss its appointment is flagged and needs an apology with a new date', async () => {
    const record = await newCase();
    const onTime = await call('apologiseOneStopCase', 'ApologiseOneStopCaseInput', { id: record.id, newDate: vietnamDate(new Date(Date.now() + 30 * 86_400_000)), reason: 'Chậm' }, 'oneStopDesk', 'case { id } slip { id }');
    expect(onTime.userErrors[0]).toMatchObject({ code: 'INVALID_STATE' });
    // Its unit step ran out yesterday; the appointment is an hour away.
    const caseId = fromGlobalId(record.id)!.id;
    await sql("update one_stop_step set deadline = now() - interval '1 day', started_at = now() - interval '8 days' where case_id = ? and done_at is null", [caseId]);
    await sql("update one_stop_case set appointment_at = now() + interval '1 hour', first_appointment_at = now() + interval '1 hour' where id = ?", [caseId]);
    const late = (await app.gql(`query ($id: ID!) { oneStopCase(id: $id) { late needsApology appointmentAt steps { late doneAt } } }`, { id: record.id }, tokens.oneStopDesk)).data!.oneStopCase;
    expect(late).toMatchObject({ late: true, needsApology: true });
    expect(late.steps.find((step: any) => step.doneAt === null).late).toBe(true);
    // The sweep tells the step's handlers and their heads, once.
    expect((await tellLateSteps({ orm: app.db.orm })).lateSteps).toBe(1);
    expect((await tellLateSteps({ orm: app.db.orm })).lateSteps).toBe(0);
    for (const [role, told] of [['specialist', true], ['unitHead', true], ['leader', false], ['legalAppraiser', false]] as const) {
      const notices = (await app.gql('{ myNotices(first: 20) { nodes { text kind } } }', {}, tokens[role])).data!.myNotices.nodes;
      expect(notices.some((notice: any) => notice.kind === 'OVERDUE' && notice.text.includes(record.receiptCode)), role).toBe(told);
    }
    // The earliest the case can now be done: the remaining stages' days from now.
    const earliest = calendar.addWorkingMinutes(new Date(), (DAYS.unitHeadDays + DAYS.leaderDays + DAYS.returnDays) * DAY);
    let tooEarly = vietnamDate(new Date(earliest.getTime() - 86_400_000));
    while (!calendar.isWorkingDay(tooEarly)) tooEarly = vietnamDate(new Date(Date.parse(`${tooEarly}T12:00:00+07:00`) - 86_400_000));
    let sunday = vietnamDate(new Date(Date.now() + 20 * 86_400_000));
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = vietnamDate(new Date(Date.parse(`${sunday}T12:00:00+07:00`) + 86_400_000));
    let good = vietnamDate(earliest);
    while (!calendar.isWorkingDay(good)) good = vietnamDate(new Date(Date.parse(`${good}T12:00:00+07:00`) + 86_400_000));
    for (const [newDate, field] of [[sunday, 'newDate'], [tooEarly, 'newDate']] as const) {
      const bad = await call('apologiseOneStopCase', 'ApologiseOneStopCaseInput', { id: record.id, newDate, reason: 'Chậm do xác minh' }, 'oneStopDesk', 'case { id } slip { id }');
      expect(bad.userErrors, newDate).toContainEqual(expect.objectContaining({ field: ['input', field], code: 'INVALID' }));
    }
    const notDesk = await call('apologiseOneStopCase', 'ApologiseOneStopCaseInput', { id: record.id, newDate: good, reason: 'Chậm' }, 'specialist', 'case { id } slip { id }');
    expect(notDesk.userErrors[0].code).toBe('NOT_ALLOWED');
    const apology = await call('apologiseOneStopCase', 'ApologiseOneStopCaseInput', { id: record.id, newDate: good, reason: 'Chậm do phải xác minh thực địa' }, 'oneStopDesk', `${CASE} slip { kind reason newAppointmentAt pdfUrl }`);
    expect(apology.userErrors).toEqual([]);
    expect(apology.slip).toMatchObject({ kind: 'APOLOGY', reason: 'Chậm do phải xác minh thực địa' });
    expect(vietnamDate(new Date(apology.case.appointmentAt))).toBe(good);
    expect(apology.slip.newAppointmentAt).toBe(apology.case.appointmentAt);
    expect(apology.case.firstAppointmentAt).not.toBe(apology.case.appointmentAt);
    expect(apology.case).toMatchObject({ late: true, needsApology: false });
    expect(actions(apology.case)).toEqual(['INTAKE:RECEIVED', 'UNIT:open', 'UNIT:APOLOGISED']);
    const pdf = await fetch(new URL(apology.slip.pdfUrl, app.url), { headers: { authorization: `Bearer ${tokens.oneStopDesk}` } });
    expect(pdf.status).toBe(200);
  });

  it('a result that is a document: refused without it or with one not issued, taken with an issued one', async () => {
    const record = await newCase(procedures.document);
    await propose(record.id);
    await submit(record.id);
    const missing = await call('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id }, 'leader');
    expect(missing.userErrors).toEqual([expect.objectContaining({ field: ['input', 'resultDocumentId'], code: 'REQUIRED' })]);
    const step = (name: string, role: string, input: Record<string, unknown>) =>
      ok(app, tokens[role]!, name, name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput', input, 'document { id }');
    const draft = (await step('createOutgoingDraft', 'specialist', { kind: 'CONG_VAN', subject: 'Giấy phép bán lẻ rượu' })).document;
    const unissued = await call('approveOneStopCase', 'ApproveOneStopCaseInput', { id: record.id, resultDocumentId: draft.id }, 'leader');
    expect(unissued.userErrors).toEqual([expect.objectContaining({ field: ['input', 'resultDocumentId'], code: 'NOT_FOUND' })]);
    await step('submitOutgoingDocument', 'specialist', { id: draft.id });
    await step('forwardOutgoingDocument', 'unitHead', { id: draft.id });
    await step('approveOutgoingDocument', 'leader', { id: draft.id });
    await step('issueOutgoingDocument', 'clerk', { id: draft.id });
    const approved = await approve(record.id, { resultDocumentId: draft.id });
    expect(approved.resultDocument).toEqual({ id: draft.id });
  });
});

describe('figures (issue 17 §4)', () => {
  it('received, on time, early, late, in progress, supplemented and refused by procedure, unit and month, in one statement', async () => {
    const month = vietnamDate(new Date()).slice(0, 7);
    const response = await app.gql(
      `query ($month: String!) { oneStopFigures(fromMonth: $month, toMonth: $month) { month procedure { code } handlingUnit { code } received onTime early late inProgress returnedForSupplement refused } }`,
      { month },
      tokens.leader,
    );
    expect(response.errors).toBeUndefined();
    // What the cases of this file come to, counted here from their rows.
    const rows = await sql<any>('select c.status, c.finished_at, c.first_appointment_at, c.supplement_count, p.code, u.code as unit from one_stop_case c join one_stop_procedure p on p.id = c.procedure_id join unit u on u.id = c.handling_unit_id');
    const local = (at: Date) => vietnamDate(new Date(at));
    const expected = ['1.100', '1.200', '1.300'].map((code) => {
      const mine = rows.filter((row) => row.code === code);
      const done = mine.filter((row) => row.status === 'DONE');
      return {
        month,
        procedure: { code },
        handlingUnit: { code: mine[0].unit },
        received: mine.length,
        onTime: done.filter((row) => row.finished_at <= row.first_appointment_at && local(row.finished_at) === local(row.first_appointment_at)).length,
        early: done.filter((row) => local(row.finished_at) < local(row.first_appointment_at)).length,
        late: done.filter((row) => row.finished_at > row.first_appointment_at).length,
        inProgress: mine.filter((row) => row.finished_at === null).length,
        returnedForSupplement: mine.filter((row) => row.supplement_count > 0).length,
        refused: mine.filter((row) => row.status === 'REFUSED').length,
      };
    });
    expect([...response.data!.oneStopFigures].sort((x: any, y: any) => x.procedure.code.localeCompare(y.procedure.code))).toEqual(expected);
    expect(expected[0]!.received).toBeGreaterThan(5);
    expect(expected[0]!.refused).toBe(1);
    expect(expected[0]!.returnedForSupplement).toBe(1);
    expect(expected[0]!.early).toBe(2);
    const bad = await app.gql(`{ oneStopFigures(fromMonth: "2026-13", toMonth: "2026-01") { month } }`, {}, tokens.leader);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const role of ['specialist', 'clerk']) {
      const denied = await app.gql(`{ oneStopFigures(fromMonth: "2026-01", toMonth: "2026-12") { month } }`, {}, tokens[role]);
      expect(denied.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const other = await app.gql(`query ($month: String!) { oneStopFigures(fromMonth: $month, toMonth: $month) { received } }`, { month }, tokens.otherLeader);
    expect(other.data?.oneStopFigures).toEqual([]);
  });
});

describe('fail closed', () => {
  it('another organisation and a plain staff member see no case: by id, node, list, count, receipt', async () => {
    const all = (await app.gql('{ oneStopCases(first: 100) { totalCount nodes { id receiptUrl } } }', {}, tokens.oneStopDesk)).data!.oneStopCases;
    expect(all.totalCount).toBeGreaterThan(5);
    const someone = all.nodes[0];
    // The handling unit's people see them; a unit head of another unit does not.
    const ofQltm = await sql<{ n: string }>("select count(*) as n from one_stop_case c join unit u on u.id = c.handling_unit_id where u.code = 'QLTM'");
    expect((await app.gql('{ oneStopCases(first: 1) { totalCount } }', {}, tokens.specialist)).data!.oneStopCases.totalCount).toBe(Number(ofQltm[0]!.n));
    expect(Number(ofQltm[0]!.n)).toBeLessThan(all.totalCount);
    for (const role of ['clerk', 'itOfficer', 'legalAppraiser', 'otherLeader', 'otherSpecialist']) {
      const listed = await app.gql('{ oneStopCases(first: 10) { totalCount nodes { id } } }', {}, tokens[role]);
      expect(listed.data?.oneStopCases, role).toEqual({ totalCount: 0, nodes: [] });
      const byId = await app.gql('query ($id: ID!) { oneStopCase(id: $id) { id } }', { id: someone.id }, tokens[role]);
      const missing = await app.gql('query ($id: ID!) { oneStopCase(id: $id) { id } }', { id: toGlobalId('OneStopCase', '00000000-0000-4000-8000-000000000000') }, tokens[role]);
      expect(byId.errors, role).toEqual(missing.errors);
      expect(byId.data, role).toEqual({ oneStopCase: null });
      const node = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: someone.id }, tokens[role]);
      expect(node.data, role).toEqual({ node: null });
      const receipt = await fetch(new URL(someone.receiptUrl, app.url), { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(receipt.status, role).toBe(404);
      await refused('proposeOneStopCase', 'OneStopStepInput', { id: someone.id }, role, 'NOT_FOUND');
    }
    const anonymous = await fetch(new URL(someone.receiptUrl, app.url));
    expect(anonymous.status).toBe(401);
    const other = (await app.gql('{ oneStopProcedures { code } }', {}, tokens.otherLeader)).data!.oneStopProcedures;
    expect(other).toEqual([]);
  });
});
