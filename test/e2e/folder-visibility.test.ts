import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * The cabinet's visibility matrix (issue 14, "done when"): a report the specialist shares in her
 * unit's folder with read rights for the legal office, and every kind of viewer, by every path —
 * by id, node, nodes, the folder's list and its count, search and its count, download and
 * subscription. Who may not read it gets exactly what a nonexistent record gets.
 */
let app: TestApp;
const signed: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, units } = signed;
const WORD = `mat${randomBytes(3).toString('hex')}`;
const record = { folder: '', item: '', download: '', inSubFolder: '' };

const gql = (role: string, query: string, variables: Record<string, unknown> = {}) => app.gql(query, variables, tokens[role]);

async function ok(role: string, mutation: string, input: Record<string, unknown>) {
  const response = await gql(role, mutation, { input });
  const payload = Object.values(response.data ?? {})[0] as any;
  expect(response.errors).toBeUndefined();
  expect(payload.userErrors).toEqual([]);
  return payload;
}

const ADD = `mutation ($input: AddFolderFileInput!) { addFolderFile(input: $input) { item { id currentVersion { downloadUrl } } userErrors { code message } } }`;
const pdf = () => new TextEncoder().encode(`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`);
const upload = async (role: string) => (await app.upload(tokens[role]!, pdf(), 'bao-cao.pdf')).body.id;

/** Who reads the report: its author, the head of her unit, and the legal office it was shared with. */
const READERS = ['specialist', 'unitHead', 'legalAppraiser'];
/** Who sees the unit's folder: its members and head, and IT officers (its structure, none of its items). */
const FOLDER_SEERS = ['specialist', 'unitHead', 'itOfficer'];
const VIEWERS = ['specialist', 'unitHead', 'legalAppraiser', 'leader', 'deputy', 'clerk', 'confidentialClerk', 'itOfficer', 'informationLead', 'mailboxReader', 'oneStopDesk', 'otherLeader', 'otherSpecialist'];

beforeAll(async () => {
  app = await startSignedIn(signed, { otherOrganisation: true });
  const cabinet = await gql('specialist', '{ cabinet { folders(first: 20) { nodes { id kind unit { code } } } } }');
  record.folder = cabinet.data!.cabinet.folders.nodes.find((folder: any) => folder.kind === 'UNIT' && folder.unit.code === 'QLTM').id;
  const added = await ok('specialist', ADD, { folderId: record.folder, fileId: await upload('specialist'), name: `Báo cáo ${WORD} quý 3`, description: 'Tổng hợp số liệu thương mại' });
  record.item = added.item.id;
  record.download = added.item.currentVersion.downloadUrl;
  await ok('specialist', `mutation ($input: GrantFolderAccessInput!) { grantFolderAccess(input: $input) { grant { id } userErrors { code message } } }`, {
    targetId: record.item,
    grantee: { kind: 'UNIT', unitId: units.PC },
    level: 'READ',
  });
  const sub = await ok('specialist', `mutation ($input: CreateFolderInput!) { createFolder(input: $input) { folder { id } userErrors { code message } } }`, { parentId: record.folder, name: 'Lưu trữ' });
  record.inSubFolder = (await ok('specialist', ADD, { folderId: sub.folder.id, fileId: await upload('specialist'), name: `Phụ lục ${WORD}` })).item.id;
});
afterAll(() => app?.close());

async function notFoundLikeNothing(role: string, query: string, id: string, missing: string) {
  const seen = await gql(role, query, { id });
  const nothing = await gql(role, query, { id: missing });
  expect(seen.data, role).toEqual(nothing.data);
  expect(seen.errors, role).toEqual(nothing.errors);
}

