import { randomBytes } from 'node:crypto';
import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { StoredFile } from '../../src/areas/files/stored-file.ts';
import { createFolder } from '../../src/areas/folders/folder-service.ts';
import { grantAccess } from '../../src/areas/folders/grant-service.ts';
import { addFile, addVersion } from '../../src/areas/folders/item-service.ts';
import { actorOf } from '../../src/core/actor-of.ts';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { forkFor } from '../../src/core/context.ts';
import { countStatements } from '../../src/db/query-counter.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * No N+1 in the cabinet: a folder page of 50 items, each with its author, rights summary and last
 * version, costs the same few statements as one of 5; so does a search page.
 */
let app: TestApp;
const signed: SignedIn = { tokens: {}, ids: {}, units: {} };
const schema = buildSchema();
const folders = { five: '', fifty: '' };

async function viewerOf(role: string) {
  const authentication = await authenticate(app.db.orm.em.fork(), signed.tokens[role]!);
  return authentication.viewer!;
}

/** A folder of `count` files in the specialist's unit folder, every third with a right of its own and every fifth in a second version by its author. */
async function fill(name: string, count: number): Promise<string> {
  const viewer = await viewerOf('specialist');
  const actor = actorOf(viewer, null);
  return forkFor(app.db.orm, viewer).transactional(async (em) => {
    const [unit] = await em.execute<{ id: string }[]>(`select id from folder where kind = 'UNIT' and unit_id = ?`, [viewer.unitId]);
    const folder = await createFolder(em, actor, { parentId: unit!.id, name });
    const upload = (index: number) => {
      const file = em.create(StoredFile, { organisation: viewer.organisationId, sha256: randomBytes(32).toString('hex'), size: 1000 + index, mediaType: 'application/pdf', fileName: `tep-${index}.pdf`, uploadedBy: viewer.accountId });
      return file.id;
    };
    for (let index = 0; index < count; index += 1) {
      const fileId = upload(index);
      await em.flush();
      const item = await addFile(em, actor, { folderId: folder.id, fileId, name: `Tài liệu ${index}`, description: `Mô tả ${index}` });
      if (index % 3 === 0) await grantAccess(em, actor, { targetId: toGlobalId('FolderItem', item.id), grantee: { kind: 'UNIT', unitId: fromGlobalId(signed.units.PC!)!.id }, level: 'READ' });
      if (index % 5 === 0) {
        const next = upload(index + 1000);
        await em.flush();
        await addVersion(em, actor, { itemId: item.id, fileId: next });
      }
    }
    return toGlobalId('Folder', folder.id);
  });
}

beforeAll(async () => {
  app = await startSignedIn(signed);
  folders.five = await fill('Năm tài liệu', 5);
  folders.fifty = await fill('Năm mươi tài liệu', 50);
});
afterAll(() => app?.close());

async function run(role: string, query: string, variables: Record<string, unknown>) {
  const contextValue = createContext(app.db.orm, 'folder-statements', pino({ level: 'silent' }), await viewerOf(role), null);
  const { result, statements } = await countStatements(() => Promise.resolve(execute({ schema, document: parse(query), contextValue, variableValues: variables })));
  expect(result.errors).toBeUndefined();
  return { data: result.data as any, statements };
}

const PAGE = `query ($id: ID!, $first: Int!) {
  folder(id: $id) {
    name viewerAccess viewerCan { addItems manageRights }
    items(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id name description size kind viewerIsAuthor
        author { fullName unit { name } }
        rights { inheritsRights ownGrantCount everyone viewerAccess }
        currentVersion { version fileName size addedBy { username } }
        viewerCan { edit requestChange manageRights }
      }
    }
  }
}`;

describe('statements of the cabinet', () => {
  it('reads a folder page of 50 items with authors, rights and last versions in as many statements as one of 5', async () => {
    for (const role of ['specialist', 'unitHead']) {
      const small = await run(role, PAGE, { id: folders.five, first: 5 });
      const large = await run(role, PAGE, { id: folders.fifty, first: 50 });
      expect(small.data.folder.items.nodes).toHaveLength(5);
      expect(large.data.folder.items.nodes).toHaveLength(50);
      expect(large.data.folder.items.totalCount).toBe(50);
      const withGrant = large.data.folder.items.nodes.find((item: any) => item.name === 'Tài liệu 0');
      expect(withGrant.rights.ownGrantCount).toBe(1);
      expect(withGrant.currentVersion.version).toBe(2);
      expect(large.statements.length, role).toBe(small.statements.length);
      // folder, page, count, authors, their units, own grants, versions with their files
      expect(large.statements.length, large.statements.join('\n')).toBeLessThanOrEqual(7);
    }
  });

  it('reads a search page in a fixed number of statements', async () => {
    const QUERY = `query ($first: Int!) { searchCabinet(text: "tai lieu", first: $first) { totalCount nodes { name author { fullName } rights { ownGrantCount } currentVersion { version } } } }`;
    const small = await run('specialist', QUERY, { first: 5 });
    const large = await run('specialist', QUERY, { first: 50 });
    expect(small.data.searchCabinet.nodes).toHaveLength(5);
    expect(large.data.searchCabinet.nodes).toHaveLength(50);
    expect(large.data.searchCabinet.totalCount).toBe(55);
    expect(large.statements.length).toBe(small.statements.length);
  });
});
