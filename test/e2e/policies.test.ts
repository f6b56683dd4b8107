import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../src/core/audit/audit-entry.ts';
import { accountPolicy } from '../../src/areas/accounts/account-policy.ts';
import { auditEntryPolicy } from '../../src/core/audit/audit-policy.ts';
import { delegationPolicy } from '../../src/areas/accounts/delegation-policy.ts';
import type { RecordPolicy } from '../../src/core/policy.ts';
import { documentPolicy } from '../../src/areas/documents/document-policy.ts';
import { noticePolicy } from '../../src/areas/notices/notice-policy.ts';
import { registerPolicy } from '../../src/areas/documents/register-policy.ts';
import { taskPolicy } from '../../src/areas/tasks/task-policy.ts';
import { assignmentPolicy, directionPolicy } from '../../src/areas/routing/assignment-policy.ts';
import { rightsGrantPolicy } from '../../src/areas/accounts/rights-grant-policy.ts';
import { RightsGrant } from '../../src/areas/accounts/rights-grant.ts';
import { workFilePolicy } from '../../src/areas/workfiles/work-file-policy.ts';
import { Assignment, Direction } from '../../src/areas/routing/assignment.ts';
import { WorkFile } from '../../src/areas/workfiles/work-file.ts';
import { Folder, FolderChangeRequest, FolderItem } from '../../src/areas/folders/folder.ts';
import { changeRequestPolicy, folderItemPolicy, folderPolicy } from '../../src/areas/folders/folder-policy.ts';
import { organisationPolicy, unitPolicy } from '../../src/areas/accounts/unit-policy.ts';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import type { Viewer } from '../../src/core/viewer.ts';
import { Account } from '../../src/areas/accounts/account.ts';
import { Delegation } from '../../src/areas/accounts/delegation.ts';
import { Organisation } from '../../src/core/organisation.ts';
import { Unit } from '../../src/areas/accounts/unit.ts';
import { Document } from '../../src/areas/documents/document.ts';
import { DocumentCopy } from '../../src/areas/documents/copy.ts';
import { documentCopyPolicy } from '../../src/areas/documents/copy-policy.ts';
import { Register } from '../../src/areas/documents/register.ts';
import { NoticeDelivery } from '../../src/areas/notices/notice.ts';
import { Task } from '../../src/areas/tasks/task.ts';
import { toGlobalId } from '../../src/core/ids.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Each record policy is written twice: `visible(viewer)`, an SQL predicate for lists and counts,
 * and `canSee(viewer, record)`, a check of one loaded record. Over every row of the table, with the
 * tenant filter off, the two must pick exactly the same rows, for every kind of viewer.
 */

let app: TestApp;
let orgA = '';
let orgB = '';
const viewers: Record<string, Viewer> = {};
const ids = { lockedOfA: '', lockedOfB: '', disabledOfA: '', specialistOfA: '' };

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

const accountId = async (username: string) => (await sql<{ id: string }>('select id from account where username = ?', [username]))[0]!.id;

async function viewerOf(username: string): Promise<Viewer> {
  const authentication = await authenticate(app.db.orm.em.fork(), await app.login(username));
  if (!authentication.viewer) throw new Error(`no viewer for ${username}: ${authentication.problem}`);
  return authentication.viewer;
}

async function mutation(as: string, text: string, input: Record<string, unknown>) {
  const response = await app.gql(text, { input }, as);
  const payload = Object.values(response.data ?? {})[0] as { userErrors: unknown[] } | undefined;
  expect(response.errors).toBeUndefined();
  expect(payload?.userErrors).toEqual([]);
  return payload as any;
}

const STATUS = (name: string) => `mutation ($input: AccountStatusInput!) { ${name}(input: $input) { userErrors { code message } } }`;
const CREATE_DELEGATION = `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { delegation { id } userErrors { code message } } }`;
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/**
 * The rows `visible(viewer)` selects and the rows `canSee` accepts, both over the whole table with
 * the tenant filter off, each read with a fresh EntityManager.
 */
async function bothWays<E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>, viewer: Viewer, populate: readonly string[] = []) {
  // The check reads what the fan-out reads with a record (record-kinds.ts `alongside`).
  const all = await app.db.orm.em.fork().find(entity, {} as FilterQuery<E>, { filters: false, populate: populate as never });
  const byCheck = all.filter((row) => policy.canSee(viewer, row)).map((row) => row.id).sort();
  const byPredicate = (await app.db.orm.em.fork().find(entity, policy.visible(viewer), { filters: false })).map((row) => row.id).sort();
  return { all: all.map((row) => row.id), byCheck, byPredicate };
}

