import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/areas/accounts/account-service.ts';
import { sweepFolders } from '../../src/areas/folders/folder-sweep.ts';
import { syncCabinet } from '../../src/areas/folders/cabinet.ts';
import { executeWith } from '../../src/areas/folders/sql.ts';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import { systemActor } from '../../src/core/actor.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { DEMO_PASSWORD, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { QUIET_WINDOW_MS } from '../support/wait.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * The cabinet of seed 002 Art. 10 over HTTP: its folders kept in step with the units, who may put
 * what where (Art. 10.1), rights and their inheritance, the author's consent (Art. 10.2), the trash,
 * and an outsider who learns nothing of any of it by any path.
 */
let app: TestApp;
const signed: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids, units } = signed;
let orgA = '';
let colleagueUsername = '';

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

const pdf = (text = randomBytes(8).toString('hex')) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function upload(role: string, bytes = pdf(), name = 'tep.pdf'): Promise<string> {
  const response = await app.upload(tokens[role]!, bytes, name);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

const gql = (role: string, query: string, variables: Record<string, unknown> = {}) => app.gql(query, variables, tokens[role]);

/** A mutation that must succeed; its payload. */
async function ok(role: string, mutation: string, input: Record<string, unknown>) {
  const response = await gql(role, mutation, { input });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payload = Object.values(response.data ?? {})[0] as any;
  expect(payload.userErrors, JSON.stringify(payload.userErrors)).toEqual([]);
  return payload;
}

/** A mutation that must fail with userErrors and write nothing. */
async function refused(role: string, mutation: string, input: Record<string, unknown>) {
  const before = await tableCounts();
  const response = await gql(role, mutation, { input });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payload = Object.values(response.data ?? {})[0] as any;
  expect(payload.userErrors.length).toBeGreaterThan(0);
  for (const error of payload.userErrors) expect(error.message).toMatch(/\S/);
  expect(await tableCounts()).toEqual(before);
  return payload.userErrors as { field: string[] | null; code: string; message: string }[];
}

async function tableCounts() {
  const [row] = await sql(
    `select (select count(*) from folder) as folders, (select count(*) from folder where trashed_by is not null) as trashed_folders,
            (select count(*) from folder_item) as items, (select count(*) from folder_item where trashed_by is not null) as trashed_items,
            (select count(*) from folder_item_version) as versions, (select count(*) from folder_grant) as grants,
            (select count(*) from folder_right_change) as right_changes, (select count(*) from folder_change_request) as requests,
            (select count(*) from folder_change_request where status = 'PENDING') as pending,
            (select string_agg(name, '|' order by id) from folder) as folder_names, (select string_agg(name || coalesce(description, ''), '|' order by id) from folder_item) as item_names,
            (select count(*) from audit_entry) as audit, (select count(*) from notice) as notices`,
  );
  return row;
}

const FOLDER = `id name kind area readOnly inheritsRights viewerAccess unit { code } parent { id }
  viewerCan { addItems createFolders changeStructure manageRights restoreAll }`;
const ITEM = `id name description kind size author { username } folder { id } inheritsRights viewerIsAuthor
  viewerCan { edit requestChange manageRights } currentVersion { version fileName sha256 downloadUrl addedBy { username } }
  versions { version } rights { inheritsRights ownGrantCount everyone viewerAccess }`;

const M = {
  createFolder: `mutation ($input: CreateFolderInput!) { createFolder(input: $input) { folder { ${FOLDER} } userErrors { field code message } } }`,
  renameFolder: `mutation ($input: RenameFolderInput!) { renameFolder(input: $input) { folder { id name } userErrors { field code message } } }`,
  moveFolder: `mutation ($input: MoveFolderInput!) { moveFolder(input: $input) { folder { id parent { id } } userErrors { field code message } } }`,
  deleteFolder: `mutation ($input: FolderNodeInput!) { deleteFolder(input: $input) { folder { id } userErrors { field code message } } }`,
  restore: `mutation ($input: FolderNodeInput!) { restoreFromFolderTrash(input: $input) { folder { id name } item { id name } userErrors { field code message } } }`,
  addFile: `mutation ($input: AddFolderFileInput!) { addFolderFile(input: $input) { item { ${ITEM} } userErrors { field code message } } }`,
  link: `mutation ($input: LinkToFolderInput!) { linkToFolder(input: $input) { item { id name kind document { id } workFile { id } } userErrors { field code message } } }`,
  addVersion: `mutation ($input: AddFolderItemVersionInput!) { addFolderItemVersion(input: $input) { item { ${ITEM} } userErrors { field code message } } }`,
  updateItem: `mutation ($input: UpdateFolderItemInput!) { updateFolderItem(input: $input) { item { id name description } userErrors { field code message } } }`,
  moveItem: `mutation ($input: MoveFolderItemInput!) { moveFolderItem(input: $input) { item { id folder { id } } userErrors { field code message } } }`,
  deleteItem: `mutation ($input: DeleteFolderItemInput!) { deleteFolderItem(input: $input) { item { id } userErrors { field code message } } }`,
  grant: `mutation ($input: GrantFolderAccessInput!) { grantFolderAccess(input: $input) { grant { id level builtIn grantee { kind unit { code } account { username } role } } folder { id } item { id rights { ownGrantCount } } userErrors { field code message } } }`,
  withdraw: `mutation ($input: WithdrawFolderAccessInput!) { withdrawFolderAccess(input: $input) { folder { id } item { id } userErrors { field code message } } }`,
  inherit: `mutation ($input: SetFolderInheritanceInput!) { setFolderInheritance(input: $input) { folder { id inheritsRights grants { id level builtIn grantee { kind unit { code } account { username } } } } item { id inheritsRights } userErrors { field code message } } }`,
  request: `mutation ($input: RequestFolderItemChangeInput!) { requestFolderItemChange(input: $input) { request { id kind status expiresAt requester { username } viewerCanAnswer viewerCanWithdraw } userErrors { field code message } } }`,
  answer: `mutation ($input: AnswerFolderChangeRequestInput!) { answerFolderChangeRequest(input: $input) { request { id status reason appliedVersion answeredForAuthor answeredBy { username } item { id name currentVersion { version } } } userErrors { field code message } } }`,
  withdrawRequest: `mutation ($input: WithdrawFolderChangeRequestInput!) { withdrawFolderChangeRequest(input: $input) { request { id status } userErrors { field code message } } }`,
};

/** The folders under the shared root the role sees, by name. */
async function topFolders(role: string): Promise<Record<string, any>> {
  const response = await gql(role, `{ cabinet { id name kind folders(first: 30) { totalCount nodes { ${FOLDER} } } } }`);
  expect(response.errors).toBeUndefined();
  return Object.fromEntries(response.data!.cabinet.folders.nodes.map((folder: any) => [folder.name, folder]));
}

const unitFolder = async (role: string, code: string) => Object.values(await topFolders(role)).find((folder: any) => folder.kind === 'UNIT' && folder.unit?.code === code)!.id as string;
const standardFolder = async (role: string, kind: string) => Object.values(await topFolders(role)).find((folder: any) => folder.kind === kind)!.id as string;

async function download(role: string, url: string) {
  const response = await fetch(new URL(url, app.url), { headers: { authorization: `Bearer ${tokens[role]}` } });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

async function notices(role: string) {
  const response = await gql(role, `{ myNotices(first: 50) { nodes { kind text folderItem { id } folder { id } folderChangeRequest { id status } } } }`);
  expect(response.errors).toBeUndefined();
  return response.data!.myNotices.nodes as any[];
}

/** An account made by the deployment (no forced password change), with its personal area; its username. */
async function addPerson(fullName: string, unitId: string): Promise<string> {
  return app.db.orm.em.fork().transactional(async (em) => {
    em.setFilterParams('tenant', { organisationId: orgA });
    const { account } = await createAccount(em, systemActor(orgA), { fullName, unitId, title: 'SPECIALIST', roles: ['SPECIALIST'], initialPassword: DEMO_PASSWORD, mustChangePassword: false });
    return account.username;
  });
}

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startSignedIn(signed, { otherOrganisation: true });
  orgA = (await sql("select id from organisation where username_suffix = 'sct'"))[0]!.id;
  // A second specialist of the trade management unit (QLTM), beside its head and the demo specialist.
  colleagueUsername = await addPerson('Trần Minh Khoa', fromGlobalId(units.QLTM!)!.id);
  tokens.colleague = await app.login(colleagueUsername);
  ids.colleague = (await gql('colleague', '{ me { id } }')).data!.me.id;
});
afterAll(() => app?.close());