describe('who reads the shared report, by every path', () => {
  for (const role of VIEWERS) {
    const reads = READERS.includes(role);
    it(`${role} ${reads ? 'reads it' : 'gets nothing'}`, async () => {
      // By id and through node / nodes.
      const byId = await gql(role, 'query ($id: ID!) { folderItem(id: $id) { id name } }', { id: record.item });
      const node = await gql(role, 'query ($id: ID!) { node(id: $id) { id } }', { id: record.item });
      const nodes = await gql(role, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [record.item, record.inSubFolder] });
      if (reads) {
        expect(byId.data!.folderItem.id).toBe(record.item);
        expect(node.data!.node.id).toBe(record.item);
      } else {
        await notFoundLikeNothing(role, 'query ($id: ID!) { folderItem(id: $id) { id name } }', record.item, toGlobalId('FolderItem', randomUUID()));
        await notFoundLikeNothing(role, 'query ($id: ID!) { node(id: $id) { id } }', record.item, toGlobalId('FolderItem', randomUUID()));
        expect(nodes.data!.nodes[0]).toBeNull();
      }
      expect(nodes.data!.nodes[1] !== null, 'the item below').toBe(['specialist', 'unitHead'].includes(role));

      // Search, and its count.
      const search = await gql(role, 'query ($text: String!) { searchCabinet(text: $text, first: 10) { totalCount nodes { id } } }', { text: `bao cao ${WORD.toUpperCase()}` });
      expect(search.errors, role).toBeUndefined();
      expect(search.data!.searchCabinet.nodes.map((item: any) => item.id), role).toEqual(reads ? [record.item] : []);
      expect(search.data!.searchCabinet.totalCount, role).toBe(reads ? 1 : 0);
      const byPrefix = await gql(role, 'query ($text: String!) { searchCabinet(text: $text, first: 10) { totalCount } }', { text: WORD.slice(0, 5) });
      expect(byPrefix.data!.searchCabinet.totalCount, role).toBe(['specialist', 'unitHead'].includes(role) ? 2 : reads ? 1 : 0);

      // The folder, its list and its count.
      const folder = await gql(role, 'query ($id: ID!) { folder(id: $id) { id items(first: 20) { totalCount nodes { id } } } }', { id: record.folder });
      if (FOLDER_SEERS.includes(role)) {
        const items = folder.data!.folder.items;
        expect(items.nodes.some((item: any) => item.id === record.item), role).toBe(reads);
        expect(items.totalCount, role).toBe(items.nodes.length);
        if (role === 'itOfficer') expect(items).toEqual({ totalCount: 0, nodes: [] });
      } else {
        await notFoundLikeNothing(role, 'query ($id: ID!) { folder(id: $id) { id items(first: 20) { totalCount nodes { id } } } }', record.folder, toGlobalId('Folder', randomUUID()));
      }

      // Download: 404 exactly like a file that does not exist.
      const file = await fetch(new URL(record.download, app.url), { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(file.status, role).toBe(reads ? 200 : 404);
      if (!reads) {
        const missing = await fetch(new URL(`/files/${toGlobalId('StoredFile', randomUUID())}`, app.url), { headers: { authorization: `Bearer ${tokens[role]}` } });
        expect(await file.text()).toBe(await missing.text());
      }
    });
  }
});

describe('search within a branch', () => {
  it('finds only below the folder named, which must be one the viewer sees', async () => {
    const QUERY = 'query ($text: String!, $within: ID) { searchCabinet(text: $text, within: $within, first: 10) { totalCount nodes { id } } }';
    const sub = (await gql('specialist', 'query ($id: ID!) { folder(id: $id) { folders(first: 5) { nodes { id } } } }', { id: record.folder })).data!.folder.folders.nodes[0].id;
    expect((await gql('specialist', QUERY, { text: WORD, within: record.folder })).data!.searchCabinet.totalCount).toBe(2);
    expect((await gql('specialist', QUERY, { text: WORD, within: sub })).data!.searchCabinet.nodes).toEqual([{ id: record.inSubFolder }]);
    const outsider = await gql('legalAppraiser', QUERY, { text: WORD, within: record.folder });
    expect(outsider.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql('specialist', QUERY, { text: '  ,;  ' })).data!.searchCabinet).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('subscriptions', () => {
  it('folderChanged reaches those who see the folder, and no one else; naming a folder one may not see is NOT_FOUND', async () => {
    const received: Record<string, any[]> = {};
    const streams = VIEWERS.map((role) => {
      received[role] = [];
      const client = app.ws(tokens[role]!).client;
      const iterator = client.iterate({ query: 'subscription { folderChanged { id name } }' });
      const done = (async () => {
        for await (const value of iterator) received[role]!.push(value);
      })();
      return { client, iterator, done };
    });
    const named = Object.fromEntries(
      await Promise.all(
        ['legalAppraiser', 'otherSpecialist', 'leader'].map(async (role) => {
          const iterator = app.ws(tokens[role]!).client.iterate({ query: 'subscription ($id: ID) { folderChanged(id: $id) { id } }', variables: { id: record.folder } });
          const first = await iterator.next();
          return [role, first.value?.errors?.[0]?.extensions?.code ?? 'delivered'];
        }),
      ),
    );
    expect(named).toEqual({ legalAppraiser: 'NOT_FOUND', otherSpecialist: 'NOT_FOUND', leader: 'NOT_FOUND' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ok('specialist', ADD, { folderId: record.folder, fileId: await upload('specialist'), name: 'Ghi chú mới' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // An item the IT officer may not see changed nothing he sees of the folder (issue 11): he hears
    // nothing of it; a new sub-folder is part of the structure he keeps, and reaches him too.
    const heardOfItem = VIEWERS.filter((role) => received[role]!.length > 0);
    expect(heardOfItem.sort()).toEqual(['specialist', 'unitHead']);
    await ok('specialist', `mutation ($input: CreateFolderInput!) { createFolder(input: $input) { folder { id } userErrors { code message } } }`, { parentId: record.folder, name: 'Thư mục mới' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    for (const stream of streams) {
      await stream.iterator.return?.();
      await stream.done.catch(() => {});
      await stream.client.dispose();
    }
    const reached = VIEWERS.filter((role) => received[role]!.length > 0);
    expect(reached.sort()).toEqual([...FOLDER_SEERS].sort());
    // The folder's own news: the new file (not for the IT officer), then the new sub-folder; the sub-folder's own news besides.
    for (const role of reached) {
      const ofFolder = received[role]!.filter((value) => value.data.folderChanged.id === record.folder);
      expect(ofFolder, role).toHaveLength(role === 'itOfficer' ? 1 : 2);
    }
  });
});
