import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { QUIET_WINDOW_MS, subscribe } from '../support/wait.ts';
import { registerIncoming } from '../support/operations.ts';

/** Subscriptions to assignments and to changes of documents and tasks: delivered only to who may see them. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  for (const [role, username] of Object.entries(DEMO)) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
});
afterAll(() => app?.close());

/** Everything a subscription of `role` receives until `stop`. */
const collect = (role: string, query: string, variables?: Record<string, unknown>) => subscribe(app.ws(tokens[role]!).client, query, variables);
const register = (role: string, input: Record<string, unknown>) => registerIncoming(app, tokens[role]!, { issuingOrgan: 'UBND huyện', issuedOn: today(), ...input });

describe('record subscriptions', () => {
  it('tells a person of a task assigned to them, and no one else', async () => {
    const specialist = collect('specialist', 'subscription { taskAssigned { title assigneeAccount { username } } }');
    const clerk = collect('clerk', 'subscription { taskAssigned { title } }');
    await app.listening(2);
    const ASSIGN = `mutation ($input: AssignTaskInput!) { assignTask(input: $input) { userErrors { code } } }`;
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    await app.gql(ASSIGN, { input: { title: 'Cho văn thư', assigneeAccountId: ids.confidentialClerk, deadline } }, tokens.leader);
    await app.gql(ASSIGN, { input: { title: 'Cho chuyên viên', assigneeAccountId: ids.specialist, deadline } }, tokens.leader);
    await specialist.receivedAtLeast(1);
    await clerk.quietFor(QUIET_WINDOW_MS);
    await specialist.stop();
    await clerk.stop();
    expect(specialist.received.map((value) => value.data.taskAssigned)).toEqual([{ title: 'Cho chuyên viên', assigneeAccount: { username: DEMO.specialist } }]);
    expect(clerk.received).toEqual([]);
  });

  it('sends document changes to those who may see the document, and classified ones only to those who may read them', async () => {
    const QUERY = 'subscription { documentChanged { numberNotation subject } }';
    const watchers = Object.fromEntries(['specialist', 'unitHead', 'informationLead', 'confidentialClerk', 'leader'].map((role) => [role, collect(role, QUERY)]));
    await app.listening(5);
    await register('clerk', { numberNotation: '1/UBND-VP', subject: 'Thường', handedToAccountIds: [ids.specialist] });
    await register('confidentialClerk', { numberNotation: '2/UBND-M', subject: 'Mật', confidentiality: 'MAT', handedToAccountIds: [ids.specialist] });
    await Promise.all(['specialist', 'unitHead', 'leader'].map((role) => watchers[role]!.receivedAtLeast(2)));
    await watchers.confidentialClerk!.receivedAtLeast(1);
    await watchers.informationLead!.quietFor(QUIET_WINDOW_MS);
    for (const watcher of Object.values(watchers)) await watcher.stop();
    const subjects = (role: string) => watchers[role]!.received.map((value: any) => value.data?.documentChanged?.subject ?? 'ERROR');
    expect(subjects('specialist')).toEqual(['Thường', 'Mật']);
    expect(subjects('unitHead')).toEqual(['Thường', 'Mật']);
    expect(subjects('leader')).toEqual(['Thường', 'Mật']);
    // The clerk of the confidential register (also an ordinary clerk) sees the classified entry,
    // not its content: no news of it at all.
    expect(subjects('confidentialClerk')).toEqual(['Thường']);
    expect(subjects('informationLead')).toEqual([]);
  });

  it('answers a subscription to a document the viewer may not see exactly as to one that does not exist', async () => {
    const registered = await register('clerk', { numberNotation: '3/UBND-VP', subject: 'Riêng' });
    const documentId = registered.id;
    const attempt = async (id: string) => {
      try {
        for await (const value of app.ws(tokens.informationLead!).client.iterate({ query: 'subscription ($id: ID) { documentChanged(id: $id) { subject } }', variables: { id } })) return value;
      } catch (error) {
        return error;
      }
      return null;
    };
    const hidden = await attempt(documentId);
    const missing = await attempt(Buffer.from('Document:00000000-0000-4000-8000-000000000000').toString('base64url'));
    expect(JSON.stringify(hidden)).toContain('NOT_FOUND');
    expect(hidden).toEqual(missing);
  });
});
