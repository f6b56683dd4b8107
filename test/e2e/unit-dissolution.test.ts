import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { assignTask, createUnit, directDocument, registerIncoming } from '../support/operations.ts';

/**
 * Dissolving a unit (issue 14: "a removed unit's folder is kept read-only"): refused while it has
 * members, open sub-units or open work; once dissolved it stays in history under its name, takes
 * nothing new anywhere (members, sub-units, assignments, tasks, rights), and its cabinet folder
 * with everything below it is read-only. Also the accent-free search of folders by name.
 */
let app: TestApp;
const signed: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, units } = signed;

const DISSOLVE = `mutation ($input: DissolveUnitInput!) { dissolveUnit(input: $input) { unit { id dissolvedAt } userErrors { field code message } } }`;
const CREATE_FOLDER = `mutation ($input: CreateFolderInput!) { createFolder(input: $input) { folder { id name } userErrors { field code message } } }`;

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

const payloadOf = (response: { data?: Record<string, any> }) => Object.values(response.data ?? {})[0] as any;

async function dissolve(role: string, id: string) {
  const response = await app.gql(DISSOLVE, { input: { id } }, tokens[role]);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return payloadOf(response);
}

async function auditCount(): Promise<number> {
  return Number((await sql(`select count(*)::int as n from audit_entry`))[0]!.n);
}

/** The folder of a unit in the cabinet (read as stored: what the test checks is the API's answer about it). */
async function unitFolderId(unitGlobalId: string): Promise<string> {
  const response = await app.gql(`{ cabinet { folders(first: 100) { nodes { id unit { id } } } } }`, {}, tokens.itOfficer);
  const folder = response.data!.cabinet.folders.nodes.find((node: any) => node.unit?.id === unitGlobalId);
  expect(folder, 'the unit has its folder').toBeTruthy();
  return folder.id;
}

async function createAccountIn(unitId: string) {
  const response = await app.gql(
    `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } userErrors { field code message } } }`,
    { input: { fullName: 'Trần Văn Giải', unitId, title: 'SPECIALIST', roles: ['SPECIALIST'] } },
    tokens.itOfficer,
  );
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return payloadOf(response);
}

beforeAll(async () => {
  app = await startSignedIn(signed);
});

afterAll(async () => {
  await app?.close();
});

