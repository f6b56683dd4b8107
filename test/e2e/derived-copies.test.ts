import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/areas/routing/deadline-sweep.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok, receivingAgency, recall, type Receiver } from '../support/flows.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * Issue 11, §4: wherever content of a record is copied or derived into another, it is sealed with
 * its source (same rule, same recall) or never copied. Over real HTTP, as the attack was: a
 * document sent to another agency, directed there and tracked as a task, then recalled by its
 * sender — its subject must be gone from everything the receiver derived from it: the task's title
 * and description, the reminders, the search, the work file and its export, the audit trail's
 * details. And a classified document's register number must not reach the IT officer through the
 * audit trail.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
let receiver: Receiver;
const SUBJECT = 'Kế hoạch thanh tra đột xuất chợ đầu mối';
const NOTE = 'Chị Hà chủ trì thanh tra chợ đầu mối';
const TASKS = '{ tasks(first: 20) { nodes { id title description sourceDocument { id } } } }';
const NOTICES = '{ myNotices(first: 20) { nodes { kind text document { id } task { id } } } }';
let copyId: string;
let draftId: string;
let workFileId: string;

const sql = <T = Record<string, any>>(query: string, params: unknown[] = []) => app.db.orm.em.fork().execute<T[]>(query, params as never[]);

beforeAll(async () => {
  app = await startSignedIn(signedIn);
  receiver = await receivingAgency(app, tokens);
  ({ copyId, draftId } = await receiver.receive(SUBJECT));
  const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString();
  await ok(app, receiver.tokens.leader, 'directDocument', 'DirectDocumentInput', {
    documentId: copyId,
    note: NOTE,
    assignees: [{ accountId: receiver.ids.specialist, role: 'LEAD', deadline }],
    trackAsTask: true,
  });
  ({ workFile: { id: workFileId } } = await ok(app, receiver.tokens.specialist, 'openWorkFile', 'OpenWorkFileInput', { code: 'HS.TT', title: 'Hồ sơ thanh tra', retention: { years: 5 } }, 'workFile { id }'));
  await ok(app, receiver.tokens.specialist, 'linkDocumentToWorkFile', 'WorkFileDocumentInput', { workFileId, documentId: copyId });
  // Reminders come due for the assignment and the task while the document is live.
  const raw = fromGlobalId(copyId)!.id;
  await sql(`update assignment set remind_at = now() - interval '1 minute' where document_id = ?`, [raw]);
  await sql(`update task set remind_at = now() - interval '1 minute' where source_document_id = ?`, [raw]);
  await sweepDeadlines(app.db.orm);
});
afterAll(() => app?.close());

/** The receiver's figures: the handling report's total and the units' open work (leaders see all). */
const FIGURES = 'query { handlingReport(from: "2000-01-01", to: "2100-01-01") { total { received stillOpen } } myWork { units { open } } }';
async function figures() {
  const { data } = await app.gql(FIGURES, {}, receiver.tokens.leader);
  return { received: data!.handlingReport.total.received, stillOpen: data!.handlingReport.total.stillOpen, unitsOpen: data!.myWork.units.reduce((sum: number, unit: any) => sum + unit.open, 0) };
}

const search = (token: string) => app.gql('query ($s: String) { documents(first: 10, filter: { search: $s }) { totalCount } }', { s: 'thanh tra đột xuất' }, token);

describe('before the recall, the copies read as their source (positive controls)', () => {
  it("the copy's assignment counts in the handling report and in the units' open work", async () => {
    expect(await figures()).toEqual({ received: 1, stillOpen: 1, unitsOpen: 1 });
  });

  it('the task, the reminders, the search and the work file show the subject to those who may read it', async () => {
    for (const token of [receiver.tokens.specialist, receiver.tokens.leader]) {
      const task = (await app.gql(TASKS, {}, token)).data!.tasks.nodes.find((node: any) => node.sourceDocument?.id === copyId);
      expect(task).toMatchObject({ title: SUBJECT, description: NOTE });
    }
    const notices = (await app.gql(NOTICES, {}, receiver.tokens.specialist)).data!.myNotices.nodes;
    expect(notices.map((notice: any) => notice.kind).sort()).toEqual(['REMINDER', 'REMINDER']);
    for (const notice of notices) expect(notice.text).toContain(SUBJECT);
    expect((await search(receiver.tokens.specialist)).data!.documents.totalCount).toBe(1);
  });
});

