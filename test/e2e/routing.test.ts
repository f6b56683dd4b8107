import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { DEMO, startSignedIn, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';
import { QUIET_WINDOW_MS, subscribe } from '../support/wait.ts';

/**
 * Directions and assignments over HTTP (Decree 30 Art. 20–24; seed 004 Art. 12 §2): the leader's
 * direction with lead, coordinating and for-information, the unit head passing on, read and done,
 * the processing slip, who sees what, and bad input that writes nothing.
 */
/** Distinct numbers, so that no registration is held as a probable duplicate of another. */

let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};
const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

const ASSIGNMENT = 'id role status overdue handledOnTime deadline result assigneeAccount { username } assigneeUnit { code } assignedBy { username } readAt doneAt';
const DIRECTION = `direction { id note author { username } onBehalfOf { username } assignments { ${ASSIGNMENT} } } userErrors { field code message }`;

async function register(subject: string, extra: Record<string, unknown> = {}, clerk = 'clerk'): Promise<string> {
  return (await registerIncoming(app, tokens[clerk]!, { subject, ...extra })).id;
}

async function direct(input: Record<string, unknown>, role = 'leader') {
  const response = await app.gql(`mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { ${DIRECTION} } }`, { input }, tokens[role]);
  return { errors: response.errors, ...response.data?.directDocument };
}

async function act(mutation: 'markAssignmentRead' | 'completeAssignment', input: Record<string, unknown>, role: string) {
  const type = mutation === 'markAssignmentRead' ? 'AssignmentInput' : 'CompleteAssignmentInput';
  const response = await app.gql(`mutation ($input: ${type}!) { ${mutation}(input: $input) { assignment { ${ASSIGNMENT} } userErrors { field code message } } }`, { input }, tokens[role]);
  return { errors: response.errors, ...response.data?.[mutation] };
}

async function passOn(input: Record<string, unknown>, role = 'unitHead') {
  const response = await app.gql(`mutation ($input: PassOnAssignmentInput!) { passOnAssignment(input: $input) { ${DIRECTION} } }`, { input }, tokens[role]);
  return { errors: response.errors, ...response.data?.passOnAssignment };
}

const directionCount = async () => Number((await app.db.orm.em.fork().getConnection().execute('select count(*) as n from direction'))[0]?.n);

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units }, { otherOrganisation: true });
});
afterAll(() => app?.close());

