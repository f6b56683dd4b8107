/**
 * `npm run bench:folders [-- --fresh]`: the cabinet at scale (issue 14).
 *
 * A database of 20 organisations (seeded as the demo is) with a cabinet of 20,000 folders and
 * 200,000 file items (each with its stored file and version), built once by set-based SQL in
 * `vanthu_bench_folders` (BENCH_FOLDERS_DATABASE for another name) on DATABASE_URL's server or on
 * an embedded PostgreSQL kept under the temp folder, reused while it holds the data (`--fresh`
 * rebuilds it). Per organisation: under each unit's folder and "Tin nội bộ", 25 folders of 40 items,
 * each with 4 sub-folders of 2 or 3 items; the legal office (PC) is given read rights on the trade
 * management unit's folder (QLTM), so they reach everything below it by inheritance; 40 folders
 * carry a right for some other unit, and 10 break inheritance.
 *
 * The real server is started in-process on 127.0.0.1; over real HTTP, as the legal office's
 * specialist of the first organisation (rights through their unit's folder and an inherited
 * grant), it measures median and p99 of:
 * - a folder page: the first 50 items of a folder of QLTM (author, rights summary, last version),
 *   with totalCount (the viewer's permissions per item would pass the API's cost limit of 5000 at 50);
 * - a cabinet-wide search (accents ignored) for a common phrase and for a rarer word, with totalCount;
 * - a search of folders by name, with totalCount;
 * - beside them, the floor every request pays (`{ me { id } }`).
 * Target: medians under 20 ms.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { refreshFolders } from '../src/areas/folders/rights-refresh.ts';
import { syncCabinet } from '../src/areas/folders/cabinet.ts';
import { itemSearchText } from '../src/areas/folders/search.ts';
import { foldVietnamese } from '../src/core/text.ts';
import { openDatabase } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { startServer } from '../src/server/app.ts';
import { withDatabase } from './dataset.ts';
import { percentile, sortNumbers } from './measure.ts';
import { ACTIONS, AGENCIES, TOPICS } from './vocabulary.ts';

const OPTIONS = ['--fresh'];
const args = new Set(process.argv.slice(2));
for (const arg of args) if (!OPTIONS.includes(arg)) throw new Error(`unknown option ${arg} (known: ${OPTIONS.join(', ')})`);

const DATABASE = process.env.BENCH_FOLDERS_DATABASE ?? 'vanthu_bench_folders';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)) throw new Error('BENCH_FOLDERS_DATABASE must be a plain lower-case identifier');
const PASSWORD = 'Bench#Pass2026';
const MARK = 'vanthu-bench folders v1: 20 organisations, 20000 folders, 200000 items';
const TOP_FOLDERS = 25;
const ITEMS_PER_FOLDER = 40;
const SUB_FOLDERS = 4;
const TARGET_MS = 20;
const SAMPLES = 200;
const WARM_UP = 5;

const log = (message: string) => console.log(message);

/** A small deterministic generator (mulberry32), so every build draws the same cabinet. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface FolderRow {
  id: string;
  parentId: string;
  path: string[];
  zone: string;
  zoneUnitId: string | null;
  name: string;
  authorId: string;
  authorUnitId: string;
}

/** One organisation's cabinet: its folders, items with files and versions, and its grants, then its rights. */
async function fillOrganisation(pool: pg.Pool, organisationId: string, seed: number): Promise<void> {
  const draw = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(draw() * items.length)]!;
  const { rows: accounts } = await pool.query<{ id: string; unit_id: string }>(`select id, unit_id from account where organisation_id = $1`, [organisationId]);
  const { rows: tops } = await pool.query<{ id: string; path: string[]; zone: string; zone_unit_id: string | null; unit_code: string | null }>(
    `select f.id, f.path, f.zone, f.zone_unit_id, u.code as unit_code from folder f left join unit u on u.id = f.unit_id
      where f.organisation_id = $1 and f.kind in ('UNIT', 'INTERNAL_NEWS') order by f.name`,
    [organisationId],
  );
  const authorIn = (unitId: string | null) => {
    const members = accounts.filter((account) => account.unit_id === unitId);
    return members.length > 0 ? pick(members) : pick(accounts);
  };
  const folders: FolderRow[] = [];
  const items: { folderId: string; name: string; authorId: string; authorUnitId: string }[] = [];
  let itemNumber = 0;
  const itemsOf = (folder: FolderRow, count: number) => {
    for (let i = 0; i < count; i += 1) {
      itemNumber += 1;
      const author = authorIn(folder.zoneUnitId);
      items.push({ folderId: folder.id, name: `${pick(ACTIONS)} ${pick(TOPICS)} số ${itemNumber}`.slice(0, 255), authorId: author.id, authorUnitId: author.unit_id });
    }
  };
  for (const top of tops) {
    for (let i = 1; i <= TOP_FOLDERS; i += 1) {
      const author = authorIn(top.zone_unit_id);
      const id = randomUUID();
      const folder: FolderRow = { id, parentId: top.id, path: [...top.path, id], zone: top.zone, zoneUnitId: top.zone_unit_id, name: `${pick(TOPICS)} ${i}`, authorId: author.id, authorUnitId: author.unit_id };
      folders.push(folder);
      itemsOf(folder, ITEMS_PER_FOLDER);
      for (let j = 1; j <= SUB_FOLDERS; j += 1) {
        const subId = randomUUID();
        const sub: FolderRow = { ...folder, id: subId, parentId: id, path: [...folder.path, subId], name: `Năm ${2020 + j}` };
        folders.push(sub);
        itemsOf(sub, (i + j) % 2 === 0 ? 2 : 3);
      }
    }
  }
  await pool.query(
    `insert into folder (id, organisation_id, parent_id, area, kind, zone, zone_unit_id, name, name_key, path, rights_path, inherits_rights, created_by_id, created_at, updated_at)
     select f.id, $1, f.parent_id, 'SHARED', 'FOLDER', f.zone, f.zone_unit_id, f.name, f.name_key, string_to_array(f.path, ','), '{}', true, f.author_id,
            now() - random() * interval '700 days', now() - random() * interval '300 days'
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::uuid[]) as f(id, parent_id, zone, zone_unit_id, name, name_key, path, author_id)`,
    [
      organisationId,
      folders.map((folder) => folder.id),
      folders.map((folder) => folder.parentId),
      folders.map((folder) => folder.zone),
      folders.map((folder) => folder.zoneUnitId),
      folders.map((folder) => folder.name),
      folders.map((folder) => foldVietnamese(folder.name)),
      folders.map((folder) => folder.path.join(',')),
      folders.map((folder) => folder.authorId),
    ],
  );
  const itemIds = items.map(() => randomUUID());
  const fileIds = items.map(() => randomUUID());
  await pool.query(
    `insert into stored_file (id, organisation_id, sha256, size, media_type, file_name, uploaded_by_id, uploaded_at)
     select f.id, $1, md5(random()::text) || md5(random()::text), 20000 + (random() * 2000000)::int, 'application/pdf', 'tai-lieu.pdf', f.author_id, now() - random() * interval '300 days'
       from unnest($2::uuid[], $3::uuid[]) as f(id, author_id)`,
    [organisationId, fileIds, items.map((item) => item.authorId)],
  );
  await pool.query(
    `insert into folder_item (id, organisation_id, folder_id, kind, name, name_key, description, author_id, author_unit_id, current_version, current_file_id, size,
                              search_text, rights_path, inherits_rights, created_at, updated_at)
     select i.id, $1, i.folder_id, 'FILE', i.name, i.name_key, null, i.author_id, i.author_unit_id, 1, i.file_id, s.size, i.search_text, '{}', true, s.uploaded_at, s.uploaded_at
       from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[]) as i(id, folder_id, name, name_key, author_id, author_unit_id, file_id, search_text)
       join stored_file s on s.id = i.file_id`,
    [
      organisationId,
      itemIds,
      items.map((item) => item.folderId),
      items.map((item) => item.name),
      items.map((item) => foldVietnamese(item.name)),
      items.map((item) => item.authorId),
      items.map((item) => item.authorUnitId),
      fileIds,
      items.map((item) => itemSearchText(item.name, null)),
    ],
  );
  await pool.query(
    `insert into folder_item_version (id, organisation_id, item_id, version, file_id, added_by_id, added_at)
     select gen_random_uuid(), $1, i.id, 1, i.current_file_id, i.author_id, i.created_at from folder_item i where i.organisation_id = $1`,
    [organisationId],
  );
  // Rights: the legal office reads everything of QLTM (inherited below its folder); some folders
  // are shared with another unit; some break inheritance, keeping their unit's right as their own.
  const { rows: units } = await pool.query<{ id: string; code: string }>(`select id, code from unit where organisation_id = $1`, [organisationId]);
  const unit = (code: string) => units.find((row) => row.code === code)!.id;
  const grant = (targetId: string, kind: string, unitId: string, level: string) =>
    pool.query(
      `insert into folder_grant (id, organisation_id, folder_id, target_id, grantee_kind, grantee_key, unit_id, level, built_in, granted_at)
       values (gen_random_uuid(), $1, $2, $2, $3, $4, $5, $6, false, now()) on conflict do nothing`,
      [organisationId, targetId, kind, `${kind === 'UNIT_HEADS' ? 'h' : 'u'}:${unitId}`, unitId, level],
    );
  await grant(tops.find((top) => top.unit_code === 'QLTM')!.id, 'UNIT', unit('PC'), 'READ');
  const firstLevel = folders.filter((folder) => folder.path.length === 3);
  for (let n = 0; n < 40; n += 1) await grant(pick(firstLevel).id, 'UNIT', pick(units).id, 'READ');
  for (let n = 0; n < 10; n += 1) {
    const folder = pick(firstLevel);
    if (!folder.zoneUnitId) continue;
    await pool.query(`update folder set inherits_rights = false where id = $1`, [folder.id]);
    await grant(folder.id, 'UNIT', folder.zoneUnitId, 'CONTRIBUTE');
  }
  const execute = async (sql: string, params: unknown[] = []) => {
    let index = 0;
    return (await pool.query(sql.replace(/\?/g, () => `$${(index += 1)}`), params)).rows as Record<string, unknown>[];
  };
  for (const table of ['folder', 'folder_item', 'folder_grant']) await pool.query(`analyze "${table}"`);
  await refreshFolders(execute, organisationId, tops.map((top) => top.id));
}