const POLICIES = [
  ['Account', Account, accountPolicy],
  ['Unit', Unit, unitPolicy],
  ['Delegation', Delegation, delegationPolicy],
  ['RightsGrant', RightsGrant, rightsGrantPolicy],
  ['AuditEntry', AuditEntry, auditEntryPolicy],
  ['Organisation', Organisation, organisationPolicy],
  // Subscriptions check these in memory (server/fan-out.ts), lists with the predicate.
  ['Register', Register, registerPolicy],
  ['Document', Document, documentPolicy],
  // A copy is seen with its original (read with it, as the resolvers do).
  ['DocumentCopy', DocumentCopy, documentCopyPolicy, ['original']],
  ['Task', Task, taskPolicy],
  ['NoticeDelivery', NoticeDelivery, noticePolicy],
  ['Assignment', Assignment, assignmentPolicy, ['document']],
  ['Direction', Direction, directionPolicy, ['document']],
  ['WorkFile', WorkFile, workFilePolicy],
  // The cabinet: a link is seen with the record it links to (read with it, as loaders do).
  ['Folder', Folder, folderPolicy],
  ['FolderItem', FolderItem, folderItemPolicy, ['document', 'workFile']],
  ['FolderChangeRequest', FolderChangeRequest, changeRequestPolicy],
] as const;

const VIEWERS = [
  'itOfficerA',
  'specialistA',
  'confidentialClerkA',
  'leaderA',
  'unitHeadA',
  'deputyA (no delegation)',
  'deputyA (delegation in force)',
  'itOfficerB',
  'specialistB',
  'leaderB (LEADER and IT_OFFICER)',
  'deputyB (delegation from a leader who is also IT officer)',
] as const;