describe('the leader directs an incoming document', () => {
  it('assigns a lead unit, a coordinating person and one for information, each with its own deadline', async () => {
    const documentId = await register('Đề nghị báo cáo tình hình thương mại điện tử');
    // Before the direction the specialist does not see it.
    expect((await app.gql('query ($id: ID!) { document(id: $id) { id } }', { id: documentId }, tokens.specialist)).data?.document).toBeNull();
    const result = await direct({
      documentId,
      note: 'Giao Phòng QLTM chủ trì, Phòng Pháp chế phối hợp; báo cáo trước thứ Sáu.',
      assignees: [
        { unitId: units.QLTM, role: 'LEAD', deadline: inHours(72) },
        { accountId: ids.legalAppraiser, role: 'COORDINATE', deadline: inHours(48) },
        { accountId: ids.deputy, role: 'INFORM' },
      ],
    });
    expect(result.userErrors).toEqual([]);
    expect(result.direction).toMatchObject({ author: { username: DEMO.leader }, onBehalfOf: null });
    expect(result.direction.assignments.map((a: any) => [a.role, a.assigneeUnit?.code ?? a.assigneeAccount?.username, a.status])).toEqual([
      ['LEAD', 'QLTM', 'RECEIVED'],
      ['COORDINATE', DEMO.legalAppraiser, 'RECEIVED'],
      ['INFORM', DEMO.deputy, 'RECEIVED'],
    ]);
    const [lead, coordinate, inform] = result.direction.assignments;

    // The unit head sees it through the unit; the coordinating person directly; the clerk's view is unchanged.
    for (const role of ['unitHead', 'legalAppraiser', 'deputy']) {
      expect((await app.gql('query ($id: ID!) { document(id: $id) { id } }', { id: documentId }, tokens[role])).data?.document, role).not.toBeNull();
    }

    // "For information" is done once read.
    const read = await act('markAssignmentRead', { id: inform.id }, 'deputy');
    expect(read.assignment).toMatchObject({ status: 'DONE', handledOnTime: true });

    // The head passes the unit's part to the specialist, within the unit's deadline.
    const tooLate = await passOn({ id: lead.id, note: 'Chị Hà xử lý', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(100) }] });
    expect(tooLate.userErrors).toEqual([expect.objectContaining({ field: ['input', 'assignees', '0', 'deadline'], code: 'INVALID' })]);
    const outside = await passOn({ id: lead.id, note: 'Anh Tâm xử lý', assignees: [{ accountId: ids.mailboxReader, role: 'LEAD', deadline: inHours(24) }] });
    expect(outside.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_UNIT' })]);
    const notHead = await passOn({ id: lead.id, note: 'Tự giao', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(24) }] }, 'legalAppraiser');
    expect(notHead.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    const passed = await passOn({ id: lead.id, note: 'Chị Hà xử lý, dự thảo báo cáo', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(48) }] });
    expect(passed.userErrors).toEqual([]);
    const handler = passed.direction.assignments[0];
    expect(handler).toMatchObject({ role: 'LEAD', assigneeAccount: { username: DEMO.specialist }, assignedBy: { username: DEMO.unitHead } });

    // Only the one it was given to acts on it; the lead must say what was done.
    expect((await act('completeAssignment', { id: handler.id, result: 'Xong' }, 'legalAppraiser')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
    expect((await act('completeAssignment', { id: handler.id }, 'specialist')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'result'], code: 'REQUIRED' })]);
    const done = await act('completeAssignment', { id: handler.id, result: 'Đề xuất: Sở báo cáo theo mẫu, dự thảo kèm theo.' }, 'specialist');
    expect(done.assignment).toMatchObject({ status: 'DONE', handledOnTime: true, result: 'Đề xuất: Sở báo cáo theo mẫu, dự thảo kèm theo.' });
    expect((await act('completeAssignment', { id: handler.id, result: 'Lần nữa' }, 'specialist')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect((await act('completeAssignment', { id: coordinate.id, result: 'Ý kiến pháp chế: thống nhất.' }, 'legalAppraiser')).userErrors).toEqual([]);

    // The processing slip reads as one object: the leader's direction, the head's, the proposals.
    const slip = await app.gql(
      `query ($id: ID!) { document(id: $id) { processingSlip {
          deliveryDeadline deliveredAt deliveredOnTime
          leaderDirections { note author { username } assignments { role assigneeUnit { code } assigneeAccount { username } deadline } }
          unitDirections { note author { username } fromAssignment { assigneeUnit { code } } assignments { assigneeAccount { username } deadline } }
          proposals { role result assigneeAccount { username } }
        } } }`,
      { id: documentId },
      tokens.leader,
    );
    const processingSlip = slip.data!.document.processingSlip;
    expect(processingSlip.leaderDirections).toHaveLength(1);
    expect(processingSlip.leaderDirections[0].assignments).toHaveLength(3);
    expect(processingSlip.unitDirections).toEqual([
      { note: 'Chị Hà xử lý, dự thảo báo cáo', author: { username: DEMO.unitHead }, fromAssignment: { assigneeUnit: { code: 'QLTM' } }, assignments: [{ assigneeAccount: { username: DEMO.specialist }, deadline: expect.any(String) }] },
    ]);
    expect(processingSlip.proposals.map((p: any) => [p.role, p.assigneeAccount.username])).toEqual([
      ['LEAD', DEMO.specialist],
      ['COORDINATE', DEMO.legalAppraiser],
    ]);
    expect(processingSlip.deliveredOnTime).toBe(true);
    expect(new Date(processingSlip.deliveredAt).getTime()).toBeLessThanOrEqual(new Date(processingSlip.deliveryDeadline).getTime());

    // The specialist sees the slip of a document given to them; someone not on it gets nothing.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: handler.id }, tokens.specialist)).data?.node).toMatchObject({ id: handler.id });
    for (const role of ['oneStopDesk', 'otherSpecialist', 'otherLeader']) {
      const other = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: lead.id }, tokens[role]);
      const missing = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Assignment', randomUUID()) }, tokens[role]);
      expect(other.data, role).toEqual({ node: null });
      expect(other.errors?.[0]?.extensions?.code, role).toBe(missing.errors?.[0]?.extensions?.code);
      const acting = await act('markAssignmentRead', { id: lead.id }, role);
      expect(acting.userErrors, role).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    }
  });

  it('acts under a delegation on the leader’s behalf, and refuses a deputy without one', async () => {
    const documentId = await register('Giấy mời họp');
    const input = { documentId, note: 'Phòng QLTM dự họp', assignees: [{ unitId: units.QLTM, role: 'LEAD', deadline: inHours(24) }] };
    // Seed 000 Art. 8 §4: the head directs; a deputy only when designated in the head's absence.
    for (const role of ['deputy', 'unitHead', 'itOfficer']) expect((await direct(input, role)).errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    const delegation = await app.gql(
      'mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { userErrors { code } } }',
      { input: { toAccountId: ids.deputy, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: inHours(2), reason: 'Đi công tác' } },
      tokens.leader,
    );
    expect(delegation.data?.createDelegation.userErrors).toEqual([]);
    const deputyToken = await app.login(DEMO.deputy);
    const response = await app.gql(`mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { ${DIRECTION} } }`, { input }, deputyToken);
    expect(response.data?.directDocument.userErrors).toEqual([]);
    expect(response.data?.directDocument.direction).toMatchObject({ author: { username: DEMO.deputy }, onBehalfOf: { username: DEMO.leader } });
  });

  it('refuses bad directions and writes nothing', async () => {
    const documentId = await register('Văn bản thử lỗi');
    const otherUnit = (await app.gql('{ organisation { units { id } } }', {}, tokens.otherLeader)).data!.organisation.units[0].id;
    const disabled = (
      await app.gql(
        'mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }',
        { input: { fullName: 'Tạ Văn Nghỉ', unitId: units.QLTM, title: 'SPECIALIST', roles: ['SPECIALIST'] } },
        tokens.itOfficer,
      )
    ).data!.createAccount.account.id;
    await app.gql('mutation ($id: ID!) { disableAccount(input: { id: $id }) { userErrors { code } } }', { id: disabled }, tokens.itOfficer);
    const before = await directionCount();
    const cases: [Record<string, unknown>[], string, string[] | null][] = [
      [[{ unitId: otherUnit, role: 'LEAD', deadline: inHours(24) }], 'INVALID_UNIT', ['input', 'assignees', '0', 'unitId']],
      [[{ accountId: ids.otherSpecialist, role: 'LEAD' }], 'NOT_FOUND', ['input', 'assignees', '0', 'accountId']],
      [[{ accountId: disabled, role: 'LEAD' }], 'INVALID_STATE', ['input', 'assignees', '0', 'accountId']],
      [[{ unitId: units.QLTM, role: 'LEAD', deadline: inHours(-1) }], 'INVALID', ['input', 'assignees', '0', 'deadline']],
      [[{ unitId: units.QLTM, role: 'LEAD' }, { unitId: units.KTAT, role: 'LEAD' }], 'DUPLICATE', ['input', 'assignees']],
      [[{ unitId: units.QLTM, role: 'LEAD' }, { unitId: units.QLTM, role: 'COORDINATE' }], 'DUPLICATE', ['input', 'assignees', '1']],
      [[{ accountId: ids.deputy, role: 'INFORM', deadline: inHours(5) }], 'INVALID', ['input', 'assignees', '0', 'deadline']],
      [[{ accountId: ids.deputy, unitId: units.QLTM, role: 'COORDINATE' }], 'INVALID', ['input', 'assignees', '0', 'accountId']],
      [[], 'REQUIRED', ['input', 'assignees']],
    ];
    for (const [assignees, code, field] of cases) {
      const result = await direct({ documentId, note: 'Xử lý', assignees });
      expect(result.userErrors, code).toContainEqual(expect.objectContaining({ code, field }));
      expect(result.direction, code).toBeNull();
    }
    expect((await direct({ documentId, note: '   ', assignees: [{ unitId: units.QLTM, role: 'LEAD' }] })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'note'], code: 'REQUIRED' }),
    ]);
    const otherDocument = (await direct({ documentId: toGlobalId('Document', randomUUID()), note: 'x', assignees: [{ unitId: units.QLTM, role: 'LEAD' }] })).userErrors;
    expect(otherDocument).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(await directionCount()).toBe(before);

    // A second open lead at the leader's level is refused; once directed, the first stands.
    expect((await direct({ documentId, note: 'QLTM chủ trì', assignees: [{ unitId: units.QLTM, role: 'LEAD' }] })).userErrors).toEqual([]);
    expect((await direct({ documentId, note: 'KTAT chủ trì', assignees: [{ unitId: units.KTAT, role: 'LEAD' }] })).userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE' }),
    ]);
    expect(await directionCount()).toBe(before + 1);
  });

  it('shows a classified document’s handling only to those who may read it in full', async () => {
    const REPORT = 'query { handlingReport(from: "2000-01-01", to: "2100-01-01") { total { received } } }';
    const received = async (role: string) => (await app.gql(REPORT, {}, tokens[role])).data!.handlingReport.total.received as number;
    const [byClerk, byLeader] = [await received('clerk'), await received('leader')];
    const documentId = await register('Kế hoạch bảo vệ bí mật', { confidentiality: 'MAT' }, 'confidentialClerk');
    const result = await direct({ documentId, note: 'Đồng chí Hà xử lý', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(30) }] });
    expect(result.userErrors).toEqual([]);
    // The handling report counts it for the leader, not for the ordinary clerk: a count is a record too.
    expect(await received('leader')).toBe(byLeader + 1);
    expect(await received('clerk')).toBe(byClerk);
    const SLIP = 'query ($id: ID!) { document(id: $id) { id processingSlip { leaderDirections { note } } } }';
    expect((await app.gql(SLIP, { id: documentId }, tokens.specialist)).data!.document.processingSlip.leaderDirections).toEqual([{ note: 'Đồng chí Hà xử lý' }]);
    // The confidential clerk keeps the register entry, without the handling.
    const clerk = (await app.gql(SLIP, { id: documentId }, tokens.confidentialClerk)).data!.document;
    expect(clerk).toMatchObject({ id: documentId, processingSlip: null });
    const node = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: result.direction.assignments[0].id }, tokens.confidentialClerk);
    expect(node.data).toEqual({ node: null });
    const waiting = await app.gql('{ myWork { waiting(first: 50) { nodes { id } } } }', {}, tokens.confidentialClerk);
    expect(waiting.data!.myWork.waiting.nodes).toEqual([]);
  });
});