describe('the cabinet (Art. 10.1)', () => {
  it('has the shared area with Lãnh đạo, Tin nội bộ, Văn bản mới and one folder per unit, each seen by whom it is for', async () => {
    const bySpecialist = await topFolders('specialist');
    expect(Object.keys(bySpecialist).sort()).toEqual(['Phòng Quản lý thương mại', 'Tin nội bộ', 'Văn bản mới']);
    expect(bySpecialist['Tin nội bộ']).toMatchObject({ kind: 'INTERNAL_NEWS', viewerAccess: 'CONTRIBUTE', viewerCan: { addItems: true, changeStructure: false } });
    expect(bySpecialist['Văn bản mới']).toMatchObject({ kind: 'NEW_DOCUMENTS', viewerAccess: 'READ', viewerCan: { addItems: false } });
    expect(bySpecialist['Phòng Quản lý thương mại']).toMatchObject({ kind: 'UNIT', unit: { code: 'QLTM' }, viewerAccess: 'CONTRIBUTE', viewerCan: { addItems: true, createFolders: true, manageRights: false } });

    const byLeader = await topFolders('leader');
    expect(Object.keys(byLeader).sort()).toEqual(['Lãnh đạo', 'Tin nội bộ', 'Văn bản mới', 'Văn phòng Sở']);
    expect(byLeader['Lãnh đạo']).toMatchObject({ viewerAccess: 'MANAGE', viewerCan: { addItems: true, manageRights: true } });
    expect((await topFolders('unitHead'))['Phòng Quản lý thương mại']).toMatchObject({ viewerAccess: 'MANAGE' });
    expect((await topFolders('clerk'))['Văn bản mới']).toMatchObject({ viewerAccess: 'CONTRIBUTE', viewerCan: { addItems: true } });

    // IT officers keep the structure: every shared folder, with no right on any of it.
    const byIt = await topFolders('itOfficer');
    expect(Object.keys(byIt)).toHaveLength(3 + 7);
    expect(byIt['Lãnh đạo']).toMatchObject({ viewerAccess: null, viewerCan: { addItems: false, createFolders: true, changeStructure: false, manageRights: false } });
    // Of the other organisation, nothing.
    expect(Object.keys(await topFolders('otherSpecialist'))).not.toContain('Lãnh đạo');
    const otherCabinet = (await gql('otherSpecialist', '{ cabinet { id } }')).data!.cabinet.id;
    expect(otherCabinet).not.toBe((await gql('specialist', '{ cabinet { id } }')).data!.cabinet.id);
  });

  it('gives every account a personal area that only its owner sees', async () => {
    const mine = await gql('specialist', `{ myFolder { ${FOLDER} } }`);
    expect(mine.data!.myFolder).toMatchObject({ kind: 'PERSONAL_ROOT', area: 'PERSONAL', viewerAccess: 'MANAGE', viewerCan: { addItems: true, createFolders: true } });
    const id = mine.data!.myFolder.id;
    for (const role of ['unitHead', 'leader', 'itOfficer', 'otherSpecialist']) {
      const other = await gql(role, 'query ($id: ID!) { node(id: $id) { id } }', { id });
      expect(other.data, role).toEqual({ node: null });
      expect(other.errors?.[0]?.extensions?.code, role).toBe('NOT_FOUND');
    }
    // The colleague made after the seed has one too.
    expect((await gql('colleague', '{ myFolder { kind } }')).data!.myFolder.kind).toBe('PERSONAL_ROOT');
    // No rights are given in a personal area.
    const errors = await refused('specialist', M.grant, { targetId: id, grantee: { kind: 'ACCOUNT', accountId: ids.unitHead }, level: 'READ' });
    expect(errors[0]!.code).toBe('NOT_ALLOWED');
  });

  it('keeps the unit folders in step with the units: a new unit gets one, a renamed unit\'s is renamed', async () => {
    const created = await ok('itOfficer', `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code } } }`, {
      name: 'Phòng Xúc tiến thương mại',
      code: 'XTTM',
      kind: 'PHONG',
    });
    expect(Object.keys(await topFolders('itOfficer'))).toContain('Phòng Xúc tiến thương mại');
    await ok('itOfficer', `mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { id } userErrors { code } } }`, { id: created.unit.id, name: 'Phòng Xúc tiến đầu tư' });
    const names = Object.keys(await topFolders('itOfficer'));
    expect(names).toContain('Phòng Xúc tiến đầu tư');
    expect(names).not.toContain('Phòng Xúc tiến thương mại');
    // A unit named like another's folder gets its code beside its name (names are unique among siblings).
    await ok('itOfficer', `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code } } }`, { name: 'Van phong so', code: 'VP2', kind: 'PHONG', parentId: units.VP });
    expect(Object.keys(await topFolders('itOfficer'))).toContain('Van phong so (VP2)');
    // The cabinet's own folders are not renamed, moved or deleted by anyone.
    const news = await standardFolder('itOfficer', 'INTERNAL_NEWS');
    expect((await refused('itOfficer', M.renameFolder, { id: news, name: 'Tin tức' }))[0]!.code).toBe('NOT_ALLOWED');
    expect((await refused('leader', M.deleteFolder, { id: news }))[0]!.code).toBe('NOT_ALLOWED');
  });

  it('nests folders with names unique among siblings (accents and case ignored), at most 255 characters', async () => {
    const qltm = await unitFolder('specialist', 'QLTM');
    const reports = (await ok('specialist', M.createFolder, { parentId: qltm, name: '  Báo cáo   quý ' })).folder;
    expect(reports).toMatchObject({ name: 'Báo cáo quý', kind: 'FOLDER', inheritsRights: true, viewerAccess: 'MANAGE', parent: { id: qltm } });
    const nested = (await ok('specialist', M.createFolder, { parentId: reports.id, name: 'Quý 1' })).folder;
    expect((await refused('specialist', M.createFolder, { parentId: qltm, name: 'BAO CAO QUY' }))[0]).toMatchObject({ field: ['input', 'name'], code: 'DUPLICATE' });
    expect((await refused('specialist', M.createFolder, { parentId: qltm, name: '   ' }))[0]).toMatchObject({ field: ['input', 'name'], code: 'REQUIRED' });
    expect((await refused('specialist', M.createFolder, { parentId: qltm, name: 'a'.repeat(256) }))[0]).toMatchObject({ field: ['input', 'name'], code: 'TOO_LONG' });
    await ok('specialist', M.createFolder, { parentId: qltm, name: 'ạ'.repeat(255) });
    // Not into itself or below itself.
    expect((await refused('specialist', M.moveFolder, { id: reports.id, parentId: nested.id }))[0]).toMatchObject({ field: ['input', 'parentId'], code: 'INVALID' });
    expect((await refused('specialist', M.moveFolder, { id: reports.id, parentId: reports.id }))[0]).toMatchObject({ code: 'INVALID' });
    // An item takes a name among folders too.
    expect((await refused('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist'), name: 'báo cáo QUÝ' }))[0]).toMatchObject({ code: 'DUPLICATE' });
    const page = await gql('specialist', `query ($id: ID!) { folder(id: $id) { ancestors { name } folders(first: 10) { nodes { name } } } }`, { id: nested.id });
    expect(page.data!.folder.ancestors.map((folder: any) => folder.name)).toEqual(['Tài liệu chia sẻ', 'Phòng Quản lý thương mại', 'Báo cáo quý']);
  });
});

