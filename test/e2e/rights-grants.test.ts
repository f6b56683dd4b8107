import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * Issue 11, §2: nobody changes their own rights, by any mutation; and the rights that open sealed
 * records (LEADER, DEPUTY_LEADER, CONFIDENTIAL_CLERK, INFORMATION_LEAD, MAILBOX_READER, and the
 * positions that head a unit or may receive a delegation) take two people: an IT officer proposes
 * (seed 003), a leader of the organisation confirms; every step on the audit trail. Over real HTTP,
 * as the attack was.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids, units } = signedIn;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

const USER_ERRORS = 'userErrors { field code message }';
const GRANT = 'id status roles title unit { code } account { username } proposedBy { username } decidedBy { username } refusalReason viewerCanDecide';
const SET_ROLES = `mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { account { id roles } rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const UPDATE_ACCOUNT = `mutation ($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id title unit { code } } rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id username title roles } temporaryPassword rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const PROPOSE = `mutation ($input: ProposeRightsGrantInput!) { proposeRightsGrant(input: $input) { rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const CONFIRM = `mutation ($input: DecideRightsGrantInput!) { confirmRightsGrant(input: $input) { rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const REFUSE = `mutation ($input: RefuseRightsGrantInput!) { refuseRightsGrant(input: $input) { rightsGrant { ${GRANT} } ${USER_ERRORS} } }`;
const PENDING = `{ rightsGrants(status: PENDING, first: 50) { totalCount nodes { ${GRANT} } } }`;
const DOCUMENTS = '{ documents(first: 50) { totalCount nodes { numberNotation confidentiality } } }';

beforeAll(async () => {
  app = await startSignedIn(signedIn);
  // A classified document: the prize of every attempt below.
  const registered = await app.gql(
    `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } ${USER_ERRORS} } }`,
    { input: { kind: 'CONG_VAN', issuingOrgan: 'Bộ Công an', issuedOn: today(), numberNotation: '7/BCA-M', subject: 'Kế hoạch bảo vệ bí mật', confidentiality: 'MAT' } },
    tokens.confidentialClerk,
  );
  expect(registered.data?.registerIncomingDocument.userErrors).toEqual([]);
});
afterAll(() => app?.close());

async function classifiedSeenBy(token: string): Promise<number> {
  const response = await app.gql(DOCUMENTS, {}, token);
  expect(response.errors).toBeUndefined();
  return response.data!.documents.nodes.filter((node: { confidentiality: string }) => node.confidentiality !== 'NONE').length;
}

async function me(token: string) {
  return (await app.gql('{ me { roles effectiveRoles title unit { code } } }', {}, token)).data!.me;
}

async function auditActions(): Promise<string[]> {
  const trail = await app.gql('{ auditTrail(first: 30) { nodes { action } } }', {}, tokens.itOfficer);
  return trail.data!.auditTrail.nodes.map((node: { action: string }) => node.action);
}

/** A fresh specialist signed in (the IT officer issues the password; it is changed at once). */
async function newSpecialist(fullName: string) {
  const created = await app.gql(CREATE_ACCOUNT, { input: { fullName, unitId: units.QLTM, title: 'SPECIALIST', roles: ['SPECIALIST'], initialPassword: DEMO_PASSWORD } }, tokens.itOfficer);
  expect(created.data?.createAccount.userErrors).toEqual([]);
  const { id, username } = created.data!.createAccount.account;
  await app.db.orm.em.fork().execute('update account set must_change_password = false where username = ?', [username]);
  return { id: id as string, username: username as string, token: await app.login(username) };
}

describe('nobody changes their own rights', () => {
  it('an IT officer cannot make himself a leader or a confidential clerk with setAccountRoles, and reads nothing classified', async () => {
    expect(await classifiedSeenBy(tokens.itOfficer!)).toBe(0);
    // Only fields main already had: the attack as it was run.
    const plain = `mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { account { id roles } ${USER_ERRORS} } }`;
    const response = await app.gql(plain, { input: { id: ids.itOfficer, roles: ['IT_OFFICER', 'LEADER', 'CONFIDENTIAL_CLERK'] } }, tokens.itOfficer);
    expect(response.errors).toBeUndefined();
    expect(response.data?.setAccountRoles).toMatchObject({ account: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_ALLOWED' }] });
    expect(await me(tokens.itOfficer!)).toMatchObject({ roles: ['IT_OFFICER'], effectiveRoles: ['IT_OFFICER'] });
    expect(await classifiedSeenBy(tokens.itOfficer!)).toBe(0);
    // Positive control: the confidential clerk does see it.
    expect(await classifiedSeenBy(tokens.confidentialClerk!)).toBe(1);
  });

  it('nor by updateAccount (a unit-heading title, another unit), nor by proposing a grant for himself', async () => {
    const update = await app.gql(UPDATE_ACCOUNT, { input: { id: ids.itOfficer, title: 'UNIT_HEAD', unitId: units.QLTM } }, tokens.itOfficer);
    expect(update.data?.updateAccount).toMatchObject({ account: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_ALLOWED' }] });
    const propose = await app.gql(PROPOSE, { input: { accountId: ids.itOfficer, roles: ['LEADER'] } }, tokens.itOfficer);
    expect(propose.data?.proposeRightsGrant).toMatchObject({ rightsGrant: null, userErrors: [{ field: ['input', 'accountId'], code: 'NOT_ALLOWED' }] });
    expect(await me(tokens.itOfficer!)).toMatchObject({ roles: ['IT_OFFICER'], title: 'IT_OFFICER', unit: { code: 'CNTT' } });
    const pending = await app.gql(PENDING, {}, tokens.leader);
    expect(pending.data?.rightsGrants.nodes.filter((grant: { account: { username: string } }) => grant.account.username === 'ducdd.sct')).toEqual([]);
  });

  it('nor resets his own password or locks himself (viewerCanManage says no, and the mutations agree)', async () => {
    const self = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Account { viewerCanManage } } }`, { id: ids.itOfficer }, tokens.itOfficer);
    expect(self.data?.node.viewerCanManage).toBe(false);
    const reset = await app.gql(`mutation ($input: AccountStatusInput!) { resetPassword(input: $input) { temporaryPassword ${USER_ERRORS} } }`, { input: { id: ids.itOfficer } }, tokens.itOfficer);
    expect(reset.data?.resetPassword).toMatchObject({ temporaryPassword: null, userErrors: [{ code: 'NOT_ALLOWED' }] });
    const lock = await app.gql(`mutation ($input: AccountStatusInput!) { lockAccount(input: $input) { ${USER_ERRORS} } }`, { input: { id: ids.itOfficer } }, tokens.itOfficer);
    expect(lock.data?.lockAccount.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
  });

  it('a leader cannot confirm a grant for himself, nor an IT officer who is also a leader his own proposal', async () => {
    // The leader is made IT officer too (not a sealed role: in effect at once).
    const both = await app.gql(SET_ROLES, { input: { id: ids.leader, roles: ['LEADER', 'IT_OFFICER'] } }, tokens.itOfficer);
    expect(both.data?.setAccountRoles).toMatchObject({ account: { roles: ['LEADER', 'IT_OFFICER'] }, rightsGrant: null, userErrors: [] });
    const leader = await app.login('minhnv.sct');
    const person = await newSpecialist('Cao Văn Đề');
    const proposed = await app.gql(PROPOSE, { input: { accountId: person.id, roles: ['CONFIDENTIAL_CLERK'] } }, leader);
    expect(proposed.data?.proposeRightsGrant.userErrors).toEqual([]);
    const grant = proposed.data!.proposeRightsGrant.rightsGrant;
    expect(grant).toMatchObject({ status: 'PENDING', proposedBy: { username: 'minhnv.sct' }, viewerCanDecide: false });
    const own = await app.gql(CONFIRM, { input: { id: grant.id } }, leader);
    expect(own.data?.confirmRightsGrant).toMatchObject({ rightsGrant: null, userErrors: [{ code: 'NOT_ALLOWED' }] });
    expect((await me(person.token)).roles).toEqual(['SPECIALIST']);

    // And a grant for the leader himself, proposed by the IT officer: not his to confirm.
    const forLeader = await app.gql(PROPOSE, { input: { accountId: ids.leader, roles: ['INFORMATION_LEAD'] } }, tokens.itOfficer);
    const leaderGrant = forLeader.data!.proposeRightsGrant.rightsGrant;
    expect(leaderGrant.viewerCanDecide).toBe(false);
    const self = await app.gql(CONFIRM, { input: { id: leaderGrant.id } }, leader);
    expect(self.data?.confirmRightsGrant.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect((await me(leader)).roles).toEqual(['LEADER', 'IT_OFFICER']);
    await app.gql(SET_ROLES, { input: { id: ids.leader, roles: ['LEADER'] } }, tokens.itOfficer);
  });
});

describe('nor widens their own sight by acting on records', () => {
  it('a confidential clerk cannot hand a classified document to himself when registering it (a received copy goes through the same rule)', async () => {
    const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } ${USER_ERRORS} } }`;
    const input = { kind: 'CONG_VAN', issuingOrgan: 'Bộ Công an', issuedOn: today(), numberNotation: '8/BCA-M', subject: 'Tự nhận', confidentiality: 'MAT', handedToAccountIds: [ids.confidentialClerk] };
    const refused = await app.gql(REGISTER, { input }, tokens.confidentialClerk);
    expect(refused.data?.registerIncomingDocument).toMatchObject({ document: null, userErrors: [{ field: ['input', 'handedToAccountIds'], code: 'NOT_ALLOWED' }] });
    // Handed to the person responsible: fine, and he still cannot read it.
    const handed = await app.gql(REGISTER, { input: { ...input, numberNotation: '18/BCA-M', handedToAccountIds: [ids.specialist] } }, tokens.confidentialClerk);
    expect(handed.data?.registerIncomingDocument.userErrors).toEqual([]);
    const read = await app.gql('query ($id: ID!) { document(id: $id) { viewerCanReadContent } }', { id: handed.data!.registerIncomingDocument.document.id }, tokens.confidentialClerk);
    expect(read.data?.document.viewerCanReadContent).toBe(false);
  });

  it('a unit head who is an IT officer cannot move a unit under the one he heads', async () => {
    const head = await newSpecialist('Ông Văn Kiêm');
    const grant = (await app.gql(UPDATE_ACCOUNT, { input: { id: head.id, title: 'UNIT_HEAD', unitId: units.KTAT } }, tokens.itOfficer)).data!.updateAccount.rightsGrant;
    await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.leader);
    const it = (await app.gql(SET_ROLES, { input: { id: head.id, roles: ['SPECIALIST', 'IT_OFFICER'] } }, tokens.itOfficer)).data!.setAccountRoles;
    expect(it.userErrors).toEqual([]);
    const moved = await app.gql(`mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { id } ${USER_ERRORS} } }`, { input: { id: units.PC, parentId: units.KTAT } }, head.token);
    expect(moved.data?.updateUnit).toMatchObject({ unit: null, userErrors: [{ field: ['input', 'parentId'], code: 'NOT_ALLOWED' }] });
    // Another IT officer may (two people).
    const byOther = await app.gql(`mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { id } ${USER_ERRORS} } }`, { input: { id: units.PC, parentId: units.KTAT } }, tokens.itOfficer);
    expect(byOther.data?.updateUnit.userErrors).toEqual([]);
  });
});

describe('a sealed right takes an IT officer and a leader', () => {
  it('setAccountRoles proposes CONFIDENTIAL_CLERK instead of granting it; a leader confirms, and only then it works', async () => {
    const person = await newSpecialist('Đinh Thị Mật');
    const response = await app.gql(SET_ROLES, { input: { id: person.id, roles: ['SPECIALIST', 'CLERK', 'CONFIDENTIAL_CLERK'] } }, tokens.itOfficer);
    expect(response.data?.setAccountRoles.userErrors).toEqual([]);
    // CLERK opens nothing sealed: in effect at once. CONFIDENTIAL_CLERK waits.
    expect(response.data?.setAccountRoles.account.roles).toEqual(['SPECIALIST', 'CLERK']);
    const grant = response.data!.setAccountRoles.rightsGrant;
    expect(grant).toMatchObject({ status: 'PENDING', roles: ['CONFIDENTIAL_CLERK'], account: { username: person.username }, proposedBy: { username: 'ducdd.sct' } });
    expect(await classifiedSeenBy(person.token)).toBe(0);

    // The list for leaders; a specialist may not read it.
    const pending = await app.gql(PENDING, {}, tokens.leader);
    expect(pending.data?.rightsGrants.nodes).toContainEqual(expect.objectContaining({ id: grant.id, viewerCanDecide: true }));
    expect((await app.gql(PENDING, {}, tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.itOfficer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const confirmed = await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.leader);
    expect(confirmed.data?.confirmRightsGrant).toMatchObject({ rightsGrant: { status: 'CONFIRMED', decidedBy: { username: 'minhnv.sct' } }, userErrors: [] });
    expect((await auditActions()).slice(0, 2)).toEqual(['account.rights_changed', 'rights_grant.confirmed']);
    expect((await me(person.token)).roles).toEqual(['SPECIALIST', 'CLERK', 'CONFIDENTIAL_CLERK']);
    expect(await classifiedSeenBy(person.token)).toBe(await classifiedSeenBy(tokens.confidentialClerk!));
    // Once decided, it is decided.
    expect((await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.leader)).data?.confirmRightsGrant.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
  });

  it('a refused grant never takes effect, and the refusal is recorded with its reason', async () => {
    const person = await newSpecialist('Quách Văn Từ');
    const proposed = await app.gql(PROPOSE, { input: { accountId: person.id, roles: ['MAILBOX_READER', 'INFORMATION_LEAD'], reason: 'Bổ sung nhóm thông tin' } }, tokens.itOfficer);
    const grant = proposed.data!.proposeRightsGrant.rightsGrant;
    const refused = await app.gql(REFUSE, { input: { id: grant.id, reason: 'Chưa có quyết định phân công' } }, tokens.leader);
    expect(refused.data?.refuseRightsGrant).toMatchObject({ rightsGrant: { status: 'REFUSED', refusalReason: 'Chưa có quyết định phân công', decidedBy: { username: 'minhnv.sct' } }, userErrors: [] });
    expect((await me(person.token)).roles).toEqual(['SPECIALIST']);
    expect((await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.leader)).data?.confirmRightsGrant.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    expect((await auditActions()).slice(0, 2)).toEqual(['rights_grant.refused', 'rights_grant.proposed']);
    const blank = await app.gql(REFUSE, { input: { id: grant.id, reason: ' ' } }, tokens.leader);
    expect(blank.data?.refuseRightsGrant.userErrors.length).toBeGreaterThan(0);
  });

  it('createAccount with LEADER creates the account without it and proposes it; the temporary password opens nothing sealed', async () => {
    const created = await app.gql(
      CREATE_ACCOUNT,
      { input: { fullName: 'Tô Văn Lãnh', unitId: units.VP, title: 'LEADER', roles: ['LEADER', 'CONFIDENTIAL_CLERK'], initialPassword: 'Lanh-Dao#2026x' } },
      tokens.itOfficer,
    );
    const payload = created.data!.createAccount;
    expect(payload.userErrors).toEqual([]);
    expect(payload.account).toMatchObject({ title: 'SPECIALIST', roles: [] });
    expect(payload.rightsGrant).toMatchObject({ status: 'PENDING', roles: ['LEADER', 'CONFIDENTIAL_CLERK'], title: 'LEADER' });
    await app.db.orm.em.fork().execute('update account set must_change_password = false where username = ?', [payload.account.username]);
    const token = await app.login(payload.account.username, 'Lanh-Dao#2026x');
    expect(await classifiedSeenBy(token)).toBe(0);
    expect((await me(token)).effectiveRoles).toEqual([]);
  });

  it('a unit-heading title or a unit head moved to another unit waits for a leader; other changes apply at once', async () => {
    const person = await newSpecialist('Hà Văn Trưởng');
    const update = await app.gql(UPDATE_ACCOUNT, { input: { id: person.id, title: 'UNIT_HEAD', unitId: units.KTAT } }, tokens.itOfficer);
    expect(update.data?.updateAccount.userErrors).toEqual([]);
    expect(update.data?.updateAccount.account).toMatchObject({ title: 'SPECIALIST', unit: { code: 'QLTM' } });
    const grant = update.data!.updateAccount.rightsGrant;
    expect(grant).toMatchObject({ status: 'PENDING', roles: [], title: 'UNIT_HEAD', unit: { code: 'KTAT' } });
    expect(await me(person.token)).toMatchObject({ title: 'SPECIALIST', unit: { code: 'QLTM' } });
    await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.leader);
    expect(await me(person.token)).toMatchObject({ title: 'UNIT_HEAD', unit: { code: 'KTAT' } });
    // Demotion and a specialist's move take effect at once (fail closed).
    const demoted = await app.gql(UPDATE_ACCOUNT, { input: { id: person.id, title: 'SPECIALIST', unitId: units.QLTM } }, tokens.itOfficer);
    expect(demoted.data?.updateAccount).toMatchObject({ account: { title: 'SPECIALIST', unit: { code: 'QLTM' } }, rightsGrant: null, userErrors: [] });
  });

  it('a deputy holding the leader\'s delegation may confirm, on the leader\'s behalf', async () => {
    const delegation = await app.gql(
      `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { delegation { id } ${USER_ERRORS} } }`,
      { input: { toAccountId: ids.deputy, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), reason: 'Đi công tác' } },
      tokens.leader,
    );
    expect(delegation.data?.createDelegation.userErrors).toEqual([]);
    const person = await newSpecialist('Lưu Thị Phó');
    const grant = (await app.gql(PROPOSE, { input: { accountId: person.id, roles: ['CONFIDENTIAL_CLERK'] } }, tokens.itOfficer)).data!.proposeRightsGrant.rightsGrant;
    const confirmed = await app.gql(CONFIRM, { input: { id: grant.id } }, tokens.deputy);
    expect(confirmed.data?.confirmRightsGrant).toMatchObject({ rightsGrant: { status: 'CONFIRMED', decidedBy: { username: 'lantt.sct' } }, userErrors: [] });
    const entry = (await app.gql('{ auditTrail(first: 5) { nodes { action onBehalfOf { username } } } }', {}, tokens.itOfficer)).data!.auditTrail.nodes.find(
      (node: { action: string }) => node.action === 'rights_grant.confirmed',
    );
    expect(entry.onBehalfOf).toEqual({ username: 'minhnv.sct' });
    await app.gql(`mutation ($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { ${USER_ERRORS} } }`, { input: { id: delegation.data!.createDelegation.delegation.id } }, tokens.leader);
  });
});
