import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { directDocument, registerIncoming } from '../support/operations.ts';

/**
 * Issue 11: whom a classified document was handed to is part of its register entry (Decree 30
 * Appendix IV, "Đơn vị hoặc người nhận" and "Ngày chuyển"; seed 000 Art. 8 §3, §5: the clerk hands
 * it on, envelope unopened). The clerk of the confidential register sees it — on the document and
 * in the register book — but not the handling: the leader's direction, deadlines and proposals are
 * content. One rule (document-policy.ts canSeeHandOver), tested over HTTP.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
let documentId: string;
let assignmentId: string;

beforeAll(async () => {
  app = await startSignedIn(signedIn);
  documentId = (await registerIncoming(app, tokens.confidentialClerk!, { numberNotation: '15/BQP-M', subject: 'Kế hoạch diễn tập', confidentiality: 'MAT', handedToAccountIds: [ids.specialist] })).id;
  const direction = await directDocument(app, tokens.leader!, {
    documentId,
    note: 'Đồng chí Hà chủ trì, hoàn thành trước ngày 15',
    assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() }],
  });
  assignmentId = direction.assignments[0]!.id;
});
afterAll(() => app?.close());

const DOCUMENT = `query ($id: ID!) { document(id: $id) { numberNotation confidentiality viewerCanReadContent handedTo { username } processingSlip { leaderDirections { note } } } }`;

describe('the clerk of the confidential register', () => {
  it('sees whom the classified document was handed to, and nothing of its handling', async () => {
    const response = await app.gql(DOCUMENT, { id: documentId }, tokens.confidentialClerk);
    expect(response.errors).toBeUndefined();
    expect(response.data!.document).toMatchObject({ numberNotation: '15/BQP-M', viewerCanReadContent: false, processingSlip: null });
    expect(response.data!.document.handedTo.map((account: { username: string }) => account.username).sort()).toEqual(['hantt.sct', 'minhnv.sct']);
    expect(JSON.stringify(response)).not.toContain('chủ trì');
    // The assignment (the direction's note, the deadline, the proposal) is content: not found for him.
    const assignment = await app.gql('query ($id: ID!) { node(id: $id) { id ... on Assignment { deadline direction { note } } } }', { id: assignmentId }, tokens.confidentialClerk);
    expect(assignment.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('finds the same in the register book: who received it and when, no subject', async () => {
    const registers = (await app.gql('{ registers { id code confidential direction } }', {}, tokens.confidentialClerk)).data!.registers;
    const register = registers.find((row: { confidential: boolean; direction: string }) => row.confidential && row.direction === 'INCOMING');
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const book = await app.gql(
      'query ($id: ID!, $d: LocalDate!) { registerBook(registerId: $id, from: $d, to: $d) { rows { numberNotation subject handedTo handedOn } } }',
      { id: register.id, d: day },
      tokens.confidentialClerk,
    );
    expect(book.errors).toBeUndefined();
    const row = book.data!.registerBook.rows.find((entry: { numberNotation: string }) => entry.numberNotation === '15/BQP-M');
    expect(row).toMatchObject({ subject: null, handedOn: day });
    expect(row.handedTo).toContain('Nguyễn Thị Thu Hà');
  });

  it('the handler and the leader read the handling; whoever does not see the entry sees nothing of either', async () => {
    const handler = (await app.gql(DOCUMENT, { id: documentId }, tokens.specialist)).data!.document;
    expect(handler.processingSlip.leaderDirections).toEqual([{ note: 'Đồng chí Hà chủ trì, hoàn thành trước ngày 15' }]);
    for (const outsider of ['clerk', 'itOfficer', 'oneStopDesk']) {
      const response = await app.gql(DOCUMENT, { id: documentId }, tokens[outsider]);
      expect(response.data?.document ?? null, outsider).toBeNull();
      expect(response.errors?.[0]?.extensions?.code, outsider).toBe('NOT_FOUND');
    }
  });
});