describe('the structure\'s keepers and retries', () => {
  it('lets IT officers make and rename the shared area\'s folders without any right on their content', async () => {
    const root = (await gql('itOfficer', '{ cabinet { id } }')).data!.cabinet.id;
    const made = (await ok('itOfficer', M.createFolder, { parentId: root, name: 'Biểu mẫu dùng chung' })).folder;
    // Made as the structure's keeper: no right of its own, the root's "everyone reads" reaches it.
    expect(made).toMatchObject({ kind: 'FOLDER', viewerAccess: 'READ', viewerCan: { addItems: false, changeStructure: true, manageRights: false } });
    expect(Object.keys(await topFolders('specialist'))).toContain('Biểu mẫu dùng chung');
    await ok('itOfficer', M.renameFolder, { id: made.id, name: 'Biểu mẫu' });
    const qltm = await unitFolder('itOfficer', 'QLTM');
    const inUnit = (await ok('itOfficer', M.createFolder, { parentId: qltm, name: 'Sắp xếp lại' })).folder;
    expect(inUnit.viewerAccess).toBeNull();
    expect((await refused('itOfficer', M.addFile, { folderId: qltm, fileId: await upload('itOfficer') }))[0]!.code).toBe('NOT_ALLOWED');
    // A folder holding a document is not theirs to delete; an empty one is.
    await ok('specialist', M.addFile, { folderId: inUnit.id, fileId: await upload('specialist'), name: 'Của chuyên viên' });
    expect((await refused('itOfficer', M.deleteFolder, { id: inUnit.id }))[0]!.code).toBe('NOT_ALLOWED');
    await ok('itOfficer', M.deleteFolder, { id: made.id });
  });

  it('creates once for an idempotency key', async () => {
    const qltm = await unitFolder('specialist', 'QLTM');
    const first = (await ok('specialist', M.createFolder, { parentId: qltm, name: 'Một lần', idempotencyKey: 'folder-once' })).folder;
    const again = (await ok('specialist', M.createFolder, { parentId: qltm, name: 'Một lần', idempotencyKey: 'folder-once' })).folder;
    expect(again.id).toBe(first.id);
    expect(await sql(`select id from folder where name = 'Một lần'`)).toHaveLength(1);
  });

  it('keeps a gone unit\'s folder read-only, with everything in it', async () => {
    const unit = await ok('itOfficer', `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code } } }`, { name: 'Tổ công tác tạm thời', code: 'TCT', kind: 'NHOM' });
    const folder = await unitFolder('itOfficer', 'TCT');
    const inside = (await ok('itOfficer', M.createFolder, { parentId: folder, name: 'Hồ sơ tổ' })).folder;
    // Units are not removed through the API; the deployment may delete one without members.
    await sql(`delete from unit where id = ?`, [fromGlobalId(unit.unit.id)!.id]);
    await app.db.orm.em.fork().transactional((em) => syncCabinet(executeWith(em), orgA));
    const read = await gql('itOfficer', `query ($a: ID!, $b: ID!) { a: folder(id: $a) { readOnly viewerCan { createFolders } } b: folder(id: $b) { readOnly viewerCan { changeStructure } } }`, { a: folder, b: inside.id });
    expect(read.data).toEqual({ a: { readOnly: true, viewerCan: { createFolders: false } }, b: { readOnly: true, viewerCan: { changeStructure: false } } });
    expect((await refused('itOfficer', M.createFolder, { parentId: folder, name: 'Mới' }))[0]!.code).toBe('INVALID_STATE');
    expect((await refused('itOfficer', M.renameFolder, { id: inside.id, name: 'Đổi' }))[0]!.code).toBe('INVALID_STATE');
  });
});