async function openFolderDatabase(fresh: boolean): Promise<{ url: string; close(): Promise<void> }> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = path.join(os.tmpdir(), 'vanthu-bench-folders-pg');
    log(`starting the embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, database: DATABASE });
    adminUrl = withDatabase(embedded.url, 'postgres');
  }
  const url = withDatabase(adminUrl, DATABASE);
  const mark = await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ mark: string | null }>(`select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`, [DATABASE]);
    return rows[0]?.mark;
  });
  if (fresh || mark !== MARK) {
    const started = performance.now();
    log(`building the cabinet dataset in ${DATABASE}${fresh ? ' (--fresh)' : ''}`);
    await withClient(adminUrl, async (client) => {
      await client.query(`drop database if exists "${DATABASE}" with (force)`);
      await client.query(`create database "${DATABASE}"`);
    });
    const database = await openDatabase({ url, log: () => {} });
    const organisationIds: string[] = [];
    for (const agency of AGENCIES) {
      const seeded = await database.orm.em.fork().transactional((em) => seedOrganisation(em, { name: agency.name, abbreviation: agency.abbreviation, usernameSuffix: agency.suffix }, PASSWORD));
      organisationIds.push(seeded.organisationId);
    }
    log(`  ${AGENCIES.length} organisations seeded: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await database.close();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      for (const [index, organisationId] of organisationIds.entries()) {
        await fillOrganisation(pool, organisationId, index + 1);
        log(`  cabinet of ${AGENCIES[index]!.name} (${index + 1}/${organisationIds.length}): ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      for (const table of ['folder', 'folder_item', 'folder_item_version', 'folder_grant', 'stored_file']) await pool.query(`vacuum (analyze) "${table}"`);
      const { rows } = await pool.query<{ folders: string; items: string }>(`select (select count(*) from folder where kind = 'FOLDER') as folders, (select count(*) from folder_item) as items`);
      log(`  ${rows[0]!.folders} folders, ${rows[0]!.items} items: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    } finally {
      await pool.end();
    }
    await withClient(adminUrl, (client) => client.query(`comment on database "${DATABASE}" is '${MARK}'`));
  } else {
    log(`reusing the cabinet dataset in ${DATABASE} (--fresh rebuilds it)`);
  }
  return { url, close: async () => void (await embedded?.stop()) };
}