describe('dissolving a unit', () => {
  it('is refused while it has members or open sub-units, writing nothing; then dissolves, audited', async () => {
    const unit = await createUnit(app, tokens.itOfficer!, { name: 'Tổ Đề án cũ', code: 'TDAC' });
    const child = await createUnit(app, tokens.itOfficer!, { name: 'Nhóm Đề án con', code: 'NDAC', parentId: unit.id });
    const member = (await createAccountIn(unit.id)).account;
    expect(member).toBeTruthy();

    const before = await auditCount();
    const refused = await dissolve('itOfficer', unit.id);
    expect(refused.unit).toBeNull();
    expect(refused.userErrors.map((error: any) => error.code).sort()).toEqual(['UNIT_NOT_EMPTY', 'UNIT_NOT_EMPTY']);
    for (const error of refused.userErrors) expect(error.field).toEqual(['input', 'id']);
    expect(refused.userErrors.map((error: any) => error.message).join(' ')).toMatch(/1 đơn vị cấp dưới.*1 tài khoản/);
    expect(await auditCount()).toBe(before);
    expect((await sql(`select dissolved_at from unit where code = 'TDAC'`))[0]!.dissolved_at).toBeNull();

    // The sub-unit first (nobody in it), then the member disabled: the unit dissolves.
    expect((await dissolve('leader', child.id)).userErrors).toEqual([]);
    const disabled = await app.gql(`mutation ($input: AccountStatusInput!) { disableAccount(input: $input) { userErrors { code } } }`, { input: { id: member.id, reason: 'Nghỉ hưu' } }, tokens.itOfficer);
    expect(payloadOf(disabled).userErrors).toEqual([]);
    const done = await dissolve('itOfficer', unit.id);
    expect(done.userErrors).toEqual([]);
    expect(new Date(done.unit.dissolvedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const trail = await app.gql(`{ auditTrail(first: 20) { nodes { action targetId } } }`, {}, tokens.itOfficer);
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditTrail.nodes.filter((entry: any) => entry.action === 'unit.dissolved').length).toBeGreaterThanOrEqual(2);

    // Dissolved once: again is refused.
    expect((await dissolve('itOfficer', unit.id)).userErrors.map((error: any) => error.code)).toEqual(['UNIT_DISSOLVED']);
  });

  it('is refused while the unit carries an open assignment or task, and the refusal writes nothing', async () => {
    const directed = await createUnit(app, tokens.itOfficer!, { name: 'Tổ Được giao', code: 'TDG' });
    const document = await registerIncoming(app, tokens.clerk!);
    await directDocument(app, tokens.leader!, { documentId: document.id, assignees: [{ unitId: directed.id, role: 'LEAD', withinWorkingHours: 16 }] });
    const before = await auditCount();
    expect((await dissolve('itOfficer', directed.id)).userErrors.map((error: any) => error.code)).toEqual(['UNIT_HAS_OPEN_WORK']);
    expect(await auditCount()).toBe(before);
    expect((await sql(`select dissolved_at from unit where code = 'TDG'`))[0]!.dissolved_at).toBeNull();

    const tasked = await createUnit(app, tokens.itOfficer!, { name: 'Tổ Nhiệm vụ', code: 'TNV' });
    const task = await assignTask(app, tokens.leader!, { assigneeUnitId: tasked.id });
    expect((await dissolve('itOfficer', tasked.id)).userErrors.map((error: any) => error.code)).toEqual(['UNIT_HAS_OPEN_WORK']);
    const cancelled = await app.gql(`mutation ($input: CancelTaskInput!) { cancelTask(input: $input) { userErrors { code } } }`, { input: { id: task.id, reason: 'Không còn cần' } }, tokens.leader);
    expect(payloadOf(cancelled).userErrors).toEqual([]);
    expect((await dissolve('itOfficer', tasked.id)).userErrors).toEqual([]);
  });

  it('is for IT officers and leaders only', async () => {
    const unit = await createUnit(app, tokens.itOfficer!, { name: 'Tổ Thử quyền', code: 'TTQ' });
    for (const role of ['specialist', 'unitHead', 'clerk']) {
      const response = await app.gql(DISSOLVE, { input: { id: unit.id } }, tokens[role]);
      expect(response.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    expect((await sql(`select dissolved_at from unit where code = 'TTQ'`))[0]!.dissolved_at).toBeNull();
  });

  it('leaves the unit in history, out of the lists, and open to nothing new anywhere', async () => {
    const unit = await createUnit(app, tokens.itOfficer!, { name: 'Tổ Sáp nhập', code: 'TSN' });
    const folderId = await unitFolderId(unit.id);
    const sub = payloadOf(await app.gql(CREATE_FOLDER, { input: { parentId: folderId, name: 'Hồ sơ cũ' } }, tokens.itOfficer));
    expect(sub.userErrors).toEqual([]);
    expect((await dissolve('itOfficer', unit.id)).userErrors).toEqual([]);

    const lists = await app.gql(
      `{ organisation { units { id } all: units(includeDissolved: true) { id dissolvedAt } rootUnits { id } } }`,
      {},
      tokens.specialist,
    );
    expect(lists.data!.organisation.units.map((u: any) => u.id)).not.toContain(unit.id);
    expect(lists.data!.organisation.rootUnits.map((u: any) => u.id)).not.toContain(unit.id);
    expect(lists.data!.organisation.all.find((u: any) => u.id === unit.id)?.dissolvedAt).toBeTruthy();
    // Still readable by id, as history names it.
    const byId = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Unit { name dissolvedAt } } }`, { id: unit.id }, tokens.specialist);
    expect(byId.data!.node).toMatchObject({ name: 'Tổ Sáp nhập' });

    const counts = async () => (await sql(`select (select count(*) from account) a, (select count(*) from unit) u, (select count(*) from assignment) s, (select count(*) from task) t, (select count(*) from folder) f, (select count(*) from folder_grant) g`))[0];
    const before = await counts();

    expect((await createAccountIn(unit.id)).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);
    const child = await app.gql(`mutation ($input: CreateUnitInput!) { createUnit(input: $input) { userErrors { code } } }`, { input: { name: 'Nhóm mới', code: 'NMOI', kind: 'NHOM', parentId: unit.id } }, tokens.itOfficer);
    expect(payloadOf(child).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);
    const renamed = await app.gql(`mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { userErrors { code } } }`, { input: { id: unit.id, name: 'Tên khác' } }, tokens.itOfficer);
    expect(payloadOf(renamed).userErrors.map((error: any) => error.code)).toEqual(['UNIT_DISSOLVED']);
    const moved = await app.gql(`mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { userErrors { code } } }`, { input: { id: units.PC, parentId: unit.id } }, tokens.itOfficer);
    expect(payloadOf(moved).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);

    const document = await registerIncoming(app, tokens.clerk!);
    const direction = await app.gql(
      `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { userErrors { field code } } }`,
      { input: { documentId: document.id, note: 'Giao', assignees: [{ unitId: unit.id, role: 'LEAD', withinWorkingHours: 8 }] } },
      tokens.leader,
    );
    expect(payloadOf(direction).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);
    const task = await app.gql(
      `mutation ($input: AssignTaskInput!) { assignTask(input: $input) { userErrors { code } } }`,
      { input: { title: 'Việc mới', assigneeUnitId: unit.id, deadline: new Date(Date.now() + 86_400_000).toISOString() } },
      tokens.leader,
    );
    expect(payloadOf(task).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);
    const grant = await app.gql(
      `mutation ($input: GrantFolderAccessInput!) { grantFolderAccess(input: $input) { userErrors { code } } }`,
      { input: { targetId: await unitFolderId(units.QLTM!), grantee: { kind: 'UNIT', unitId: unit.id }, level: 'READ' } },
      tokens.unitHead,
    );
    expect(payloadOf(grant).userErrors.map((error: any) => error.code)).toEqual(['INVALID_UNIT']);

    // Its folder, and what is below it, is kept read-only.
    const folders = await app.gql(`query ($a: ID!, $b: ID!) { a: folder(id: $a) { readOnly viewerCan { addItems createFolders } } b: folder(id: $b) { readOnly } }`, { a: folderId, b: sub.folder.id }, tokens.itOfficer);
    expect(folders.errors, JSON.stringify(folders.errors)).toBeUndefined();
    expect(folders.data).toMatchObject({ a: { readOnly: true, viewerCan: { addItems: false, createFolders: false } }, b: { readOnly: true } });
    const inside = payloadOf(await app.gql(CREATE_FOLDER, { input: { parentId: sub.folder.id, name: 'Mới' } }, tokens.itOfficer));
    expect(inside.userErrors.map((error: any) => error.code)).toEqual(['INVALID_STATE']);

    expect(await counts()).toEqual(before);
  });
});

describe('searching folders by name', () => {
  const SEARCH = `query ($text: String!, $within: ID) { searchFolders(text: $text, within: $within, first: 20) { totalCount nodes { id name } } }`;

  it('finds, accents ignored, only the folders the viewer may see, below a folder when asked', async () => {
    const qltm = await unitFolderId(units.QLTM!);
    const shared = payloadOf(await app.gql(CREATE_FOLDER, { input: { parentId: qltm, name: 'Hồ sơ Đấu thầu 2026' } }, tokens.specialist));
    expect(shared.userErrors).toEqual([]);
    const nested = payloadOf(await app.gql(CREATE_FOLDER, { input: { parentId: shared.folder.id, name: 'Đấu thầu gói 2' } }, tokens.specialist));
    expect(nested.userErrors).toEqual([]);
    const mine = (await app.gql(`{ myFolder { id } }`, {}, tokens.specialist)).data!.myFolder.id;
    const personal = payloadOf(await app.gql(CREATE_FOLDER, { input: { parentId: mine, name: 'Đấu thầu riêng' } }, tokens.specialist));
    expect(personal.userErrors).toEqual([]);

    const found = await app.gql(SEARCH, { text: 'dau THAU' }, tokens.specialist);
    expect(found.errors, JSON.stringify(found.errors)).toBeUndefined();
    expect(found.data!.searchFolders.nodes.map((node: any) => node.name).sort()).toEqual(['Hồ sơ Đấu thầu 2026', 'Đấu thầu gói 2', 'Đấu thầu riêng'].sort());
    expect(found.data!.searchFolders.totalCount).toBe(3);
    // A word's beginning matches; a word's middle does not.
    expect((await app.gql(SEARCH, { text: 'thau go' }, tokens.specialist)).data!.searchFolders.nodes.map((node: any) => node.name)).toEqual(['Đấu thầu gói 2']);
    expect((await app.gql(SEARCH, { text: 'hau' }, tokens.specialist)).data!.searchFolders.totalCount).toBe(0);
    // Below a folder: what is under it, not the folder itself.
    expect((await app.gql(SEARCH, { text: 'dau thau', within: shared.folder.id }, tokens.specialist)).data!.searchFolders.nodes.map((node: any) => node.name)).toEqual(['Đấu thầu gói 2']);

    // The unit head of QLTM sees the unit's folders, not her personal area; the legal office's
    // specialist (no right on QLTM's folder) sees none of them, nor their count.
    const head = await app.gql(SEARCH, { text: 'dau thau' }, tokens.unitHead);
    expect(head.data!.searchFolders.nodes.map((node: any) => node.name).sort()).toEqual(['Hồ sơ Đấu thầu 2026', 'Đấu thầu gói 2'].sort());
    const outsider = await app.gql(SEARCH, { text: 'dau thau' }, tokens.legalAppraiser);
    expect(outsider.data!.searchFolders).toEqual({ totalCount: 0, nodes: [] });
    // A folder one may not see is no place to search below: NOT_FOUND, as for one that does not exist.
    const hidden = await app.gql(SEARCH, { text: 'dau', within: shared.folder.id }, tokens.legalAppraiser);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