beforeAll(async () => {
  app = await startTestApp();
  orgB = (await addOrganisation(app, 'khac')).organisationId;
  orgA = (await sql<{ id: string }>("select id from organisation where username_suffix = 'sct'"))[0]!.id;
  ids.specialistOfA = await accountId(DEMO.specialist);

  // Accounts out of service, through the API, as IT officers do it.
  const itA = await app.login(DEMO.itOfficer);
  const itB = await app.login('ducdd.khac');
  ids.lockedOfA = await accountId(DEMO.clerk);
  ids.disabledOfA = await accountId(DEMO.oneStopDesk);
  ids.lockedOfB = await accountId('maipt.khac');
  await mutation(itA, STATUS('lockAccount'), { id: toGlobalId('Account', ids.lockedOfA), reason: 'Nghỉ phép dài ngày' });
  await mutation(itA, STATUS('disableAccount'), { id: toGlobalId('Account', ids.disabledOfA) });
  await mutation(itB, STATUS('lockAccount'), { id: toGlobalId('Account', ids.lockedOfB) });
  // Grants of sealed rights waiting in both organisations.
  const PROPOSE = `mutation ($input: ProposeRightsGrantInput!) { proposeRightsGrant(input: $input) { userErrors { code } } }`;
  await mutation(itA, PROPOSE, { accountId: toGlobalId('Account', ids.specialistOfA), roles: ['CONFIDENTIAL_CLERK'] });
  await mutation(itB, PROPOSE, { accountId: toGlobalId('Account', await accountId('hantt.khac')), roles: ['MAILBOX_READER'] });

  viewers['itOfficerA'] = await viewerOf(DEMO.itOfficer);
  viewers['specialistA'] = await viewerOf(DEMO.specialist);
  viewers['leaderA'] = await viewerOf(DEMO.leader);
  viewers['confidentialClerkA'] = await viewerOf(DEMO.confidentialClerk);
  viewers['unitHeadA'] = await viewerOf(DEMO.unitHead);
  viewers['deputyA (no delegation)'] = await viewerOf(DEMO.deputy);

  // Organisation A: a delegation in force, one still to come, and one revoked.
  const leaderA = await app.login(DEMO.leader);
  const deputyA = toGlobalId('Account', await accountId(DEMO.deputy));
  await mutation(leaderA, CREATE_DELEGATION, { toAccountId: deputyA, startsAt: at(-1), endsAt: at(60), reason: 'Đi công tác' });
  await mutation(leaderA, CREATE_DELEGATION, { toAccountId: deputyA, startsAt: at(120), endsAt: at(180), reason: 'Nghỉ phép' });
  const revoked = await mutation(leaderA, CREATE_DELEGATION, { toAccountId: deputyA, startsAt: at(240), endsAt: at(300), reason: 'Hủy' });
  await mutation(leaderA, `mutation ($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { userErrors { code } } }`, {
    id: revoked.delegation.id,
  });
  viewers['deputyA (delegation in force)'] = await viewerOf(DEMO.deputy);

  // Organisation B: its leader also holds IT_OFFICER, and delegates to the deputy: only LEADER passes.
  const leaderB = toGlobalId('Account', await accountId('minhnv.khac'));
  await mutation(itB, `mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { userErrors { code } } }`, {
    id: leaderB,
    roles: ['LEADER', 'IT_OFFICER'],
  });
  await mutation(await app.login('minhnv.khac'), CREATE_DELEGATION, {
    toAccountId: toGlobalId('Account', await accountId('lantt.khac')),
    startsAt: at(-1),
    endsAt: at(60),
    reason: 'Đi công tác',
  });
  viewers['itOfficerB'] = await viewerOf('ducdd.khac');
  viewers['specialistB'] = await viewerOf('hantt.khac');
  viewers['leaderB (LEADER and IT_OFFICER)'] = await viewerOf('minhnv.khac');
  viewers['deputyB (delegation from a leader who is also IT officer)'] = await viewerOf('lantt.khac');

  await addRecords(DEMO.confidentialClerk, DEMO.specialist, DEMO.leader, 'sct');
  await addRecords('hunghv.khac', 'hantt.khac', 'minhnv.khac', 'khac');

  // An audit entry of no organisation: a failed sign-in with an unknown username.
  const unknown = await app.gql('mutation { login(input: { username: "khongco.sct", password: "sai" }) { userErrors { code } } }');
  expect(unknown.data?.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
});
afterAll(() => app?.close());

/**
 * Documents in the states that the document rule tells apart (ordinary and classified incoming,
 * a draft, one in review), a task and a notice, in one organisation.
 */
async function addRecords(clerkName: string, specialistName: string, leaderName: string, suffix: string) {
  const clerk = await app.login(clerkName);
  const specialist = await app.login(specialistName);
  const leader = await app.login(leaderName);
  const specialistId = toGlobalId('Account', await accountId(specialistName));
  const issuedOn = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { code message } } }`;
  const ordinary = await mutation(clerk, REGISTER, { kind: 'CONG_VAN', numberNotation: `1/${suffix}`, issuingOrgan: 'UBND tỉnh', issuedOn, subject: 'Thường', handedToAccountIds: [specialistId] });
  const classified = await mutation(clerk, REGISTER, { kind: 'CONG_VAN', numberNotation: `2/${suffix}`, issuingOrgan: 'UBND tỉnh', issuedOn, subject: 'Mật', confidentiality: 'MAT', handedToAccountIds: [specialistId] });
  const unhanded = await mutation(clerk, REGISTER, { kind: 'CONG_VAN', numberNotation: `3/${suffix}`, issuingOrgan: 'UBND tỉnh', issuedOn, subject: 'Chưa giao' });
  // Copies of each (the clerk here keeps both the ordinary and the confidential registers).
  const COPY = `mutation ($input: MakeDocumentCopyInput!) { makeDocumentCopy(input: $input) { copy { id } userErrors { code message } } }`;
  for (const { document } of [ordinary, classified, unhanded]) await mutation(clerk, COPY, { documentId: document.id, form: 'SAO_Y' });
  await mutation(clerk, COPY, { documentId: ordinary.document.id, form: 'TRICH_SAO', part: 'Điều 2' });
  const DRAFT = `mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { document { id } userErrors { code message } } }`;
  await mutation(specialist, DRAFT, { kind: 'CONG_VAN', subject: 'Dự thảo' });
  const submitted = await mutation(specialist, DRAFT, { kind: 'CONG_VAN', subject: 'Trình duyệt' });
  await mutation(specialist, `mutation ($input: OutgoingStepInput!) { submitOutgoingDocument(input: $input) { userErrors { code message } } }`, { id: submitted.document.id });
  const deadline = new Date(Date.now() + 86_400_000).toISOString();
  await mutation(leader, `mutation ($input: AssignTaskInput!) { assignTask(input: $input) { userErrors { code message } } }`, { title: 'Báo cáo', assigneeAccountId: specialistId, deadline });
  await mutation(leader, `mutation ($input: SendNoticeInput!) { sendNotice(input: $input) { userErrors { code message } } }`, { audience: 'PEOPLE', audienceIds: [specialistId], text: 'Nhắc việc' });
  // Assignments on an ordinary and a classified document, and a work file.
  const DIRECT = `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { userErrors { code message } } }`;
  for (const { document } of [ordinary, classified]) {
    await mutation(leader, DIRECT, { documentId: document.id, note: 'Xử lý', assignees: [{ accountId: specialistId, role: 'LEAD', deadline }] });
  }
  const workFile = await mutation(specialist, `mutation ($input: OpenWorkFileInput!) { openWorkFile(input: $input) { workFile { id } userErrors { code message } } }`, { code: `HS.${suffix}`, title: 'Hồ sơ', retention: { years: 5 } });
  // The cabinet: files and links in the specialist's unit folder and her personal area, one shared
  // with everyone, one in the trash, a sub-folder that breaks inheritance, a colleague's request.
  const cabinet = await app.gql('{ cabinet { folders(first: 20) { nodes { id kind } } } myFolder { id } }', {}, specialist);
  const unitFolder = cabinet.data!.cabinet.folders.nodes.find((folder: any) => folder.kind === 'UNIT').id;
  const ADD = `mutation ($input: AddFolderFileInput!) { addFolderFile(input: $input) { item { id } userErrors { code message } } }`;
  const LINK = `mutation ($input: LinkToFolderInput!) { linkToFolder(input: $input) { item { id } userErrors { code message } } }`;
  const file = async () => (await app.upload(specialist, new TextEncoder().encode(`%PDF-1.4\n% ${Math.random()}\n%%EOF\n`), 'a.pdf')).body.id;
  const shared = await mutation(specialist, ADD, { folderId: unitFolder, fileId: await file(), name: 'Chia sẻ' });
  await mutation(specialist, `mutation ($input: GrantFolderAccessInput!) { grantFolderAccess(input: $input) { userErrors { code message } } }`, { targetId: shared.item.id, grantee: { kind: 'EVERYONE' }, level: 'READ' });
  await mutation(specialist, ADD, { folderId: unitFolder, fileId: await file(), name: 'Nội bộ phòng' });
  await mutation(specialist, ADD, { folderId: cabinet.data!.myFolder.id, fileId: await file(), name: 'Cá nhân' });
  const gone = await mutation(specialist, ADD, { folderId: unitFolder, fileId: await file(), name: 'Đã xóa' });
  await mutation(specialist, `mutation ($input: DeleteFolderItemInput!) { deleteFolderItem(input: $input) { userErrors { code message } } }`, { itemId: gone.item.id });
  await mutation(specialist, LINK, { folderId: unitFolder, documentId: ordinary.document.id });
  await mutation(specialist, LINK, { folderId: unitFolder, workFileId: workFile.workFile.id });
  const head = await app.login(`namlh.${suffix}`);
  const privateFolder = await mutation(head, `mutation ($input: CreateFolderInput!) { createFolder(input: $input) { folder { id } userErrors { code message } } }`, { parentId: unitFolder, name: 'Riêng' });
  await mutation(head, `mutation ($input: SetFolderInheritanceInput!) { setFolderInheritance(input: $input) { userErrors { code message } } }`, { targetId: privateFolder.folder.id, inherits: false });
  await mutation(head, `mutation ($input: RequestFolderItemChangeInput!) { requestFolderItemChange(input: $input) { userErrors { code message } } }`, { itemId: shared.item.id, kind: 'DELETE' });
}

describe('the viewers are what they claim to be', () => {
  it('deputies hold the delegations in force, and only those', () => {
    expect(viewers['deputyA (no delegation)']!.delegations).toEqual([]);
    expect(viewers['deputyA (delegation in force)']!.delegations).toHaveLength(1);
    expect(viewers['deputyA (delegation in force)']!.delegations[0]!.roles).toEqual(['LEADER']);
    expect(viewers['deputyB (delegation from a leader who is also IT officer)']!.delegations[0]!.roles).toEqual(['LEADER']);
    expect(viewers['leaderB (LEADER and IT_OFFICER)']!.roles).toEqual(['LEADER', 'IT_OFFICER']);
    for (const name of VIEWERS) expect(viewers[name]!.organisationId).toBe(/^\w+B\b/.test(name) ? orgB : orgA);
  });

  it('the tables hold rows of both organisations, and an audit entry of neither', async () => {
    for (const table of ['account', 'unit', 'delegation', 'audit_entry', 'register', 'document', 'document_copy', 'task', 'notice_delivery']) {
      const rows = await sql<{ organisation_id: string | null }>(`select distinct organisation_id from ${table}`);
      const organisations = rows.map((row) => row.organisation_id);
      expect(organisations, table).toEqual(expect.arrayContaining([orgA, orgB]));
    }
    expect(await sql("select id from audit_entry where organisation_id is null and action = 'sign_in.failed'")).toHaveLength(1);
    expect(await sql("select status from account where status <> 'ACTIVE' order by status")).toEqual([
      { status: 'DISABLED' },
      { status: 'LOCKED' },
      { status: 'LOCKED' },
    ]);
  });
});

describe('visible(viewer) and canSee(viewer, record) pick the same rows', () => {
  for (const [entityName, entity, policy, populate] of POLICIES) {
    for (const viewerName of VIEWERS) {
      it(`${entityName} for ${viewerName}`, async () => {
        const viewer = viewers[viewerName]!;
        const { all, byCheck, byPredicate } = await bothWays(entity as EntityName<{ id: string }>, policy as RecordPolicy<{ id: string }>, viewer, populate);
        expect(all.length).toBeGreaterThan(0);
        expect(byPredicate).toEqual(byCheck);
      });
    }
  }
});

describe('the comparison has teeth', () => {
  it('a check that forgets the status rule disagrees with the predicate for a specialist', async () => {
    const forgetful: RecordPolicy<{ id: string; organisation: { id: string } }> = {
      visible: accountPolicy.visible as never,
      canSee: (viewer, account) => account.organisation.id === viewer.organisationId,
    };
    const { byCheck, byPredicate } = await bothWays(Account as never, forgetful as RecordPolicy<{ id: string }>, viewers['specialistA']!);
    expect(byCheck).toContain(ids.lockedOfA);
    expect(byPredicate).not.toContain(ids.lockedOfA);
    expect(byPredicate).not.toEqual(byCheck);
  });
});

describe('what the policies let each viewer see', () => {
  const visibleIds = async <E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>, viewerName: (typeof VIEWERS)[number]) =>
    (await bothWays(entity, policy, viewers[viewerName]!)).byPredicate;
  const idsWhere = async (query: string, params: unknown[] = []) => (await sql<{ id: string }>(query, params)).map((row) => row.id).sort();

  it('a locked account: the IT officer sees it, a specialist does not, nor does anyone of the other organisation', async () => {
    expect(await visibleIds(Account, accountPolicy, 'itOfficerA')).toEqual(await idsWhere('select id from account where organisation_id = ?', [orgA]));
    const bySpecialist = await visibleIds(Account, accountPolicy, 'specialistA');
    expect(bySpecialist).toEqual(await idsWhere("select id from account where organisation_id = ? and status = 'ACTIVE'", [orgA]));
    expect(bySpecialist).not.toContain(ids.lockedOfA);
    expect(bySpecialist).not.toContain(ids.disabledOfA);
    expect(bySpecialist).toContain(ids.specialistOfA);
    expect(await visibleIds(Account, accountPolicy, 'leaderA')).not.toContain(ids.lockedOfA);
    expect(await visibleIds(Account, accountPolicy, 'itOfficerB')).not.toContain(ids.lockedOfA);
    // A delegation hands over the leader's authority, not the leader's IT_OFFICER right.
    const byDeputyB = await visibleIds(Account, accountPolicy, 'deputyB (delegation from a leader who is also IT officer)');
    expect(byDeputyB).not.toContain(ids.lockedOfB);
    expect(byDeputyB).toEqual(await idsWhere("select id from account where organisation_id = ? and status = 'ACTIVE'", [orgB]));
  });

  it('the same holds through the API: a specialist gets NOT_FOUND for the locked account, the IT officer reads it', async () => {
    const query = `query ($id: ID!) { node(id: $id) { ... on Account { username status } } }`;
    const locked = toGlobalId('Account', ids.lockedOfA);
    const bySpecialist = await app.gql(query, { id: locked }, await app.login(DEMO.specialist));
    expect(bySpecialist.data).toEqual({ node: null });
    expect(bySpecialist.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const byIt = await app.gql(query, { id: locked }, await app.login(DEMO.itOfficer));
    expect(byIt.data?.node).toEqual({ username: DEMO.clerk, status: 'LOCKED' });
  });

  it('audit entries: IT officers (own or delegated role) see their organisation\'s, nobody sees another\'s or the deployment\'s', async () => {
    expect(await visibleIds(AuditEntry, auditEntryPolicy, 'itOfficerA')).toEqual(await idsWhere('select id from audit_entry where organisation_id = ?', [orgA]));
    for (const name of ['specialistA', 'leaderA', 'unitHeadA', 'deputyA (delegation in force)', 'specialistB'] as const) {
      expect(await visibleIds(AuditEntry, auditEntryPolicy, name), name).toEqual([]);
    }
    expect(await visibleIds(AuditEntry, auditEntryPolicy, 'deputyB (delegation from a leader who is also IT officer)')).toEqual([]);
    expect(await visibleIds(AuditEntry, auditEntryPolicy, 'leaderB (LEADER and IT_OFFICER)')).toEqual(
      await idsWhere('select id from audit_entry where organisation_id = ?', [orgB]),
    );
    const ofNobody = await idsWhere('select id from audit_entry where organisation_id is null');
    for (const name of VIEWERS) {
      const seen = await visibleIds(AuditEntry, auditEntryPolicy, name);
      for (const entry of ofNobody) expect(seen, name).not.toContain(entry);
    }
  });

  it("copies: seen exactly where their originals are, the classified one by its handler and the confidential clerk only", async () => {
    const copiesOf = (subjects: string[], organisationId: string) =>
      idsWhere('select c.id from document_copy c join document d on d.id = c.original_id where c.organisation_id = ? and d.subject in (?)', [organisationId, subjects]);
    expect(await visibleIds(DocumentCopy, documentCopyPolicy, 'leaderA')).toEqual(await copiesOf(['Thường', 'Mật', 'Chưa giao'], orgA));
    expect(await visibleIds(DocumentCopy, documentCopyPolicy, 'specialistA')).toEqual(await copiesOf(['Thường', 'Mật'], orgA));
    expect(await visibleIds(DocumentCopy, documentCopyPolicy, 'confidentialClerkA')).toEqual(await copiesOf(['Thường', 'Mật', 'Chưa giao'], orgA));
    for (const name of ['itOfficerA', 'itOfficerB', 'specialistB'] as const) {
      const seen = await visibleIds(DocumentCopy, documentCopyPolicy, name);
      for (const copy of await copiesOf(['Thường', 'Mật', 'Chưa giao'], orgA)) expect(seen, name).not.toContain(copy);
    }
    expect(await visibleIds(DocumentCopy, documentCopyPolicy, 'itOfficerA')).toEqual([]);
  });

  it('delegations: the leader and IT officer see all of theirs, the deputy those given to them, a specialist none', async () => {
    const ofA = await idsWhere('select id from delegation where organisation_id = ?', [orgA]);
    expect(ofA).toHaveLength(3);
    expect(await visibleIds(Delegation, delegationPolicy, 'leaderA')).toEqual(ofA);
    expect(await visibleIds(Delegation, delegationPolicy, 'itOfficerA')).toEqual(ofA);
    // Party to all three, whether in force or not, with or without one in force.
    expect(await visibleIds(Delegation, delegationPolicy, 'deputyA (no delegation)')).toEqual(ofA);
    expect(await visibleIds(Delegation, delegationPolicy, 'deputyA (delegation in force)')).toEqual(ofA);
    expect(await visibleIds(Delegation, delegationPolicy, 'specialistA')).toEqual([]);
    expect(await visibleIds(Delegation, delegationPolicy, 'unitHeadA')).toEqual([]);
    expect(await visibleIds(Delegation, delegationPolicy, 'itOfficerB')).toEqual(await idsWhere('select id from delegation where organisation_id = ?', [orgB]));
  });

  it('units and the organisation: everyone sees their own organisation\'s, nothing of the other', async () => {
    for (const name of VIEWERS) {
      const organisation = viewers[name]!.organisationId;
      expect(await visibleIds(Unit, unitPolicy, name), name).toEqual(await idsWhere('select id from unit where organisation_id = ?', [organisation]));
      expect(await visibleIds(Organisation, organisationPolicy, name), name).toEqual([organisation]);
    }
  });
});