describe('who may put what where (Art. 10.1)', () => {
  it('shares only in one\'s own unit\'s folder, even with a right on another unit\'s', async () => {
    const ktat = await unitFolder('itOfficer', 'KTAT');
    // Not seen at all, so not found.
    expect((await refused('specialist', M.createFolder, { parentId: ktat, name: 'Của tôi' }))[0]!.code).toBe('NOT_FOUND');
    // The IT officer grants nothing (they keep structure, not rights).
    expect((await refused('itOfficer', M.grant, { targetId: ktat, grantee: { kind: 'ACCOUNT', accountId: ids.specialist }, level: 'CONTRIBUTE' }))[0]!.code).toBe('NOT_ALLOWED');
    // The head of QLTM lets the legal appraiser (of PC) contribute to QLTM's folder: still not his unit's.
    const qltm = await unitFolder('unitHead', 'QLTM');
    const added = await ok('unitHead', M.grant, { targetId: qltm, grantee: { kind: 'ACCOUNT', accountId: ids.legalAppraiser }, level: 'CONTRIBUTE' });
    expect(added.grant).toMatchObject({ level: 'CONTRIBUTE', builtIn: false, grantee: { kind: 'ACCOUNT', account: { username: 'phaplv.sct' } } });
    const errors = await refused('legalAppraiser', M.addFile, { folderId: qltm, fileId: await upload('legalAppraiser') });
    expect(errors[0]).toMatchObject({ field: ['input', 'folderId'], code: 'NOT_ALLOWED' });
    expect(errors[0]!.message).toContain('đơn vị mình');
    await refused('legalAppraiser', M.createFolder, { parentId: qltm, name: 'Ngoài đơn vị' });
    await ok('unitHead', M.withdraw, { grantId: added.grant.id });
    expect((await gql('legalAppraiser', 'query ($id: ID!) { folder(id: $id) { id } }', { id: qltm })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('takes internal news from everyone, new documents from clerks and leaders as links (never copies), Lãnh đạo from leaders', async () => {
    const news = await standardFolder('specialist', 'INTERNAL_NEWS');
    await ok('specialist', M.addFile, { folderId: news, fileId: await upload('specialist'), name: 'Bản tin tháng 11' });
    const incoming = await standardFolder('specialist', 'NEW_DOCUMENTS');
    expect((await refused('specialist', M.addFile, { folderId: incoming, fileId: await upload('specialist') }))[0]!.code).toBe('NOT_ALLOWED');

    // A registered incoming document with its scan: the clerk links it, and may not copy its file.
    const scan = pdf('cong-van-den');
    const registered = { document: await registerIncoming(app, tokens.clerk!, { numberNotation: '15/UBND-KT', issuedOn: today(), subject: 'Triển khai chương trình xúc tiến', fileIds: [await upload('clerk', scan, 'cv.pdf')] }) };
    const linked = await ok('clerk', M.link, { folderId: incoming, documentId: registered.document.id });
    expect(linked.item).toMatchObject({ kind: 'DOCUMENT_LINK', name: '15/UBND-KT Triển khai chương trình xúc tiến', document: { id: registered.document.id } });
    expect((await refused('clerk', M.link, { folderId: incoming, documentId: registered.document.id }))[0]!.code).toBe('DUPLICATE');
    const copy = await refused('clerk', M.addFile, { folderId: incoming, fileId: await upload('clerk', scan, 'ban-sao.pdf') });
    expect(copy[0]).toMatchObject({ field: ['input', 'fileId'], code: 'NOT_ACCEPTED' });
    // A classified document never enters the cabinet; one the linker may not see is not found.
    const secret = { document: await registerIncoming(app, tokens.confidentialClerk!, { numberNotation: '3/BCA-M', issuingOrgan: 'Công an tỉnh', issuedOn: today(), subject: 'Mật', confidentiality: 'MAT', handedToAccountIds: [ids.leader] }) };
    expect((await refused('leader', M.link, { folderId: incoming, documentId: secret.document.id }))[0]).toMatchObject({ field: ['input', 'documentId'], code: 'NOT_ACCEPTED' });
    expect((await refused('clerk', M.link, { folderId: incoming, documentId: secret.document.id }))[0]).toMatchObject({ field: ['input', 'documentId'], code: 'NOT_FOUND' });
    // The link shows its document only to who may see it: the specialist (not handed it) sees no such item at all.
    const list = await gql('specialist', `query ($id: ID!) { folder(id: $id) { items(first: 10) { totalCount nodes { id } } } }`, { id: incoming });
    expect(list.data!.folder.items).toEqual({ totalCount: 0, nodes: [] });
    expect((await gql('leader', `query ($id: ID!) { folder(id: $id) { items(first: 10) { totalCount } } }`, { id: incoming })).data!.folder.items.totalCount).toBe(1);

    const leaders = await standardFolder('leader', 'LEADERS');
    await ok('leader', M.addFile, { folderId: leaders, fileId: await upload('leader'), name: 'Chương trình công tác' });
    await ok('deputy', M.addFile, { folderId: leaders, fileId: await upload('deputy'), name: 'Lịch tiếp dân' });
  });

  it('refuses an executable at the upload, before any folder sees it', async () => {
    const response = await app.upload(tokens.specialist!, new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, ...new Array(120).fill(0)]), 'setup.exe');
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('FILE_TYPE_REFUSED');
    // And an id that is not the viewer's fresh upload is refused with nothing written.
    const qltm = await unitFolder('specialist', 'QLTM');
    const someone = await upload('unitHead');
    expect((await refused('specialist', M.addFile, { folderId: qltm, fileId: someone }))[0]).toMatchObject({ field: ['input', 'fileId'], code: 'NOT_FOUND' });
  });
});

describe('rights', () => {
  it('grants no more than one holds, and only as author or manager', async () => {
    const qltm = await unitFolder('specialist', 'QLTM');
    const item = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist'), name: 'Kế hoạch năm' })).item;
    expect(item.rights).toEqual({ inheritsRights: true, ownGrantCount: 0, everyone: null, viewerAccess: 'CONTRIBUTE' });
    expect((await refused('specialist', M.grant, { targetId: item.id, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'MANAGE' }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await refused('specialist', M.grant, { targetId: qltm, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'READ' }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    // The colleague contributes in the folder but is not the item's author: no rights to give on it.
    expect((await refused('colleague', M.grant, { targetId: item.id, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'READ' }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    // Bad grantees.
    expect((await refused('specialist', M.grant, { targetId: item.id, grantee: { kind: 'UNIT' }, level: 'READ' }))[0]).toMatchObject({ field: ['input', 'grantee', 'unitId'], code: 'REQUIRED' });
    expect((await refused('specialist', M.grant, { targetId: item.id, grantee: { kind: 'EVERYONE', unitId: units.PC }, level: 'READ' }))[0]).toMatchObject({ code: 'INVALID' });
    expect((await refused('specialist', M.grant, { targetId: item.id, grantee: { kind: 'ACCOUNT', accountId: ids.otherSpecialist }, level: 'READ' }))[0]).toMatchObject({ code: 'NOT_FOUND' });
    const granted = await ok('specialist', M.grant, { targetId: item.id, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'CONTRIBUTE' });
    expect(granted.item.rights.ownGrantCount).toBe(1);
    expect((await refused('specialist', M.grant, { targetId: item.id, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'CONTRIBUTE' }))[0]!.code).toBe('DUPLICATE');
    // Told at once.
    expect((await notices('legalAppraiser')).find((notice) => notice.folderItem?.id === item.id)).toMatchObject({ kind: 'FOLDER_SHARED' });
    // Every change of rights is recorded and on the audit trail.
    const [audit] = await sql(`select count(*) as n from audit_entry where action = 'folder_item.access_granted' and target_id = ?`, [fromGlobalId(item.id)!.id]);
    expect(Number(audit!.n)).toBe(1);
    const history = await sql(`select action, grantee_kind, level, by_id from folder_right_change where target_id = ?`, [fromGlobalId(item.id)!.id]);
    expect(history).toEqual([{ action: 'GRANTED', grantee_kind: 'UNIT', level: 'CONTRIBUTE', by_id: fromGlobalId(ids.specialist!)!.id }]);
  });

  it('inherits rights downwards unless a folder breaks inheritance', async () => {
    const qltm = await unitFolder('unitHead', 'QLTM');
    const staff = (await ok('unitHead', M.createFolder, { parentId: qltm, name: 'Nhân sự' })).folder;
    const inside = (await ok('unitHead', M.createFolder, { parentId: staff.id, name: 'Hồ sơ cán bộ' })).folder;
    const seen = (role: string, id: string) => gql(role, 'query ($id: ID!) { folder(id: $id) { id viewerAccess } }', { id }).then((response) => response.data?.folder ?? null);
    expect(await seen('specialist', inside.id)).toMatchObject({ viewerAccess: 'CONTRIBUTE' });
    // A right given above reaches below: the head of legal affairs reads it all.
    await ok('unitHead', M.grant, { targetId: staff.id, grantee: { kind: 'ACCOUNT', accountId: ids.legalAppraiser }, level: 'READ' });
    expect(await seen('legalAppraiser', inside.id)).toMatchObject({ viewerAccess: 'READ' });
    // Breaking inheritance copies what was in force; withdrawing the unit's right then shuts the members out.
    const broken = await ok('unitHead', M.inherit, { targetId: staff.id, inherits: false });
    expect(broken.folder.inheritsRights).toBe(false);
    const unitGrant = broken.folder.grants.find((grant: any) => grant.grantee.kind === 'UNIT' && grant.grantee.unit.code === 'QLTM');
    expect(unitGrant).toMatchObject({ level: 'CONTRIBUTE', builtIn: false });
    expect(await seen('specialist', inside.id)).toMatchObject({ viewerAccess: 'CONTRIBUTE' });
    await ok('unitHead', M.withdraw, { grantId: unitGrant.id });
    expect(await seen('specialist', staff.id)).toBeNull();
    expect(await seen('specialist', inside.id)).toBeNull();
    expect(await seen('unitHead', inside.id)).toMatchObject({ viewerAccess: 'MANAGE' });
    expect(await seen('legalAppraiser', inside.id)).toMatchObject({ viewerAccess: 'READ' });
    // A right given on the unit's folder no longer reaches the folder that broke away.
    await ok('unitHead', M.grant, { targetId: qltm, grantee: { kind: 'ACCOUNT', accountId: ids.clerk }, level: 'READ' });
    expect(await seen('clerk', qltm)).toMatchObject({ viewerAccess: 'READ' });
    expect(await seen('clerk', inside.id)).toBeNull();
    const history = await gql('unitHead', `query ($id: ID!) { folder(id: $id) { rightsHistory(first: 10) { totalCount nodes { action level previousLevel by { username } grantee { kind } } } } }`, { id: staff.id });
    expect(history.data!.folder.rightsHistory.nodes.map((change: any) => change.action)).toEqual(['WITHDRAWN', 'INHERITANCE_BROKEN', 'GRANTED', 'GRANTED']);
    // Built-in grants are the cabinet's own: not withdrawn.
    const builtIn = (await gql('unitHead', `query ($id: ID!) { folder(id: $id) { grants { id builtIn } } }`, { id: qltm })).data!.folder.grants.find((grant: any) => grant.builtIn);
    expect((await refused('unitHead', M.withdraw, { grantId: builtIn.id }))[0]!.code).toBe('NOT_ALLOWED');
  });

  it('reaches the members of sub-units through a grant to a unit with its sub-units, even of units made later', async () => {
    const qltm = await unitFolder('specialist', 'QLTM');
    const item = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist'), name: 'Quy chế phối hợp' })).item;
    await ok('specialist', M.grant, { targetId: item.id, grantee: { kind: 'UNIT_WITH_SUBUNITS', unitId: units.VP }, level: 'READ' });
    const read = (role: string) => gql(role, 'query ($id: ID!) { folderItem(id: $id) { id } }', { id: item.id }).then((response) => response.data?.folderItem?.id ?? null);
    // TTIN sits under CNTT under VP.
    expect(await read('mailboxReader')).toBe(item.id);
    expect(await read('clerk')).toBe(item.id);
    expect(await read('legalAppraiser')).toBeNull();
    const later = await ok('itOfficer', `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { code } } }`, { name: 'Tổ Lưu trữ', code: 'LT', kind: 'NHOM', parentId: units.MC });
    tokens.archivist = await app.login(await addPerson('Phan Lưu Trữ', fromGlobalId(later.unit.id)!.id));
    expect(await read('archivist')).toBe(item.id);
  });
});

describe('seed 002 Art. 10: a report shared, a colleague asks to replace it, the author consents', () => {
  const state = { folder: '', item: '', firstUrl: '', request: '', secondSha: '' };

  it('the specialist shares her report in her unit\'s folder with read rights for the legal office', async () => {
    state.folder = await unitFolder('specialist', 'QLTM');
    const added = await ok('specialist', M.addFile, { folderId: state.folder, fileId: await upload('specialist', pdf('v1'), 'bao-cao-q3.pdf'), name: 'Báo cáo tình hình thương mại quý 3', description: 'Số liệu đến hết tháng 9' });
    state.item = added.item.id;
    state.firstUrl = added.item.currentVersion.downloadUrl;
    expect(added.item).toMatchObject({ kind: 'FILE', viewerIsAuthor: true, viewerCan: { edit: true, requestChange: false, manageRights: true }, currentVersion: { version: 1, fileName: 'bao-cao-q3.pdf', addedBy: { username: 'hantt.sct' } } });
    await ok('specialist', M.grant, { targetId: state.item, grantee: { kind: 'UNIT', unitId: units.PC }, level: 'READ' });
    expect((await download('legalAppraiser', state.firstUrl)).status).toBe(200);
    expect((await gql('legalAppraiser', 'query ($id: ID!) { folderItem(id: $id) { name folder { id } viewerCan { requestChange } } }', { id: state.item })).data!.folderItem).toEqual({
      name: 'Báo cáo tình hình thương mại quý 3', folder: null, viewerCan: { requestChange: false },
    });
  });

  it('nobody else replaces, edits, moves or deletes it directly — not the unit head, not the IT officer', async () => {
    const other = await unitFolder('unitHead', 'QLTM');
    for (const role of ['colleague', 'unitHead']) {
      expect((await refused(role, M.addVersion, { itemId: state.item, fileId: await upload(role) }))[0], role).toMatchObject({ code: 'NOT_ALLOWED' });
      expect((await refused(role, M.updateItem, { itemId: state.item, name: 'Đổi tên' }))[0], role).toMatchObject({ code: 'NOT_ALLOWED' });
      expect((await refused(role, M.deleteItem, { itemId: state.item }))[0], role).toMatchObject({ code: 'NOT_ALLOWED' });
      expect((await refused(role, M.moveItem, { itemId: state.item, folderId: other }))[0], role).toMatchObject({ code: 'NOT_ALLOWED' });
    }
    expect((await refused('itOfficer', M.deleteItem, { itemId: state.item }))[0]).toMatchObject({ code: 'NOT_FOUND' });
    // Nor by deleting its folder.
    const sub = (await ok('unitHead', M.createFolder, { parentId: other, name: 'Chung' })).folder;
    const inSub = (await ok('specialist', M.addFile, { folderId: sub.id, fileId: await upload('specialist'), name: 'Ghi chú' })).item;
    expect((await refused('unitHead', M.deleteFolder, { id: sub.id }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(inSub.id).toBeTruthy();
    // The reader (READ only) may not even ask.
    expect((await refused('legalAppraiser', M.request, { itemId: state.item, kind: 'DELETE' }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    // The author asks nobody.
    expect((await refused('specialist', M.request, { itemId: state.item, kind: 'DELETE' }))[0]).toMatchObject({ code: 'INVALID' });
  });

  it('a colleague asks to replace it; the author is told at once, by notice and on the folder\'s subscription', async () => {
    const authorClient = app.ws(tokens.specialist!).client;
    const authorWatch = authorClient.iterate({ query: 'subscription ($id: ID) { folderChanged(id: $id) { id name } }', variables: { id: state.folder } });
    const noticeWatch = authorClient.iterate({ query: 'subscription { noticeReceived { kind text folderChangeRequest { id kind } } }' });
    const outsider = app.ws(tokens.oneStopDesk!).client.iterate({ query: 'subscription ($id: ID) { folderChanged(id: $id) { id } }', variables: { id: state.folder } });
    const outsiderAll: any[] = [];
    const outsiderAllWatch = app.ws(tokens.oneStopDesk!).client.iterate({ query: 'subscription { folderChanged { id name } }' });
    const draining = (async () => {
      for await (const value of outsiderAllWatch) outsiderAll.push(value);
    })();
    await app.listening(3);
    const fileId = await upload('colleague', pdf('v2'), 'bao-cao-q3-sua.pdf');
    expect((await refused('colleague', M.request, { itemId: state.item, kind: 'REPLACE' }))[0]).toMatchObject({ field: ['input', 'fileId'], code: 'REQUIRED' });
    expect((await refused('colleague', M.request, { itemId: state.item, kind: 'DELETE', fileId }))[0]).toMatchObject({ field: ['input', 'fileId'], code: 'INVALID' });
    const filed = await ok('colleague', M.request, { itemId: state.item, kind: 'REPLACE', fileId, note: 'Cập nhật số liệu tháng 9' });
    state.request = filed.request.id;
    expect(filed.request).toMatchObject({ kind: 'REPLACE', status: 'PENDING', viewerCanAnswer: false, viewerCanWithdraw: true });
    // Five working days, counted in the organisation's calendar.
    const days = (new Date(filed.request.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4);
    expect(days).toBeLessThan(12);
    expect((await refused('colleague', M.request, { itemId: state.item, kind: 'REPLACE', fileId: await upload('colleague') }))[0]!.code).toBe('DUPLICATE');

    expect((await authorWatch.next()).value.data.folderChanged).toEqual({ id: state.folder, name: 'Phòng Quản lý thương mại' });
    const notice = (await noticeWatch.next()).value.data.noticeReceived;
    expect(notice).toMatchObject({ kind: 'CHANGE_REQUESTED', folderChangeRequest: { id: state.request, kind: 'REPLACE' } });
    // The outsider may not subscribe to the folder (as for one that does not exist) and hears nothing of it.
    const refusedSubscription = await outsider.next();
    expect(refusedSubscription.value?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await authorWatch.return?.();
    await noticeWatch.return?.();
    await authorClient.dispose();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    await outsiderAllWatch.return?.();
    await draining.catch(() => {});
    expect(outsiderAll).toEqual([]);
    // The author (and who asked) may download the proposed file before answering; the reader may not.
    const proposal = await gql('specialist', 'query ($id: ID!) { node(id: $id) { ... on FolderChangeRequest { viewerCanAnswer newFile { downloadUrl fileName } } } }', { id: state.request });
    expect(proposal.data!.node).toMatchObject({ viewerCanAnswer: true, newFile: { fileName: 'bao-cao-q3-sua.pdf' } });
    expect((await download('specialist', proposal.data!.node.newFile.downloadUrl)).status).toBe(200);
    expect((await download('legalAppraiser', proposal.data!.node.newFile.downloadUrl)).status).toBe(404);
  });

  it('only the author answers; a refusal needs a reason; the accepted request is applied as a new version', async () => {
    expect((await refused('colleague', M.answer, { id: state.request, accept: true }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await refused('unitHead', M.answer, { id: state.request, accept: true }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await refused('legalAppraiser', M.answer, { id: state.request, accept: true }))[0]).toMatchObject({ code: 'NOT_FOUND' });
    expect((await refused('specialist', M.answer, { id: state.request, accept: false }))[0]).toMatchObject({ field: ['input', 'reason'], code: 'REQUIRED' });
    const accepted = await ok('specialist', M.answer, { id: state.request, accept: true, reason: 'Đồng ý' });
    expect(accepted.request).toMatchObject({ status: 'ACCEPTED', appliedVersion: 2, answeredForAuthor: false, answeredBy: { username: 'hantt.sct' }, item: { currentVersion: { version: 2 } } });
    expect((await refused('specialist', M.answer, { id: state.request, accept: false, reason: 'Đổi ý' }))[0]).toMatchObject({ code: 'INVALID_STATE' });
    const item = (await gql('legalAppraiser', `query ($id: ID!) { folderItem(id: $id) { ${ITEM} } }`, { id: state.item })).data!.folderItem;
    expect(item.versions.map((version: any) => version.version)).toEqual([2, 1]);
    expect(item.author.username).toBe('hantt.sct');
    expect(item.currentVersion.addedBy.username).toBe(colleagueUsername);
    const second = await download('legalAppraiser', item.currentVersion.downloadUrl);
    expect(second.status).toBe(200);
    expect(second.body.toString()).toContain('% v2');
    expect((await download('legalAppraiser', state.firstUrl)).body.toString()).toContain('% v1');
    expect((await notices('colleague')).find((notice) => notice.folderChangeRequest?.id === state.request)).toMatchObject({ kind: 'CHANGE_ANSWERED', folderChangeRequest: { status: 'ACCEPTED' } });
    const steps = await sql(`select action from audit_entry where target_id = ? and action like 'folder_item.%' order by sequence`, [fromGlobalId(state.item)!.id]);
    expect(steps.map((step) => step.action)).toEqual(['folder_item.added', 'folder_item.access_granted', 'folder_item.change_requested', 'folder_item.version_added', 'folder_item.change_accepted']);
  });

  it('a refused request changes nothing, and says why to the requester', async () => {
    const filed = await ok('colleague', M.request, { itemId: state.item, kind: 'EDIT', name: 'Báo cáo quý 3 (bản cuối)' });
    const refusedAnswer = await ok('specialist', M.answer, { id: filed.request.id, accept: false, reason: 'Tên hiện tại đúng quy định' });
    expect(refusedAnswer.request).toMatchObject({ status: 'REFUSED', reason: 'Tên hiện tại đúng quy định', item: { name: 'Báo cáo tình hình thương mại quý 3' } });
    expect((await notices('colleague')).find((notice) => notice.folderChangeRequest?.id === filed.request.id)!.text).toContain('Tên hiện tại đúng quy định');
    // Withdrawing is the requester's, while it waits.
    const move = await ok('colleague', M.request, { itemId: state.item, kind: 'MOVE', folderId: await standardFolder('colleague', 'INTERNAL_NEWS') });
    expect((await refused('specialist', M.withdrawRequest, { id: move.request.id }))[0]!.code).toBe('NOT_ALLOWED');
    expect((await ok('colleague', M.withdrawRequest, { id: move.request.id })).request.status).toBe('WITHDRAWN');
  });

  it('for an author whose account is disabled, the head of her unit answers — never the requester', async () => {
    const fileId = await upload('specialist');
    const own = (await ok('specialist', M.addFile, { folderId: state.folder, fileId, name: 'Danh sách doanh nghiệp' })).item;
    const byHead = await ok('unitHead', M.request, { itemId: own.id, kind: 'DELETE', note: 'Trùng lặp' });
    const byColleague = await ok('colleague', M.request, { itemId: own.id, kind: 'EDIT', description: 'Cập nhật 2026' });
    await ok('itOfficer', `mutation ($input: AccountStatusInput!) { disableAccount(input: $input) { account { id } userErrors { code } } }`, { id: ids.specialist });
    try {
      expect((await refused('unitHead', M.answer, { id: byHead.request.id, accept: true }))[0]).toMatchObject({ code: 'NOT_ALLOWED' });
      const answered = await ok('unitHead', M.answer, { id: byColleague.request.id, accept: true });
      expect(answered.request).toMatchObject({ status: 'ACCEPTED', answeredForAuthor: true, answeredBy: { username: 'namlh.sct' } });
      const description = await gql('colleague', 'query ($id: ID!) { folderItem(id: $id) { description } }', { id: own.id });
      expect(description.data!.folderItem.description).toBe('Cập nhật 2026');
    } finally {
      await sql(`update account set status = 'ACTIVE', status_reason = null where id = ?`, [fromGlobalId(ids.specialist!)!.id]);
      tokens.specialist = await app.login('hantt.sct');
    }
  });

  it('lists requests to answer and filed', async () => {
    const filed = await gql('colleague', '{ folderChangeRequests(filter: { relation: FILED_BY_ME }, first: 20) { totalCount nodes { kind status } } }');
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.folderChangeRequests.totalCount).toBeGreaterThanOrEqual(4);
    const toAnswer = await gql('specialist', '{ folderChangeRequests(filter: { relation: TO_ANSWER, status: PENDING }, first: 20) { totalCount nodes { kind requester { username } } } }');
    expect(toAnswer.data!.folderChangeRequests.nodes).toEqual([{ kind: 'DELETE', requester: { username: 'namlh.sct' } }]);
    const outsider = await gql('clerk', '{ folderChangeRequests(first: 20) { totalCount } }');
    expect(outsider.data!.folderChangeRequests.totalCount).toBe(0);
  });

  it('a request unanswered for five working days expires, and its requester is told', async () => {
    const own = (await ok('specialist', M.addFile, { folderId: state.folder, fileId: await upload('specialist'), name: 'Biên bản họp' })).item;
    const filed = await ok('colleague', M.request, { itemId: own.id, kind: 'DELETE' });
    const store = new LocalBlobStore('/nonexistent');
    expect((await sweepFolders(app.db.orm, store, new Date())).expired).toBe(0);
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect((await sweepFolders(app.db.orm, store, later)).expired).toBeGreaterThanOrEqual(1);
    expect((await sweepFolders(app.db.orm, store, later)).expired).toBe(0);
    const request = await gql('colleague', 'query ($id: ID!) { node(id: $id) { ... on FolderChangeRequest { status viewerCanWithdraw } } }', { id: filed.request.id });
    expect(request.data!.node).toEqual({ status: 'EXPIRED', viewerCanWithdraw: false });
    expect((await notices('colleague')).find((notice) => notice.folderChangeRequest?.id === filed.request.id)).toMatchObject({ kind: 'CHANGE_EXPIRED' });
    expect((await refused('specialist', M.answer, { id: filed.request.id, accept: true }))[0]!.code).toBe('INVALID_STATE');
  });

});

describe('the trash', () => {
  it('keeps a deleted item 30 days for its author or a manager to restore, then purges it and its unshared bytes', async () => {
    const qltm = await unitFolder('specialist', 'QLTM');
    const bytes = pdf('purge-me');
    const item = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist', bytes), name: 'Nháp tạm' })).item;
    const shared = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist', pdf('kept')), name: 'Giữ lại' })).item;
    // The same bytes uploaded again elsewhere keep the blob alive.
    const sha = item.currentVersion.sha256;
    await ok('specialist', M.deleteItem, { itemId: item.id });
    expect((await gql('specialist', 'query ($id: ID!) { folderItem(id: $id) { id } }', { id: item.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await download('specialist', item.currentVersion.downloadUrl)).status).toBe(404);
    const trash = await gql('specialist', 'query ($id: ID!) { folder(id: $id) { trash { id name isFolder author { username } deletedBy { username } purgeAt } } }', { id: qltm });
    expect(trash.data!.folder.trash).toContainEqual(expect.objectContaining({ id: item.id, name: 'Nháp tạm', isFolder: false, deletedBy: { username: 'hantt.sct' } }));
    expect((await gql('colleague', 'query ($id: ID!) { folder(id: $id) { trash { id } } }', { id: qltm })).data!.folder.trash).not.toContainEqual({ id: item.id });
    expect((await refused('colleague', M.restore, { id: item.id }))[0]!.code).toBe('NOT_FOUND');
    // A new item may take its name meanwhile: restoring then collides.
    const taker = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist'), name: 'nhap tam' })).item;
    expect((await refused('specialist', M.restore, { id: item.id }))[0]!.code).toBe('DUPLICATE');
    await ok('specialist', M.deleteItem, { itemId: taker.id });
    expect((await ok('unitHead', M.restore, { id: item.id })).item).toMatchObject({ id: item.id, name: 'Nháp tạm' });
    await ok('specialist', M.deleteItem, { itemId: item.id });

    // A folder goes with everything in it, and comes back with it.
    const box = (await ok('specialist', M.createFolder, { parentId: qltm, name: 'Tạm thời' })).folder;
    const inBox = (await ok('specialist', M.addFile, { folderId: box.id, fileId: await upload('specialist'), name: 'Trong hộp' })).item;
    await ok('specialist', M.deleteFolder, { id: box.id });
    expect((await gql('specialist', 'query ($id: ID!) { folderItem(id: $id) { id } }', { id: inBox.id })).data?.folderItem ?? null).toBeNull();
    await ok('specialist', M.restore, { id: box.id });
    expect((await gql('specialist', 'query ($id: ID!) { folderItem(id: $id) { id } }', { id: inBox.id })).data!.folderItem.id).toBe(inBox.id);
    await ok('specialist', M.deleteFolder, { id: box.id });

    const removed: string[] = [];
    const blobs = { remove: async (sha256: string) => void removed.push(sha256) };
    expect((await sweepFolders(app.db.orm, blobs, new Date(Date.now() + 29 * 86_400_000))).purged).toBe(0);
    const purge = await sweepFolders(app.db.orm, blobs, new Date(Date.now() + 31 * 86_400_000));
    expect(purge.purged).toBeGreaterThanOrEqual(3);
    expect(removed).toContain(sha);
    expect(await sql('select id from folder_item where id in (?, ?)', [fromGlobalId(item.id)!.id, fromGlobalId(inBox.id)!.id])).toEqual([]);
    expect(await sql('select id from folder where id = ?', [fromGlobalId(box.id)!.id])).toEqual([]);
    expect(await sql('select id from stored_file where sha256 = ?', [sha])).toEqual([]);
    expect((await gql('specialist', 'query ($id: ID!) { folderItem(id: $id) { id } }', { id: shared.id })).data!.folderItem.id).toBe(shared.id);

    // Bytes another stored file still has are kept.
    const twice = pdf('twice');
    const first = (await ok('specialist', M.addFile, { folderId: qltm, fileId: await upload('specialist', twice), name: 'Lần một' })).item;
    await upload('colleague', twice);
    await ok('specialist', M.deleteItem, { itemId: first.id });
    removed.length = 0;
    await sweepFolders(app.db.orm, blobs, new Date(Date.now() + 31 * 86_400_000));
    expect(removed).toEqual([]);
  });
});