const PAGE = `query Page($id: ID!) {
  folder(id: $id) {
    name viewerAccess
    items(first: 50) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id name size updatedAt viewerIsAuthor
        author { fullName }
        rights { inheritsRights ownGrantCount everyone viewerAccess }
        currentVersion { version fileName size }
      }
    }
  }
}`;
const SEARCH = `query Search($text: String!) {
  searchCabinet(text: $text, first: 20) {
    totalCount
    nodes { id name updatedAt author { fullName } folder { name } currentVersion { version } }
  }
}`;

const FOLDER_SEARCH = `query SearchFolders($text: String!) {
  searchFolders(text: $text, first: 20) { totalCount nodes { id name updatedAt parent { name } } }
}`;

const bench = await openFolderDatabase(args.has('--fresh'));
const database = await openDatabase({ url: bench.url, log: () => {} });
// The cabinet of anything made outside the services (none here; a dataset of an older build).
for (const row of await database.orm.em.fork().execute<{ id: string }[]>(`select id from organisation`)) {
  await database.orm.em.fork().transactional((em) => syncCabinet((sql, params = []) => em.execute(sql, params as never) as never, row.id));
}
const server = await startServer({ orm: database.orm, databaseUrl: bench.url, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), jobs: false, rateLimitPerMinute: 0 });
const endpoint = `http://127.0.0.1:${server.port}/graphql`;