describe('after the recall, nothing derived from the document tells its subject', () => {
  beforeAll(async () => {
    await recall(app, tokens.leader!, draftId);
  });

  it("the withdrawn copy's assignment leaves the handling report and the units' open work", async () => {
    expect(await figures()).toEqual({ received: 0, stillOpen: 0, unitsOpen: 0 });
  });

  it("the tracked task's title and description are gone for the handler and the leader who assigned it", async () => {
    for (const token of [receiver.tokens.specialist, receiver.tokens.leader, receiver.tokens.unitHead]) {
      const response = await app.gql(TASKS, {}, token);
      expect(response.errors).toBeUndefined();
      expect(JSON.stringify(response)).not.toContain(SUBJECT);
      expect(JSON.stringify(response)).not.toContain(NOTE);
    }
    const task = (await app.gql(TASKS, {}, receiver.tokens.leader)).data!.tasks.nodes.find((node: any) => node.title.startsWith('Theo dõi xử lý văn bản'));
    expect(task).toMatchObject({ title: 'Theo dõi xử lý văn bản', description: null, sourceDocument: null });
  });

  it('the reminders sent before keep their own words and lose the document\'s and the task\'s names', async () => {
    const response = await app.gql(NOTICES, {}, receiver.tokens.specialist);
    expect(response.errors).toBeUndefined();
    expect(JSON.stringify(response)).not.toContain(SUBJECT);
    const texts = response.data!.myNotices.nodes.map((notice: any) => notice.text).sort();
    expect(texts).toEqual([expect.stringMatching(/^Sắp đến hạn nhiệm vụ \(.*\): Theo dõi xử lý văn bản\.$/), expect.stringMatching(/^Sắp đến hạn xử lý \(.*\)\.$/)]);
    // Nor does the stored text keep it.
    for (const row of await sql<{ text: string }>(`select text from notice where organisation_id = ?`, [receiver.organisationId])) expect(row.text).not.toContain(SUBJECT);
  });

  it('the search, the work file and its XML export hold nothing of it', async () => {
    expect((await search(receiver.tokens.specialist)).data!.documents.totalCount).toBe(0);
    const file = await app.gql('query ($id: ID!) { workFile(id: $id) { documentCount documents { document { id } } } }', { id: workFileId }, receiver.tokens.specialist);
    expect(file.data!.workFile).toEqual({ documentCount: 0, documents: [] });
    const xml = await fetch(`${app.url.replace('/graphql', '')}/work-files/${workFileId}.xml`, { headers: { authorization: `Bearer ${receiver.tokens.specialist}` } });
    expect(xml.status).toBe(200);
    expect(await xml.text()).not.toContain(SUBJECT);
  });

  it("the audit trail's entries about the withdrawn copy keep the act and lose its details", async () => {
    const trail = await app.gql('{ auditTrail(first: 50) { nodes { action targetId details } } }', {}, receiver.tokens.itOfficer);
    expect(trail.errors).toBeUndefined();
    const aboutCopy = trail.data!.auditTrail.nodes.filter((node: any) => node.targetId === copyId);
    expect(aboutCopy.map((node: any) => node.action)).toEqual(expect.arrayContaining(['document.withdrawn', 'document.registered', 'document.received']));
    for (const node of aboutCopy) expect(node.details).toBe('{}');
  });
});

describe('the audit trail, for the IT officer', () => {
  it("shows no details of an act on a classified document he may not see, and the details of acts on what he may see", async () => {
    const secret = await registerIncoming(app, tokens.confidentialClerk!, { numberNotation: '77/BCA-TM', subject: 'Tối mật', confidentiality: 'TOI_MAT' });
    const trail = (await app.gql('{ auditTrail(first: 50) { nodes { action targetId details } } }', {}, tokens.itOfficer)).data!.auditTrail.nodes;
    const registered = trail.find((node: any) => node.targetId === secret.id && node.action === 'document.registered');
    expect(registered.details).toBe('{}');
    // Positive control: the clerk's sign-in, the IT officer's own acts on accounts.
    const accountEntry = trail.find((node: any) => node.action === 'account.rights_changed' || node.action === 'sign_in.succeeded');
    expect(accountEntry).toBeDefined();
    const rightsChanged = await ok(app, tokens.itOfficer!, 'setAccountRoles', 'SetAccountRolesInput', { id: ids.specialist, roles: ['SPECIALIST', 'CLERK'] }, 'account { id }');
    const after = (await app.gql('{ auditTrail(first: 5) { nodes { action targetId details } } }', {}, tokens.itOfficer)).data!.auditTrail.nodes;
    const entry = after.find((node: any) => node.action === 'account.rights_changed' && node.targetId === rightsChanged.account.id);
    expect(JSON.parse(entry.details)).toMatchObject({ granted: ['CLERK'], revoked: [] });
  });
});