describe('deadlines counted in office time', () => {
  it('turns "within N working days/hours" into the instant on the organisation’s calendar', async () => {
    const calendar = new WorkingCalendar();
    const documentId = await register('Đề nghị góp ý dự thảo');
    const before = new Date();
    const result = await direct({
      documentId,
      note: 'QLTM chủ trì trong 3 ngày làm việc, Pháp chế góp ý trong 4 giờ',
      assignees: [
        { unitId: units.QLTM, role: 'LEAD', withinWorkingDays: 3 },
        { unitId: units.PC, role: 'COORDINATE', withinWorkingHours: 4 },
      ],
    });
    const after = new Date();
    expect(result.userErrors).toEqual([]);
    const [lead, coordinate] = result.direction.assignments.map((a: any) => new Date(a.deadline).getTime());
    expect(lead).toBeGreaterThanOrEqual(calendar.addWorkingMinutes(before, 3 * 450).getTime());
    expect(lead).toBeLessThanOrEqual(calendar.addWorkingMinutes(after, 3 * 450).getTime());
    expect(coordinate).toBeGreaterThanOrEqual(calendar.addWorkingMinutes(before, 240).getTime());
    expect(coordinate).toBeLessThanOrEqual(calendar.addWorkingMinutes(after, 240).getTime());

    const other = await register('Văn bản hạn kép');
    const both = await direct({ documentId: other, note: 'x', assignees: [{ unitId: units.QLTM, role: 'LEAD', deadline: inHours(5), withinWorkingDays: 2 }] });
    expect(both.userErrors).toEqual([expect.objectContaining({ field: ['input', 'assignees', '0', 'deadline'], code: 'INVALID' })]);
    const zero = await direct({ documentId: other, note: 'x', assignees: [{ unitId: units.QLTM, role: 'LEAD', withinWorkingHours: 0 }] });
    expect(zero.userErrors).toEqual([expect.objectContaining({ field: ['input', 'assignees', '0', 'withinWorkingHours'], code: 'INVALID' })]);
  });
});

