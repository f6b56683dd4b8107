import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignTask, createUnit, directDocument, registerIncoming } from '../support/operations.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { subscribe } from '../support/wait.ts';

/**
 * Work given to a unit is carried by the head of that unit or of a unit above it (core/carrier.ts):
 * the same people see it in their lists and counts, hear of it, and may act on it.
 */

let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
let teamId = '';

beforeAll(async () => {
  app = await startSignedIn(people);
  // A team under the unit the demo unit head heads: he carries its work, though he does not head it.
  const headUnit = (await app.gql('{ me { unit { id } } }', {}, people.tokens.unitHead)).data!.me.unit.id;
  teamId = (await createUnit(app, people.tokens.itOfficer!, { name: 'Tổ kiểm tra thị trường', code: 'TKT', parentId: headUnit })).id;
});

afterAll(async () => {
  await app?.close();
});

const MY_TASKS = '{ tasks(first: 50, filter: { relation: CARRIED_BY_ME }) { totalCount nodes { id } } myWork { counts { tasks waiting } } }';

describe('a task given to a team under the unit one heads', () => {
  it('is in the head\'s CARRIED_BY_ME list and counts, reaches his taskAssigned, and he may report on it', async () => {
    const before = (await app.gql(MY_TASKS, {}, people.tokens.unitHead)).data!;
    const { client } = app.ws(people.tokens.unitHead!);
    const heard = subscribe(client, 'subscription { taskAssigned { id title } }');
    const outsiderClient = app.ws(people.tokens.specialist!).client;
    const outsider = subscribe(outsiderClient, 'subscription { taskAssigned { id } }');
    await app.listening(2);

    const task = await assignTask(app, people.tokens.leader!, { assigneeUnitId: teamId, title: 'Kiểm tra giá mặt hàng thiết yếu' });
    expect(await heard.next()).toEqual({ data: { taskAssigned: { id: task.id, title: 'Kiểm tra giá mặt hàng thiết yếu' } } });

    const after = (await app.gql(MY_TASKS, {}, people.tokens.unitHead)).data!;
    expect(after.tasks.nodes).toContainEqual({ id: task.id });
    expect(after.tasks.totalCount).toBe(before.tasks.totalCount + 1);
    expect(after.myWork.counts.tasks).toBe(before.myWork.counts.tasks + 1);

    const reported = await app.gql(
      'mutation ($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { task { progress } userErrors { code } } }',
      { input: { id: task.id, percent: 30, note: 'Đã kiểm tra 3 chợ' } },
      people.tokens.unitHead,
    );
    expect(reported.data?.reportTaskProgress).toEqual({ task: { progress: 30 }, userErrors: [] });

    // Someone who carries nothing of it neither hears of it nor may report on it.
    expect(await outsider.quietFor(300)).toEqual([]);
    const refused = await app.gql(
      'mutation ($input: ReportTaskProgressInput!) { reportTaskProgress(input: $input) { userErrors { code } } }',
      { input: { id: task.id, percent: 50, note: 'Không phải việc của tôi' } },
      people.tokens.specialist,
    );
    expect(refused.data?.reportTaskProgress.userErrors.map((error: { code: string }) => error.code)).toEqual([expect.stringMatching(/NOT_ALLOWED|NOT_FOUND/)]);
    await heard.stop();
    await outsider.stop();
  });
});

describe('an assignment given to a team under the unit one heads', () => {
  it('waits in the head\'s myWork, reaches his assignmentReceived, and he may take it', async () => {
    const before = (await app.gql(MY_TASKS, {}, people.tokens.unitHead)).data!;
    const { client } = app.ws(people.tokens.unitHead!);
    const heard = subscribe(client, 'subscription { assignmentReceived { id role } }');
    await app.listening(1);

    const document = await registerIncoming(app, people.tokens.clerk!, { subject: 'Đề nghị kiểm tra giá' });
    const direction = await directDocument(app, people.tokens.leader!, {
      documentId: document.id,
      assignees: [{ unitId: teamId, role: 'LEAD', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() }],
    });
    const assignmentId = direction.assignments[0]!.id;
    expect(await heard.next()).toEqual({ data: { assignmentReceived: { id: assignmentId, role: 'LEAD' } } });

    const waiting = await app.gql('{ myWork { counts { waiting } waiting(first: 50) { nodes { id } } } }', {}, people.tokens.unitHead);
    expect(waiting.data!.myWork.waiting.nodes).toContainEqual({ id: assignmentId });
    expect(waiting.data!.myWork.counts.waiting).toBe(before.myWork.counts.waiting + 1);

    const read = await app.gql('mutation ($input: AssignmentInput!) { markAssignmentRead(input: $input) { userErrors { code } } }', { input: { id: assignmentId } }, people.tokens.unitHead);
    expect(read.data?.markAssignmentRead.userErrors).toEqual([]);
    await heard.stop();
  });
});
