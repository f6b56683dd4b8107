import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok, receivingAgency, recall, type Receiver } from '../support/flows.ts';

/**
 * Issue 11, §3: a retried creating mutation answers exactly what the same caller would read of the
 * record now, through its policy, and a key used by another caller is not theirs. Over real HTTP,
 * as the attack was. Every mutation with an idempotency key is here: registerIncomingDocument,
 * createOutgoingDraft, directDocument, assignTask, openWorkFile, createUnit, createAccount,
 * createDelegation, proposeRightsGrant.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids, units } = signedIn;
let receiver: Receiver;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  app = await startSignedIn(signedIn);
  receiver = await receivingAgency(app, tokens);
});
afterAll(() => app?.close());

const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) {
  registerIncomingDocument(input: $input) { document { id numberNotation issuingOrgan confidentiality registerNumber } userErrors { field code message } }
}`;

async function count(table: string): Promise<number> {
  const [row] = await app.db.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from "${table}"`);
  return row!.n;
}

async function setRoles(id: string, roles: string[]) {
  const response = await app.gql(`mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { userErrors { code } } }`, { input: { id, roles } }, tokens.itOfficer);
  expect(response.data?.setAccountRoles.userErrors).toEqual([]);
}

describe('a retry answers what the caller may read now', () => {
  it('registerIncomingDocument: a clerk whose confidential role was withdrawn gets NOT_FOUND, not the classified number, organ and level', async () => {
    const input = { kind: 'CONG_VAN', issuingOrgan: 'Bộ Quốc phòng', issuedOn: today(), numberNotation: '88/BQP-M', subject: 'Phương án tác chiến', confidentiality: 'TOI_MAT', idempotencyKey: 'mat-88' };
    const first = await app.gql(REGISTER, { input }, tokens.confidentialClerk);
    expect(first.data?.registerIncomingDocument.userErrors).toEqual([]);
    const id = first.data!.registerIncomingDocument.document.id;
    // Positive control: a retry while he holds the role answers the same document.
    const again = await app.gql(REGISTER, { input }, tokens.confidentialClerk);
    expect(again.data?.registerIncomingDocument).toEqual(first.data?.registerIncomingDocument);

    await setRoles(ids.confidentialClerk!, ['CLERK']);
    const documents = await count('document');
    const retry = await app.gql(REGISTER, { input }, tokens.confidentialClerk);
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.registerIncomingDocument).toEqual({
      document: null,
      userErrors: [{ field: ['input', 'idempotencyKey'], code: 'NOT_FOUND', message: expect.any(String) }],
    });
    const text = JSON.stringify(retry);
    for (const secret of ['88/BQP-M', 'Bộ Quốc phòng', 'TOI_MAT', id]) expect(text).not.toContain(secret);
    expect(await count('document')).toBe(documents);
    // Exactly what a read says now.
    expect((await app.gql('query ($id: ID!) { document(id: $id) { id } }', { id }, tokens.confidentialClerk)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // A confirmed grant gives it back, and the retry answers it again.
    const { rightsGrant } = await ok(app, tokens.itOfficer!, 'setAccountRoles', 'SetAccountRolesInput', { id: ids.confidentialClerk, roles: ['CLERK', 'CONFIDENTIAL_CLERK'] }, 'rightsGrant { id }');
    await ok(app, tokens.leader!, 'confirmRightsGrant', 'DecideRightsGrantInput', { id: rightsGrant.id });
    expect((await app.gql(REGISTER, { input }, tokens.confidentialClerk)).data?.registerIncomingDocument).toEqual(first.data?.registerIncomingDocument);
  });

  it('directDocument: after the sender recalls the copy, the leader\'s retry answers NOT_FOUND, not the direction', async () => {
    const { draftId, copyId } = await receiver.receive('Đề nghị phối hợp kiểm tra thị trường');
    const DIRECT = `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { direction { id note assignments { id document { id } } } userErrors { field code message } } }`;
    const input = { documentId: copyId, note: 'Chị Hà chủ trì, báo cáo trước thứ Sáu.', assignees: [{ accountId: receiver.ids.specialist, role: 'LEAD', deadline: tomorrow() }], idempotencyKey: 'chi-dao-1' };
    const first = await app.gql(DIRECT, { input }, receiver.tokens.leader);
    expect(first.errors).toBeUndefined();
    expect(first.data?.directDocument.userErrors).toEqual([]);
    expect((await app.gql(DIRECT, { input }, receiver.tokens.leader)).data?.directDocument).toEqual(first.data?.directDocument);

    await recall(app, tokens.leader!, draftId);
    const retry = await app.gql(DIRECT, { input }, receiver.tokens.leader);
    expect(retry.data?.directDocument).toEqual({ direction: null, userErrors: [{ field: ['input', 'idempotencyKey'], code: 'NOT_FOUND', message: expect.any(String) }] });
    expect(JSON.stringify(retry)).not.toContain('Chị Hà chủ trì');
  });

  it('assignTask, openWorkFile, createOutgoingDraft: the retry answers the record as it is now, not as it was', async () => {
    const ASSIGN = `mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id status cancelReason } userErrors { code } } }`;
    const taskInput = { title: 'Rà soát quy chế', assigneeAccountId: ids.specialist, deadline: tomorrow(), idempotencyKey: 'task-1' };
    const task = (await app.gql(ASSIGN, { input: taskInput }, tokens.leader)).data!.assignTask.task;
    await ok(app, tokens.leader!, 'cancelTask', 'CancelTaskInput', { id: task.id, reason: 'Không còn cần' });
    expect((await app.gql(ASSIGN, { input: taskInput }, tokens.leader)).data?.assignTask).toEqual({ task: { id: task.id, status: 'CANCELLED', cancelReason: 'Không còn cần' }, userErrors: [] });

    const OPEN = `mutation ($input: OpenWorkFileInput!) { openWorkFile(input: $input) { workFile { id title status } userErrors { code } } }`;
    const fileInput = { code: 'HS.09', title: 'Hồ sơ kiểm tra', retention: { years: 5 }, idempotencyKey: 'file-1' };
    const file = (await app.gql(OPEN, { input: fileInput }, tokens.specialist)).data!.openWorkFile.workFile;
    await ok(app, tokens.specialist!, 'updateWorkFile', 'UpdateWorkFileInput', { id: file.id, title: 'Hồ sơ kiểm tra thị trường' });
    expect((await app.gql(OPEN, { input: fileInput }, tokens.specialist)).data?.openWorkFile.workFile).toEqual({ id: file.id, title: 'Hồ sơ kiểm tra thị trường', status: 'OPEN' });

    const DRAFT = `mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { document { id status subject } userErrors { code } } }`;
    const draftInput = { kind: 'CONG_VAN', subject: 'Dự thảo công văn', idempotencyKey: 'draft-1' };
    const draft = (await app.gql(DRAFT, { input: draftInput }, tokens.specialist)).data!.createOutgoingDraft.document;
    await ok(app, tokens.specialist!, 'submitOutgoingDocument', 'OutgoingStepInput', { id: draft.id });
    expect((await app.gql(DRAFT, { input: draftInput }, tokens.specialist)).data?.createOutgoingDraft.document).toEqual({ id: draft.id, status: 'IN_REVIEW', subject: 'Dự thảo công văn' });
  });

  it('createUnit, createAccount, createDelegation, proposeRightsGrant: a retry answers the same record', async () => {
    const unitInput = { name: 'Tổ kiểm tra', code: 'TKT', kind: 'NHOM', idempotencyKey: 'unit-1' };
    const UNIT = `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id code } userErrors { code } } }`;
    const unit = (await app.gql(UNIT, { input: unitInput }, tokens.itOfficer)).data!.createUnit;
    expect((await app.gql(UNIT, { input: unitInput }, tokens.itOfficer)).data!.createUnit).toEqual(unit);

    const ACCOUNT = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id roles } temporaryPassword rightsGrant { id roles } userErrors { code } } }`;
    const accountInput = { fullName: 'Mạc Thị Thư', unitId: units.VP, title: 'CLERK', roles: ['CLERK', 'CONFIDENTIAL_CLERK'], idempotencyKey: 'account-1' };
    const account = (await app.gql(ACCOUNT, { input: accountInput }, tokens.itOfficer)).data!.createAccount;
    expect(account.rightsGrant.roles).toEqual(['CONFIDENTIAL_CLERK']);
    // Within the retention window the retry also gets the same generated password (issue 22: a lost answer left an account no one could sign in to).
    expect(account.temporaryPassword).toEqual(expect.any(String));
    expect((await app.gql(ACCOUNT, { input: accountInput }, tokens.itOfficer)).data!.createAccount).toEqual(account);

    const DELEGATE = `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { delegation { id revokedAt } userErrors { code } } }`;
    const delegationInput = { toAccountId: ids.deputy, startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), reason: 'Họp', idempotencyKey: 'delegation-1' };
    const delegation = (await app.gql(DELEGATE, { input: delegationInput }, tokens.leader)).data!.createDelegation;
    expect((await app.gql(DELEGATE, { input: delegationInput }, tokens.leader)).data!.createDelegation).toEqual(delegation);
    await ok(app, tokens.leader!, 'revokeDelegation', 'RevokeDelegationInput', { id: delegation.delegation.id });
    expect((await app.gql(DELEGATE, { input: delegationInput }, tokens.leader)).data!.createDelegation.delegation.revokedAt).toEqual(expect.any(String));

    const PROPOSE = `mutation ($input: ProposeRightsGrantInput!) { proposeRightsGrant(input: $input) { rightsGrant { id status } userErrors { code } } }`;
    const grantInput = { accountId: ids.specialist, roles: ['MAILBOX_READER'], idempotencyKey: 'grant-1' };
    const grant = (await app.gql(PROPOSE, { input: grantInput }, tokens.itOfficer)).data!.proposeRightsGrant;
    await ok(app, tokens.leader!, 'refuseRightsGrant', 'RefuseRightsGrantInput', { id: grant.rightsGrant.id, reason: 'Không cần' });
    expect((await app.gql(PROPOSE, { input: grantInput }, tokens.itOfficer)).data!.proposeRightsGrant).toEqual({ rightsGrant: { id: grant.rightsGrant.id, status: 'REFUSED' }, userErrors: [] });
  });
});

describe('a key is its caller\'s own', () => {
  it('another caller with the same key creates their own record and reads nothing of the first', async () => {
    const OPEN = `mutation ($input: OpenWorkFileInput!) { openWorkFile(input: $input) { workFile { id code title creator { username } } userErrors { code } } }`;
    const mine = (await app.gql(OPEN, { input: { code: 'HS.20', title: 'Hồ sơ riêng của Hà', retention: { years: 5 }, idempotencyKey: 'shared-key' } }, tokens.specialist)).data!.openWorkFile;
    const theirs = (await app.gql(OPEN, { input: { code: 'HS.21', title: 'Hồ sơ của Tâm', retention: { years: 5 }, idempotencyKey: 'shared-key' } }, tokens.mailboxReader)).data!.openWorkFile;
    expect(theirs.userErrors).toEqual([]);
    expect(theirs.workFile).toMatchObject({ code: 'HS.21', title: 'Hồ sơ của Tâm', creator: { username: 'tambv.sct' } });
    expect(theirs.workFile.id).not.toBe(mine.workFile.id);
    expect(JSON.stringify(theirs)).not.toContain('Hồ sơ riêng của Hà');
    // And in another organisation, the same key again is that caller's own.
    const other = (await app.gql(OPEN, { input: { code: 'HS.22', title: 'Hồ sơ nơi khác', retention: { years: 5 }, idempotencyKey: 'shared-key' } }, receiver.tokens.specialist)).data!.openWorkFile;
    expect(other.workFile).toMatchObject({ code: 'HS.22', creator: { username: 'hantt.nhan' } });

    // The same key for another operation of the other caller is not DUPLICATE either: it was never theirs.
    const REGISTER_PLAIN = `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { subject } userErrors { code } } }`;
    const registered = await app.gql(REGISTER_PLAIN, { input: { kind: 'CONG_VAN', issuingOrgan: 'UBND xã', issuedOn: today(), numberNotation: '5/UBND', subject: 'Của văn thư', idempotencyKey: 'shared-key' } }, tokens.clerk);
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.registerIncomingDocument).toEqual({ document: { subject: 'Của văn thư' }, userErrors: [] });
  });
});