describe('my work and the handling report', () => {
  it('counts and lists what waits for me, what I assigned, and the work per unit', async () => {
    const first = await register('Đôn đốc thực hiện chỉ thị');
    const second = await register('Xin ý kiến dự thảo');
    await direct({ documentId: first, note: 'Hà xử lý', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(5) }] });
    await direct({ documentId: second, note: 'Hà phối hợp', assignees: [{ unitId: units.KTAT, role: 'LEAD' }, { accountId: ids.specialist, role: 'COORDINATE', deadline: inHours(50) }] });
    // One already overdue (written directly: the API refuses deadlines in the past).
    await app.db.orm.em.fork().getConnection().execute(
      `update assignment set deadline = now() - interval '1 hour' where assignee_account_id = ? and role = 'COORDINATE' and document_id = ?`,
      [rawId(ids.specialist), rawId(second)],
    );
    const WORK = `{ myWork {
      counts { waiting overdue dueToday assignedByMe assignedByMeOverdue tasks tasksOverdue }
      waiting(first: 10) { totalCount nodes { role document { subject } } }
      overdue: waiting(first: 10, overdueOnly: true) { nodes { role } }
      assignedByMe(first: 10) { totalCount }
      units { unit { code } open overdue doneThisMonth }
    } }`;
    const specialist = (await app.gql(WORK, {}, tokens.specialist)).data!.myWork;
    const waitingSubjects = specialist.waiting.nodes.map((n: any) => n.document.subject);
    expect(waitingSubjects).toEqual(expect.arrayContaining(['Đôn đốc thực hiện chỉ thị', 'Xin ý kiến dự thảo']));
    expect(specialist.counts.waiting).toBe(specialist.waiting.totalCount);
    expect(specialist.counts.overdue).toBe(1);
    expect(specialist.overdue.nodes).toEqual([{ role: 'COORDINATE' }]);
    expect(specialist.units).toEqual([]);
    const leader = (await app.gql(WORK, {}, tokens.leader)).data!.myWork;
    expect(leader.counts.assignedByMe).toBe(leader.assignedByMe.totalCount);
    expect(leader.counts.assignedByMeOverdue).toBeGreaterThanOrEqual(1);
    expect(leader.units.map((u: any) => u.unit.code)).toEqual(expect.arrayContaining(['QLTM', 'KTAT']));
    const head = (await app.gql(WORK, {}, tokens.unitHead)).data!.myWork;
    expect(head.units.map((u: any) => u.unit.code)).toEqual(['QLTM']);
    const qltm = leader.units.find((u: any) => u.unit.code === 'QLTM');
    expect(head.units[0]).toEqual(qltm);
  });

  it('reports received, on time, late and open per person and unit for a period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const REPORT = `query ($from: LocalDate!, $to: LocalDate!) { handlingReport(from: $from, to: $to) {
      total { received handledOnTime handledLate stillOpen openOverdue }
      byPerson { account { username } unit { code } received handledOnTime handledLate stillOpen openOverdue }
      byUnit { unit { code } received handledOnTime handledLate stillOpen openOverdue }
    } }`;
    const before = (await app.gql(REPORT, { from: '2000-01-01', to: '2100-01-01' }, tokens.leader)).data!.handlingReport;
    const documentId = await register('Báo cáo quý');
    const directed = await direct({ documentId, note: 'Hà chủ trì', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: inHours(3) }] });
    const id = directed.direction.assignments[0].id;
    await act('completeAssignment', { id, result: 'Đã báo cáo' }, 'specialist');
    // Done after the deadline (written directly: time cannot be moved over HTTP).
    await app.db.orm.em.fork().getConnection().execute(`update assignment set deadline = done_at - interval '1 minute' where id = ?`, [rawId(id)]);
    const after = (await app.gql(REPORT, { from: '2000-01-01', to: '2100-01-01' }, tokens.leader)).data!.handlingReport;
    expect(after.total.received).toBe(before.total.received + 1);
    expect(after.total.handledLate).toBe(before.total.handledLate + 1);
    const person = (report: any) => report.byPerson.find((line: any) => line.account.username === DEMO.specialist) ?? { received: 0, handledLate: 0 };
    expect(person(after).received).toBe(person(before).received + 1);
    expect(person(after).handledLate).toBe(person(before).handledLate + 1);
    expect(person(after).unit.code).toBe('QLTM');
    const sum = (lines: any[], key: string) => lines.reduce((total, line) => total + line[key], 0);
    for (const key of ['received', 'handledOnTime', 'handledLate', 'stillOpen', 'openOverdue']) expect(sum(after.byUnit, key), key).toBe(after.total[key]);
    // A period before any of it is empty; a reversed one is bad input.
    expect((await app.gql(REPORT, { from: '2001-01-01', to: '2001-03-31' }, tokens.leader)).data!.handlingReport.total.received).toBe(0);
    expect((await app.gql(REPORT, { from: today, to: '2001-01-01' }, tokens.leader)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Unit heads see their units only; specialists not at all.
    const head = (await app.gql(REPORT, { from: '2000-01-01', to: '2100-01-01' }, tokens.unitHead)).data!.handlingReport;
    expect(head.byUnit.map((line: any) => line.unit.code)).toEqual(['QLTM']);
    expect((await app.gql(REPORT, { from: '2000-01-01', to: '2100-01-01' }, tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another organisation's report holds none of this one's work.
    expect((await app.gql(REPORT, { from: '2000-01-01', to: '2100-01-01' }, tokens.otherLeader)).data!.handlingReport.total.received).toBe(0);
  });
});

function rawId(globalId: string | undefined): string {
  return fromGlobalId(globalId!)!.id;
}

describe('assignments reach people at once', () => {
  it('tells the person, or the heads of the unit, of each assignment given to them, and no one else', async () => {
    const collect = (role: string) => subscribe(app.ws(tokens[role]!).client, 'subscription { assignmentReceived { role document { subject } assigneeUnit { code } assigneeAccount { username } } }');
    const head = collect('unitHead');
    const specialist = collect('specialist');
    const clerk = collect('clerk');
    await app.listening(3);
    const documentId = await register('Thông báo lịch kiểm tra');
    expect((await direct({ documentId, note: 'QLTM chủ trì, Hà biết', assignees: [{ unitId: units.QLTM, role: 'LEAD', deadline: inHours(24) }, { accountId: ids.specialist, role: 'INFORM' }] })).userErrors).toEqual([]);
    await Promise.all([head.receivedAtLeast(1), specialist.receivedAtLeast(1)]);
    await clerk.quietFor(QUIET_WINDOW_MS);
    const received = (of: typeof head) => of.received.map((value) => value.data.assignmentReceived);
    expect(received(head)).toEqual([{ role: 'LEAD', document: { subject: 'Thông báo lịch kiểm tra' }, assigneeUnit: { code: 'QLTM' }, assigneeAccount: null }]);
    expect(received(specialist)).toEqual([{ role: 'INFORM', document: { subject: 'Thông báo lịch kiểm tra' }, assigneeUnit: null, assigneeAccount: { username: DEMO.specialist } }]);
    expect(clerk.received).toEqual([]);
    await Promise.all([head.stop(), specialist.stop(), clerk.stop()]);
  });
});
