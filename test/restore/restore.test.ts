import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { startServer, type RunningServer } from '../../src/server/app.ts';
import { DEMO, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';

/**
 * A backup and its restore, as an operator makes them (issue 22, point 1): `pg_dump -Fc` of a
 * database with documents and files, a copy of FILES_DIR beside it (the bytes are in no dump),
 * `pg_restore --exit-on-error` into an empty database, then the server started on the restored
 * database and files: every document is there, found by its words, and its file downloads.
 *
 * Needs pg_dump and pg_restore on PATH (`apt-get install postgresql-client`) at least as new as
 * the server: run as `npm run test:restore` with DATABASE_URL on such a server (.ci/run does).
 */
const run = promisify(execFile);
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let app: TestApp;
let work: string;
let restoredName: string;
let restored: Database | undefined;
let restoredServer: RunningServer | undefined;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: inject('testDatabase').adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const serverVersion = Number((await admin('show server_version_num')).rows[0].server_version_num) / 10000;
  const { stdout } = await run('pg_dump', ['--version']).catch(() => {
    throw new Error('pg_dump is not on PATH: apt-get install postgresql-client');
  });
  const toolVersion = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
  if (toolVersion < Math.floor(serverVersion)) {
    throw new Error(`pg_dump ${toolVersion} cannot dump a PostgreSQL ${Math.floor(serverVersion)} server: set DATABASE_URL to a server of version ${toolVersion} or older`);
  }
  app = await startTestApp();
  work = await mkdtemp(path.join(os.tmpdir(), 'vanthu-restore-'));
  restoredName = `${new URL(app.db.url).pathname.slice(1)}_restored`;
});

afterAll(async () => {
  await restoredServer?.stop();
  await restored?.close();
  await app?.close();
  if (restoredName) await admin(`drop database if exists "${restoredName}" with (force)`);
  if (work) await rm(work, { recursive: true, force: true });
});

const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) {
  registerIncomingDocument(input: $input) { document { id files { file { id downloadUrl sha256 } } } userErrors { code message } }
}`;
const SEARCH = 'query ($s: String!) { documents(first: 50, filter: { search: $s }) { totalCount nodes { id } } }';

describe('pg_dump and pg_restore', () => {
  it('bring back every document, its words and (with FILES_DIR) its files', async () => {
    const clerk = await app.login(DEMO.clerk);
    const bytes = pdf('bản gốc lưu trữ');
    const uploaded = (await app.upload(clerk, bytes, 'ban-goc.pdf')).body;
    const documentIds: string[] = [];
    for (let n = 1; n <= 3; n += 1) {
      const result = await app.gql(
        REGISTER,
        {
          input: {
            kind: 'CONG_VAN',
            numberNotation: `${700 + n}/STC-KH`,
            issuingOrgan: 'Sở Tài chính',
            issuedOn: vietnamDate(new Date()),
            subject: `Kế hoạch phòng chống bão số ${n}`,
            ...(n === 1 ? { fileIds: [uploaded.id] } : {}),
          },
        },
        clerk,
      );
      expect(result.data?.registerIncomingDocument.userErrors).toEqual([]);
      documentIds.push(result.data!.registerIncomingDocument.document.id);
    }
    const downloadUrl = (await app.gql('query ($id: ID!) { document(id: $id) { files { file { downloadUrl } } } }', { id: documentIds[0] }, clerk)).data!
      .document.files[0].file.downloadUrl as string;
    const before = await app.db.orm.em.fork().getConnection().execute<{ count: string }[]>('select count(*)::text as count from document');

    // The backup: the database in custom format, and the files folder beside it.
    const dump = path.join(work, 'vanthu.dump');
    await run('pg_dump', ['--format=custom', `--file=${dump}`, `--dbname=${app.db.url}`]);
    const filesCopy = path.join(work, 'files');
    await cp(app.filesDir, filesCopy, { recursive: true });

    // The restore, into an empty database: any error stops it (and fails here).
    await admin(`create database "${restoredName}"`);
    const restoredUrl = withDatabase(app.db.url, restoredName);
    const restore = await run('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${restoredUrl}`, dump]).catch((error: { stderr?: string }) => ({
      stderr: `pg_restore failed: ${error.stderr ?? String(error)}`,
    }));
    expect(restore.stderr).toBe('');

    // The server starts on it (its migrations and schema check pass) and serves what was there.
    restored = await openDatabase({ url: restoredUrl });
    const after = await restored.orm.em.fork().getConnection().execute<{ count: string }[]>('select count(*)::text as count from document');
    expect(after).toEqual(before);
    expect(Number(after[0]!.count)).toBeGreaterThanOrEqual(3);
    restoredServer = await startServer({
      orm: restored.orm,
      databaseUrl: restoredUrl,
      blobStore: new LocalBlobStore(filesCopy),
      port: 0,
      host: '127.0.0.1',
      log: pino({ level: 'silent' }),
      jobs: false,
    });
    const base = `http://127.0.0.1:${restoredServer.port}`;
    const post = async (query: string, variables: object, token?: string) =>
      (await (
        await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as any;
    const login = await post('mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: DEMO.clerk, p: DEMO_PASSWORD });
    const token = login.data.login.token as string;
    const found = (await post(SEARCH, { s: 'phong chong bao' }, token)).data.documents;
    expect(found.totalCount).toBe(3);
    expect(new Set(found.nodes.map((node: { id: string }) => node.id))).toEqual(new Set(documentIds));
    expect((await post(SEARCH, { s: '702/STC' }, token)).data.documents.nodes).toEqual([{ id: documentIds[1] }]);
    const file = await fetch(`${base}${downloadUrl}`, { headers: { authorization: `Bearer ${token}` } });
    expect(file.status).toBe(200);
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(bytes));
  }, 120_000);
});
