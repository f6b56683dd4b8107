import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDeadline } from '../../src/areas/documents/delivery-deadlines.ts';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';
import { startSignedIn, type TestApp } from '../support/app.ts';

/**
 * The incoming flow of seed 000 Art. 8 end to end over HTTP, as the people of an agency play it:
 * the clerk registers an urgent letter that asks for a reply → the director directs it, the trade
 * division leading and the legal division coordinating, each with a deadline, tracked as a task →
 * the division head hands it to a specialist → she handles it and proposes → drafts the reply →
 * head and director approve → the clerk issues it linked to the letter → the task and the reply
 * tracking close. Every deadline on the way is checked.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};

async function mutation(name: string, type: string, input: Record<string, unknown>, role: string, selection: string) {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, tokens[role]);
  expect(response.errors, name).toBeUndefined();
  expect(response.data?.[name].userErrors, name).toEqual([]);
  return response.data![name];
}

const workingDaysAhead = (days: number) => {
  const calendar = new WorkingCalendar();
  return calendar.addWorkingMinutes(new Date(), days * 7.5 * 60);
};

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units });
});
afterAll(() => app?.close());

describe('seed 000 Art. 8: an incoming document from arrival to its issued reply', () => {
  it('registers, directs, passes on, handles, replies and closes the tracking, each deadline checked', async () => {
    // 1. The clerk registers an urgent letter that asks for a reply within ten days.
    const replyBy = new Date(Date.now() + 10 * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10);
    const { document } = await mutation(
      'registerIncomingDocument',
      'RegisterIncomingDocumentInput',
      {
        kind: 'CONG_VAN',
        numberNotation: '1520/BCT-TMĐT',
        issuingOrgan: 'Bộ Công Thương',
        issuedOn: new Date(Date.now() - 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10),
        subject: 'Đề nghị báo cáo tình hình phát triển thương mại điện tử năm 2026',
        urgency: 'KHAN',
        replyRequired: true,
        replyBy,
      },
      'clerk',
      'document { id registeredAt urgency replyStatus registerNumber }',
    );
    expect(document).toMatchObject({ urgency: 'KHAN', replyStatus: 'AWAITING' });

    // 2. The director directs it at once: trade division leads, legal division coordinates, a deadline each.
    const leadDeadline = workingDaysAhead(3).toISOString();
    const coordinateDeadline = workingDaysAhead(2).toISOString();
    const { direction } = await mutation(
      'directDocument',
      'DirectDocumentInput',
      {
        documentId: document.id,
        note: 'Giao Phòng QLTM chủ trì, Phòng Pháp chế phối hợp, dự thảo báo cáo trình Giám đốc.',
        assignees: [
          { unitId: units.QLTM, role: 'LEAD', deadline: leadDeadline },
          { unitId: units.PC, role: 'COORDINATE', deadline: coordinateDeadline },
        ],
        trackAsTask: true,
      },
      'leader',
      'direction { assignments { id role deadline assigneeUnit { code } } }',
    );
    const [lead, coordinate] = direction.assignments;
    expect([lead.role, lead.assigneeUnit.code, lead.deadline]).toEqual(['LEAD', 'QLTM', leadDeadline]);
    expect([coordinate.role, coordinate.assigneeUnit.code, coordinate.deadline]).toEqual(['COORDINATE', 'PC', coordinateDeadline]);

    // The urgent letter reached the lead within its delivery deadline (seed 000 Art. 8 §5).
    const slipQuery = `query ($id: ID!) { document(id: $id) { replyStatus processingSlip { deliveryDeadline deliveredAt deliveredOnTime proposals { role result } } } }`;
    const slip = (await app.gql(slipQuery, { id: document.id }, tokens.leader)).data!.document.processingSlip;
    expect(new Date(slip.deliveryDeadline)).toEqual(deliveryDeadline(new Date(document.registeredAt), 'KHAN', new WorkingCalendar()));
    expect(slip.deliveredOnTime).toBe(true);

    // The division head sees it waiting for the division, with the task.
    const headWork = (await app.gql('{ myWork { counts { waiting tasks } waiting(first: 5) { nodes { id } } } }', {}, tokens.unitHead)).data!.myWork;
    expect(headWork.waiting.nodes.map((n: any) => n.id)).toContain(lead.id);
    expect(headWork.counts.tasks).toBeGreaterThanOrEqual(1);

    // 3. The head hands it to the specialist, within the division's deadline.
    const handlerDeadline = workingDaysAhead(2).toISOString();
    const passed = await mutation(
      'passOnAssignment',
      'PassOnAssignmentInput',
      { id: lead.id, note: 'Chị Hà dự thảo báo cáo.', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: handlerDeadline }] },
      'unitHead',
      'direction { assignments { id deadline } }',
    );
    const handler = passed.direction.assignments[0];
    expect(new Date(handler.deadline) <= new Date(leadDeadline)).toBe(true);

    // 4. She reads it and proposes.
    await mutation('markAssignmentRead', 'AssignmentInput', { id: handler.id }, 'specialist', 'assignment { status }');
    const { assignment: handled } = await mutation(
      'completeAssignment',
      'CompleteAssignmentInput',
      { id: handler.id, result: 'Đề xuất: Sở báo cáo theo đề cương của Bộ; dự thảo báo cáo kèm theo.' },
      'specialist',
      'assignment { status handledOnTime }',
    );
    expect(handled).toEqual({ status: 'DONE', handledOnTime: true });

    // 5. The reply: drafted linked to the letter, reviewed, approved, issued.
    const { document: draft } = await mutation(
      'createOutgoingDraft',
      'CreateOutgoingDraftInput',
      { kind: 'BAO_CAO', subject: 'Báo cáo tình hình phát triển thương mại điện tử năm 2026', replyToId: document.id },
      'specialist',
      'document { id }',
    );
    await mutation('submitOutgoingDocument', 'OutgoingStepInput', { id: draft.id }, 'specialist', 'document { status }');
    await mutation('forwardOutgoingDocument', 'OutgoingStepInput', { id: draft.id }, 'unitHead', 'document { status }');
    await mutation('approveOutgoingDocument', 'OutgoingStepInput', { id: draft.id }, 'leader', 'document { status }');
    const issued = await mutation('issueOutgoingDocument', 'OutgoingStepInput', { id: draft.id }, 'clerk', 'document { status numberNotation issuedOn replyTo { id } }');
    expect(issued.document).toMatchObject({ status: 'ISSUED', replyTo: { id: document.id } });

    // 6. The reply closes the tracking: the letter is answered, the task done by the reply's number and date.
    const after = (await app.gql(slipQuery, { id: document.id }, tokens.leader)).data!.document;
    expect(after.replyStatus).toBe('ANSWERED');
    expect(after.processingSlip.proposals).toEqual([{ role: 'LEAD', result: 'Đề xuất: Sở báo cáo theo đề cương của Bộ; dự thảo báo cáo kèm theo.' }]);
    const tasks = (await app.gql('{ tasks(first: 10) { nodes { status sourceDocument { id } fulfilledBy { numberNotation issuedOn } deadline } } }', {}, tokens.leader)).data!.tasks.nodes;
    const task = tasks.find((t: any) => t.sourceDocument?.id === document.id);
    expect(task).toMatchObject({ status: 'DONE', deadline: leadDeadline, fulfilledBy: { numberNotation: issued.document.numberNotation, issuedOn: issued.document.issuedOn } });

    // The division closes its part; the quarter's report counts it handled on time.
    await mutation('completeAssignment', 'CompleteAssignmentInput', { id: lead.id, result: `Đã ban hành ${issued.document.numberNotation}.` }, 'unitHead', 'assignment { status }');
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const report = (
      await app.gql('query ($d: LocalDate!) { handlingReport(from: $d, to: $d) { byUnit { unit { code } received handledOnTime stillOpen } } }', { d: today }, tokens.clerk)
    ).data!.handlingReport.byUnit;
    expect(report.find((line: any) => line.unit.code === 'QLTM')).toEqual({ unit: { code: 'QLTM' }, received: 2, handledOnTime: 2, stillOpen: 0 });
    expect(report.find((line: any) => line.unit.code === 'PC')).toEqual({ unit: { code: 'PC' }, received: 1, handledOnTime: 0, stillOpen: 1 });
  });
});