// Answers are read as loosely typed JSON, as the other benchmarks and the tests do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Json; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const sorted = sortNumbers(times);
  const median = percentile(sorted, 50);
  log(`${label.padEnd(64)} median ${median.toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms   ${median < TARGET_MS ? 'ok' : `over the ${TARGET_MS} ms target`}`);
}

const loadAtStart = os.loadavg();
try {
  const login = await call(null, 'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token userErrors { code } } }', { u: 'phaplv.sct', p: PASSWORD });
  const token = login.login.token as string;
  const counts = await database.orm.em.fork().execute<{ folders: string; items: string }[]>(`select (select count(*) from folder) as folders, (select count(*) from folder_item) as items`);
  log(`cabinet: ${counts[0]!.folders} folders, ${counts[0]!.items} items in ${AGENCIES.length} organisations; viewer phaplv.sct (legal office: its unit's folder, and QLTM's by an inherited grant)`);
  const qltm = await call(token, `{ cabinet { folders(first: 30) { nodes { id kind unit { code } } } } }`);
  const qltmFolder = qltm.cabinet.folders.nodes.find((folder: Json) => folder.kind === 'UNIT' && folder.unit?.code === 'QLTM').id;
  const inside = await call(token, `query ($id: ID!) { folder(id: $id) { folders(first: 1) { nodes { id name } } } }`, { id: qltmFolder });
  const target = inside.folder.folders.nodes[0];
  const page = await call(token, PAGE, { id: target.id });
  log(`folder page: "${target.name}" in QLTM, ${page.folder.items.totalCount} items, the viewer's access ${page.folder.viewerAccess} (inherited)`);
  // The floor every request pays (token check, session, one field), to read the rows against.
  await measure('floor: { me { id } }', () => call(token, '{ me { id } }'));
  await measure('folder page (50 items, authors, rights, last version, count)', () => call(token, PAGE, { id: target.id }));
  for (const text of ['bao cao chuyen doi so', 'phong chay', 'thien tai 4']) {
    const found = await call(token, SEARCH, { text });
    await measure(`search "${text}" (${found.searchCabinet.totalCount} found)`, () => call(token, SEARCH, { text }));
  }
  for (const text of ['an toan thuc pham', 'phong chay']) {
    const found = await call(token, FOLDER_SEARCH, { text });
    await measure(`folder names "${text}" (${found.searchFolders.totalCount} found)`, () => call(token, FOLDER_SEARCH, { text }));
  }
  const loadAtEnd = os.loadavg();
  log(`load average ${loadAtStart.map((n) => n.toFixed(1)).join(' ')} at the start, ${loadAtEnd.map((n) => n.toFixed(1)).join(' ')} at the end, on ${os.cpus().length} cores: latencies are only comparable at similar loads`);
} finally {
  await server.stop();
  await database.close();
  await bench.close();
}
