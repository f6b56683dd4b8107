import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startSignedIn, type TestApp } from '../support/app.ts';

/** Tasks over HTTP: assignment, progress, closing only with an issued document, the state machine, visibility. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
const TASK = 'task { id status progress overdue fulfilledBy { numberNotation } assigneeAccount { username } assigneeUnit { code } progressReports { percent note author { username } } }';

async function call(mutation: string, inputType: string, input: Record<string, unknown>, role: string) {
  const response = await app.gql(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${TASK} userErrors { field code message } } }`, { input }, tokens[role]);
  return { errors: response.errors, ...response.data?.[mutation] };
}
const assign = (input: Record<string, unknown>, role = 'leader') => call('assignTask', 'AssignTaskInput', input, role);

async function issuedDocument(): Promise<string> {
  const step = async (mutation: string, input: Record<string, unknown>, role: string) =>
    (await app.gql(`mutation ($input: ${mutation === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput'}!) { ${mutation}(input: $input) { document { id } userErrors { code } } }`, { input }, tokens[role])).data![mutation].document.id;
  const id = await step('createOutgoingDraft', { kind: 'BAO_CAO', subject: 'Báo cáo kết quả rà soát' }, 'specialist');
  await step('submitOutgoingDocument', { id }, 'specialist');
  await step('forwardOutgoingDocument', { id }, 'unitHead');
  await step('approveOutgoingDocument', { id }, 'leader');
  await step('issueOutgoingDocument', { id }, 'clerk');
  return id;
}

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units }, { otherOrganisation: true });
});
afterAll(() => app?.close());

describe('tasks', () => {
  it('runs assigned → progress → done with the issued document linked by number and date', async () => {
    const assigned = await assign({ title: 'Rà soát thủ tục hành chính', assigneeAccountId: ids.specialist, deadline: tomorrow() });
    expect(assigned.userErrors).toEqual([]);
    expect(assigned.task).toMatchObject({ status: 'ASSIGNED', overdue: false, assigneeAccount: { username: DEMO.specialist } });
    const reported = await call('reportTaskProgress', 'ReportTaskProgressInput', { id: assigned.task.id, percent: 40, note: 'Đã rà soát 12/30 thủ tục' }, 'specialist');
    expect(reported.task).toMatchObject({ status: 'IN_PROGRESS', progress: 40, progressReports: [{ percent: 40, author: { username: DEMO.specialist } }] });

    const withoutDocument = await call('closeTask', 'CloseTaskInput', { id: assigned.task.id }, 'specialist');
    expect(withoutDocument.userErrors).toEqual([expect.objectContaining({ field: ['input', 'documentId'], code: 'REQUIRED' })]);
    const draft = (await app.gql(`mutation { createOutgoingDraft(input: { kind: "BAO_CAO", subject: "Chưa ban hành" }) { document { id } } }`, {}, tokens.specialist)).data!.createOutgoingDraft.document.id;
    const notIssued = await call('closeTask', 'CloseTaskInput', { id: assigned.task.id, documentId: draft }, 'specialist');
    expect(notIssued.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);

    const documentId = await issuedDocument();
    const closed = await call('closeTask', 'CloseTaskInput', { id: assigned.task.id, documentId }, 'specialist');
    expect(closed.task).toMatchObject({ status: 'DONE', progress: 100, fulfilledBy: { numberNotation: expect.stringMatching(/^\d{2,}\/BC-SCT$/) } });

    // Done is final.
    for (const [mutation, type, input] of [
      ['reportTaskProgress', 'ReportTaskProgressInput', { id: assigned.task.id, percent: 50, note: 'Sau khi xong' }],
      ['closeTask', 'CloseTaskInput', { id: assigned.task.id, documentId }],
      ['cancelTask', 'CancelTaskInput', { id: assigned.task.id, reason: 'Hủy muộn' }],
    ] as const) {
      expect((await call(mutation, type, input, mutation === 'cancelTask' ? 'leader' : 'specialist')).userErrors, mutation).toEqual([
        expect.objectContaining({ code: 'INVALID_STATE' }),
      ]);
    }
  });

  it('refuses bad assignments and writes nothing', async () => {
    const before = (await app.gql('{ tasks(first: 1) { totalCount } }', {}, tokens.leader)).data!.tasks.totalCount;
    const otherUnit = (await app.gql('{ organisation { units { id } } }', {}, tokens.otherLeader)).data!.organisation.units[0].id;
    const disabled = (await app.gql(`mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }`, { input: { fullName: 'Tạ Văn Nghỉ', unitId: units.QLTM, title: 'SPECIALIST', roles: ['SPECIALIST'] } }, tokens.itOfficer)).data!.createAccount.account.id;
    await app.gql('mutation ($id: ID!) { disableAccount(input: { id: $id }) { userErrors { code } } }', { id: disabled }, tokens.itOfficer);
    const cases: [Record<string, unknown>, string][] = [
      [{ assigneeUnitId: otherUnit }, 'INVALID_UNIT'],
      [{ assigneeAccountId: ids.otherSpecialist }, 'NOT_FOUND'],
      [{ assigneeAccountId: disabled }, 'INVALID_STATE'],
      [{ assigneeAccountId: ids.specialist, deadline: new Date(Date.now() - 3600_000).toISOString() }, 'INVALID'],
      [{ assigneeAccountId: ids.specialist, assigneeUnitId: units.QLTM }, 'INVALID'],
      [{ assigneeAccountId: ids.specialist, title: ' ' }, 'REQUIRED'],
    ];
    for (const [input, code] of cases) {
      const result = await assign({ title: 'Nhiệm vụ', deadline: tomorrow(), ...input });
      expect(result.task, JSON.stringify(input)).toBeNull();
      expect(result.userErrors.map((error: { code: string }) => error.code), JSON.stringify(input)).toContain(code);
    }
    expect((await assign({ title: 'x', assigneeAccountId: ids.specialist, deadline: tomorrow() }, 'specialist')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A unit head assigns within their own unit only.
    expect((await assign({ title: 'Ngoài đơn vị', assigneeAccountId: ids.clerk, deadline: tomorrow() }, 'unitHead')).userErrors[0].code).toBe('NOT_ALLOWED');
    expect((await assign({ title: 'Trong đơn vị', assigneeAccountId: ids.specialist, deadline: tomorrow() }, 'unitHead')).userErrors).toEqual([]);
    expect((await app.gql('{ tasks(first: 1) { totalCount } }', {}, tokens.leader)).data!.tasks.totalCount).toBe(before + 1);
  });

  it('shows a task to its assigner, its carrier, the heads above and the leaders only', async () => {
    const { task } = await assign({ title: 'Chuẩn bị hội nghị', assigneeUnitId: units.QLTM, deadline: tomorrow() });
    const read = (role: string) => app.gql('query ($id: ID!) { node(id: $id) { ... on Task { title } } }', { id: task.id }, tokens[role]);
    for (const role of ['leader', 'deputy', 'unitHead']) expect((await read(role)).data?.node, role).toEqual({ title: 'Chuẩn bị hội nghị' });
    for (const role of ['clerk', 'itOfficer', 'otherLeader']) expect((await read(role)).errors?.[0]?.extensions?.code, role).toBe('NOT_FOUND');
    // Nor do they find it to act on: not found, never "not yours".
    for (const role of ['clerk', 'itOfficer']) {
      expect((await call('reportTaskProgress', 'ReportTaskProgressInput', { id: task.id, percent: 10, note: 'Thử' }, role)).userErrors, role).toEqual([
        expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' }),
      ]);
    }
    // The unit head carries a unit's task and may report on it; a specialist of another unit may not.
    expect((await call('reportTaskProgress', 'ReportTaskProgressInput', { id: task.id, percent: 10, note: 'Bắt đầu' }, 'unitHead')).userErrors).toEqual([]);
    const carried = await app.gql('{ tasks(first: 10, filter: { relation: CARRIED_BY_ME }) { nodes { id } } }', {}, tokens.unitHead);
    expect(carried.data?.tasks.nodes.map((node: { id: string }) => node.id)).toContain(task.id);
    const cancelled = await call('cancelTask', 'CancelTaskInput', { id: task.id, reason: 'Hoãn hội nghị' }, 'leader');
    expect(cancelled.task.status).toBe('CANCELLED');
  });
});
