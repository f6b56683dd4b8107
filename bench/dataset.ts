/**
 * The benchmark's database: `vanthu_bench` (or BENCH_DATABASE's name, so that two people on one
 * server measure apart) on DATABASE_URL's server, or on an embedded PostgreSQL
 * kept under the temp folder between runs. Built once (migrations; 20 organisations seeded the way
 * the demo is, with the rest of a department's staff; then 1,000,000 documents written by
 * set-based SQL) and reused while it holds the data; `--fresh` rebuilds it.
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { accountSearchText } from '../src/areas/accounts/account-service.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { nextFreeUsername } from '../src/areas/accounts/username.ts';
import { DOCUMENT_KINDS } from '../src/areas/documents/kinds.ts';
import { foldVietnamese } from '../src/core/text.ts';
import {
  ACTIONS,
  AGENCIES,
  DRAFTING_UNITS,
  EXTRA_STAFF,
  FAMILY_NAMES,
  GIVEN_NAMES,
  HANDLER_SHARES,
  KIND_WEIGHTS,
  MIDDLE_NAMES,
  ORGANS,
  SIGNER_POSITIONS,
  TAILS,
  TOPICS,
} from './vocabulary.ts';

export const BENCH_DATABASE = benchDatabaseName(process.env.BENCH_DATABASE);
export const BENCH_PASSWORD = 'Bench#Pass2026';
export const TOTAL_DOCUMENTS = 1_000_000;
/** Changes whenever the generator does, so an older dataset is rebuilt rather than measured. */
const DATASET_MARK = 'vanthu-bench dataset v7: 20 organisations, 1000000 documents';

export interface BenchDatabase {
  database: Database;
  /** Where it runs: the server of DATABASE_URL or the embedded one. */
  where: string;
  generated: boolean;
  /** Seconds spent building the dataset, when it was built on this run. */
  generationSeconds: number | null;
  close(): Promise<void>;
}

type Log = (message: string) => void;

/** The name is put into DDL (create, drop, comment on database): a plain identifier only. */
function benchDatabaseName(name: string | undefined): string {
  if (!name) return 'vanthu_bench';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_DATABASE must be a plain lower-case identifier, not ${JSON.stringify(name)}`);
  return name;
}

/** The same server's URL with another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
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

/** Whether the bench database exists and holds a complete dataset of this generator's version. */
async function isComplete(adminUrl: string, benchUrl: string): Promise<boolean> {
  const mark = await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ mark: string | null }>(
      `select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`,
      [BENCH_DATABASE],
    );
    return rows.length === 0 ? undefined : rows[0]!.mark;
  });
  if (mark !== DATASET_MARK) return false;
  return withClient(benchUrl, async (client) => {
    const { rows } = await client.query<{ documents: string }>(`select count(*) as documents from "document"`);
    return Number(rows[0]!.documents) >= TOTAL_DOCUMENTS;
  });
}

export async function openBenchDatabase(options: { fresh: boolean; log: Log }): Promise<BenchDatabase> {
  const { log } = options;
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  let where = `${BENCH_DATABASE} on DATABASE_URL's server`;
  if (!adminUrl) {
    // A fixed folder, so the dataset survives between runs; not under a private home (see embedded.ts).
    const dataDir = path.join(os.tmpdir(), 'vanthu-bench-pg');
    log(`starting the embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, database: BENCH_DATABASE });
    adminUrl = withDatabase(embedded.url, 'postgres');
    where = `${BENCH_DATABASE} on the embedded PostgreSQL (${dataDir})`;
  }
  const benchUrl = withDatabase(adminUrl, BENCH_DATABASE);
  try {
    let generated = false;
    let generationSeconds: number | null = null;
    if (options.fresh || !(await isComplete(adminUrl, benchUrl))) {
      const started = performance.now();
      log(`building the dataset in ${where}${options.fresh ? ' (--fresh)' : ''}`);
      await withClient(adminUrl, async (client) => {
        await client.query(`drop database if exists "${BENCH_DATABASE}" with (force)`);
        await client.query(`create database "${BENCH_DATABASE}"`);
      });
      const database = await openDatabase({ url: benchUrl, log });
      try {
        await generate(database, benchUrl, log);
      } finally {
        await database.close();
      }
      await withClient(adminUrl, (client) => client.query(`comment on database "${BENCH_DATABASE}" is '${DATASET_MARK}'`));
      generated = true;
      generationSeconds = (performance.now() - started) / 1000;
      log(`dataset built in ${generationSeconds.toFixed(0)} s`);
    } else {
      log(`reusing the dataset in ${where} (--fresh rebuilds it)`);
    }
    const database = await openDatabase({ url: benchUrl, log });
    await ensureAssignments(benchUrl, log);
    return {
      database,
      where,
      generated,
      generationSeconds,
      async close() {
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Documents per organisation: from 59,500 for the first (the one measured) down to 40,500. */
function documentsOf(index: number): number {
  return TOTAL_DOCUMENTS / AGENCIES.length + Math.round((AGENCIES.length / 2 - 0.5 - index) * 1000);
}

/** Each item repeated `weight` times, so that SQL can draw one uniformly. */
function bag<T>(items: readonly { item: T; weight: number }[]): T[] {
  return items.flatMap(({ item, weight }) => Array.from({ length: weight }, () => item));
}

async function generate(database: Database, url: string, log: Log): Promise<void> {
  // 1. The organisations, as the demo makes them: units, ten accounts (one per role), four registers.
  let started = performance.now();
  const organisationIds: string[] = new Array(AGENCIES.length);
  const queue = AGENCIES.map((agency, index) => ({ agency, index }));
  // Two at a time: the ten password hashes of each (scrypt) use the two cores.
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { agency, index } = next;
        const seeded = await database.orm.em.fork().transactional((em) =>
          seedOrganisation(em, { name: agency.name, abbreviation: agency.abbreviation, usernameSuffix: agency.suffix }, BENCH_PASSWORD),
        );
        organisationIds[index] = seeded.organisationId;
      }
    }),
  );
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    for (const [index, agency] of AGENCIES.entries()) await addStaff(pool, organisationIds[index]!, agency.suffix, random(index + 1));
    const { rows: staff } = await pool.query<{ accounts: string }>(`select count(*) as accounts from "account"`);
    log(`  ${AGENCIES.length} organisations with units, registers and ${staff[0]!.accounts} accounts: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // 2. Secondary indexes are built after the load: one sort per index instead of a million inserts each.
    const { rows: indexes } = await pool.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes
        where schemaname = current_schema() and tablename = 'document'
          and indexname not in (select conname from pg_constraint where conrelid = 'document'::regclass)`,
    );
    for (const index of indexes) await pool.query(`drop index "${index.name}"`);

    // 3. The documents, one set-based INSERT per organisation, two organisations at a time, into a
    // staging table; then into "document" in order of creation, as a live table fills up.
    started = performance.now();
    await pool.query(`drop table if exists "bench_document_staging"`);
    await pool.query(`create unlogged table "bench_document_staging" (like "document" including defaults)`);
    const { rows: columnRows } = await pool.query<{ name: string }>(
      // Generated columns (the search words) are PostgreSQL's to fill.
      `select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'document' and is_generated = 'NEVER'`,
    );
    const columns = columnRows.map((row) => row.name);
    const unknown = columns.filter((column) => !(column in COLUMN_VALUES));
    if (unknown.length > 0) log(`  columns left to their defaults (not known to the generator): ${unknown.join(', ')}`);
    const flow = ['drafted_by_id', 'issued_at'].every((column) => columns.includes(column));
    const shared = { ...sharedParameters(), flow };
    const insert = insertDocuments(columns);
    const work = AGENCIES.map((agency, index) => ({ agency, index }));
    let done = 0;
    await Promise.all(
      [0, 1].map(async () => {
        const client = await pool.connect();
        try {
          await client.query(`set synchronous_commit = off`);
          await client.query(`set work_mem = '256MB'`);
          // Foreign keys are right by construction; skipping their per-row triggers needs a superuser.
          await client.query(`set session_replication_role = replica`).catch(() => undefined);
          for (let next = work.shift(); next; next = work.shift()) {
            const { agency, index } = next;
            const parameters = await organisationParameters(client, organisationIds[index]!, agency, documentsOf(index), random(index + 101));
            const { text, values } = bind(insert, { ...parameters, ...shared });
            await client.query(text, values);
            done += 1;
            log(`  documents of ${agency.name}: ${documentsOf(index)} (${done}/${AGENCIES.length}, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
          }
        } finally {
          client.release();
        }
      }),
    );
    log(`  moving them into "document" in order of creation`);
    await withSession(pool, async (client) => {
      await client.query(`set work_mem = '1GB'`);
      await client.query(`set session_replication_role = replica`).catch(() => undefined);
      const list = columns.map((column) => `"${column}"`).join(', ');
      await client.query(`insert into "document" (${list}) select ${list} from "bench_document_staging" order by "created_at", "id"`);
    });
    await pool.query(`drop table "bench_document_staging"`);
    await pool.query(
      `insert into "register_counter" ("register_id", "year", "last_number")
       select "register_id", "register_year", max("register_number") from "document" where "register_id" is not null group by 1, 2`,
    );
    log(`  ${TOTAL_DOCUMENTS} documents inserted: ${((performance.now() - started) / 1000).toFixed(0)} s`);

    // 4. The indexes again, exactly as the migrations define them, the largest first, two at a time.
    started = performance.now();
    const order = [...indexes].sort((a, b) => Number(/using gin/.test(b.definition)) - Number(/using gin/.test(a.definition)));
    await Promise.all(
      [0, 1].map(async () => {
        const client = await pool.connect();
        try {
          await client.query(`set maintenance_work_mem = '1GB'`);
          for (let next = order.shift(); next; next = order.shift()) {
            const one = performance.now();
            await client.query(next.definition);
            log(`  index ${next.name}: ${((performance.now() - one) / 1000).toFixed(0)} s`);
          }
        } finally {
          client.release();
        }
      }),
    );
    log(`  ${indexes.length} indexes built: ${((performance.now() - started) / 1000).toFixed(0)} s`);

    started = performance.now();
    await pool.query(`vacuum (analyze) "document"`);
    await pool.query(`vacuum (analyze) "register_counter"`);
    await pool.query(`analyze`);
    log(`  vacuum analyze: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await checkNumbering(pool);
  } finally {
    await pool.end();
  }
}

/**
 * The handling of every registered incoming document, for "my work" and the handling report: the
 * organisation's head directs it to the first person it was handed to, as lead, due three days
 * after registration; of those older than ten days nine in ten are done, of those older than a
 * month 99 in 100; a quarter of the done ones late.
 * Added to a dataset that has none (the documents are not rebuilt for it).
 */
async function ensureAssignments(url: string, log: Log): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ present: boolean }>(`select exists (select 1 from "assignment") as present`);
    if (rows[0]!.present) return;
    const started = performance.now();
    await client.query(`set synchronous_commit = off`);
    await client.query(`set work_mem = '512MB'`);
    await client.query(`set session_replication_role = replica`).catch(() => undefined);
    await client.query(`
      with heads as (
        select distinct on (organisation_id) organisation_id, id from "account" where 'LEADER' = any(roles) order by organisation_id, created_at
      ), directed as (
        insert into "direction" ("id", "organisation_id", "document_id", "author_id", "note", "created_at")
        select gen_random_uuid(), d.organisation_id, d.id, heads.id, 'Giao đồng chí xử lý, báo cáo kết quả.', d.registered_at
          from "document" d join heads on heads.organisation_id = d.organisation_id
         where d.direction = 'INCOMING' and d.status = 'REGISTERED' and cardinality(d.handler_ids) > 0
        returning "id", "organisation_id", "document_id", "author_id", "created_at"
      ), drawn as (
        select directed.*, d.handler_ids[1]::uuid as handler, random() as u_done, random() as u_late
          from directed join "document" d on d.id = directed.document_id
      )
      insert into "assignment" ("id", "organisation_id", "document_id", "direction_id", "role", "assigned_by_id", "assignee_account_id",
                                "deadline", "received_at", "read_at", "done_at", "done_by_id", "result", "remind_at", "reminded_at", "overdue_at")
      select gen_random_uuid(), organisation_id, document_id, id, 'LEAD', author_id, handler,
             created_at + interval '3 days', created_at, created_at + interval '1 hour',
             done.at, case when done.at is not null then handler end, case when done.at is not null then 'Đã xử lý theo chỉ đạo.' end,
             created_at + interval '2 days', case when created_at + interval '2 days' < now() then created_at + interval '2 days' end,
             case when created_at + interval '3 days' < now() and (done.at is null or done.at > created_at + interval '3 days') then created_at + interval '3 days' end
        from drawn
        cross join lateral (select case when (u_done < 0.9 and created_at < now() - interval '10 days')
                                          or (u_done < 0.99 and created_at < now() - interval '30 days') then created_at +
                                          case when u_late < 0.25 then interval '3 days' + random() * interval '4 days'
                                               else interval '1 hour' + random() * interval '2 days' end
                                   end as at) done`);
    await client.query(`vacuum (analyze) "assignment"`);
    await client.query(`vacuum (analyze) "direction"`);
    const { rows: counted } = await client.query<{ n: string }>(`select count(*) as n from "assignment"`);
    log(`  ${counted[0]!.n} assignments added: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
}

/** Register numbers are gap-free per register and year, and each counter holds the last one. */
async function checkNumbering(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ bad: string }>(
    `select count(*) as bad from (
       select d.register_id, d.register_year, count(*) as n, min(d.register_number) as lo, max(d.register_number) as hi, max(c.last_number) as last
         from "document" d join "register_counter" c on c.register_id = d.register_id and c.year = d.register_year
        group by 1, 2
     ) s where lo <> 1 or hi <> n or last <> hi`,
  );
  if (Number(rows[0]!.bad) !== 0) throw new Error(`register numbering is not gap-free in ${rows[0]!.bad} register-years`);
}


type Parameters = Record<string, unknown>;

/** `@name` placeholders to pg's `$n`, each name bound once. */
function bind(sql: string, parameters: Parameters): { text: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/@([a-z_]+)/g, (_, name: string) => {
    if (!(name in parameters)) throw new Error(`no value for @${name}`);
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text, values: names.map((name) => parameters[name]) };
}

function fail(message: string): never {
  throw new Error(message);
}

async function withSession<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

/** A small seeded generator (mulberry32): the same people and handler mix on every build. */
function random(seed: number): () => number {
  let state = seed * 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The rest of a department's staff (EXTRA_STAFF), written directly: usernames and search text as
 * account-service.ts makes them, the demo password's hash reused (hashing hundreds of passwords
 * with scrypt would only slow the build down).
 */
async function addStaff(pool: pg.Pool, organisationId: string, suffix: string, draw: () => number): Promise<void> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(draw() * items.length)]!;
  const { rows: units } = await pool.query<{ id: string; code: string }>(`select id, code from "unit" where organisation_id = $1`, [organisationId]);
  const { rows: existing } = await pool.query<{ username: string; password_hash: string }>(
    `select username, password_hash from "account" where organisation_id = $1`,
    [organisationId],
  );
  const taken = new Set(existing.map((row) => row.username));
  const people: { unitId: string; username: string; fullName: string; title: string }[] = [];
  for (const group of EXTRA_STAFF) {
    const unitId = units.find((unit) => unit.code === group.unit)?.id ?? fail(`no unit ${group.unit}`);
    for (let i = 0; i < group.count; i += 1) {
      const fullName = `${pick(FAMILY_NAMES)} ${pick(MIDDLE_NAMES)} ${pick(GIVEN_NAMES)}`;
      const username = nextFreeUsername(fullName, suffix, taken);
      taken.add(username);
      people.push({ unitId, username, fullName, title: group.title });
    }
  }
  await pool.query(
    `insert into "account" ("id", "organisation_id", "unit_id", "username", "full_name", "search_text", "title", "roles", "status",
                            "password_hash", "must_change_password", "created_at", "updated_at")
     select gen_random_uuid(), $1, p.unit_id, p.username, p.full_name, p.search_text, p.title, array[p.title], 'ACTIVE', $7, false, now(), now()
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) as p(unit_id, username, full_name, search_text, title)`,
    [
      organisationId,
      people.map((person) => person.unitId),
      people.map((person) => person.username),
      people.map((person) => person.fullName),
      people.map((person) => accountSearchText(person.fullName, person.username)),
      people.map((person) => person.title),
      existing[0]!.password_hash,
    ],
  );
}

async function organisationParameters(
  client: pg.PoolClient,
  organisationId: string,
  agency: { name: string; abbreviation: string },
  count: number,
  draw: () => number,
): Promise<Parameters> {
  const { rows: registers } = await client.query<{ id: string; code: string }>(`select id, code from "register" where organisation_id = $1`, [organisationId]);
  const register = (code: string) => registers.find((row) => row.code === code)?.id ?? fail(`no register ${code}`);
  const { rows: units } = await client.query<{ id: string; parent_id: string | null; code: string }>(
    `select id, parent_id, code from "unit" where organisation_id = $1`,
    [organisationId],
  );
  type AccountRow = { id: string; full_name: string; unit_id: string; roles: string[]; title: string };
  const { rows: accounts } = await client.query<AccountRow>(
    `select id, full_name, unit_id, roles, title from "account" where organisation_id = $1 order by created_at, username`,
    [organisationId],
  );
  const account = (fullName: string) => accounts.find((row) => row.full_name === fullName) ?? fail(`no account ${fullName}`);
  const unitOf = (row: { unit_id: string }) => units.find((unit) => unit.id === row.unit_id) ?? fail(`no unit ${row.unit_id}`);
  // A unit and every unit above it, sorted, as unitsAndAncestors (incoming-service.ts) gives them.
  const upwards = (unitId: string): string[] => {
    const unit = units.find((row) => row.id === unitId) ?? fail(`no unit ${unitId}`);
    return [unit.id, ...(unit.parent_id ? upwards(unit.parent_id) : [])];
  };
  const unitsAbove = (rows: { unit_id: string }[]) => [...new Set(rows.flatMap((row) => upwards(row.unit_id)))].sort().join(',');

  // Incoming documents: a tenth handed to no one yet, most to one person, a fifth to two.
  const named = Object.entries(HANDLER_SHARES).map(([fullName, share]) => ({ person: account(fullName), share }));
  const others = accounts.filter((row) => ['SPECIALIST', 'UNIT_HEAD'].includes(row.title) && !named.some((entry) => entry.person.id === row.id));
  const rest = (1000 - named.reduce((sum, entry) => sum + entry.share, 0)) / others.length;
  const weighted = [...named, ...others.map((person) => ({ person, share: rest }))];
  const total = weighted.reduce((sum, entry) => sum + entry.share, 0);
  const somebody = (): AccountRow => {
    let at = draw() * total;
    for (const entry of weighted) if ((at -= entry.share) < 0) return entry.person;
    return weighted.at(-1)!.person;
  };
  const handlerSets = Array.from({ length: 1000 }, (_, i): AccountRow[] => {
    if (i < 100) return [];
    const first = somebody();
    if (i < 800) return [first];
    let second = somebody();
    while (second.id === first.id) second = somebody();
    return [first, second];
  });

  // Outgoing documents: drafted by a specialist, reviewed by the head of their unit (the deputy
  // leader where the unit has none), approved by a leader, numbered and issued by a clerk.
  const drafters = accounts
    .filter((row) => row.title === 'SPECIALIST')
    .map((drafter) => ({
      drafter,
      reviewer: accounts.find((row) => row.title === 'UNIT_HEAD' && row.unit_id === drafter.unit_id) ?? account('Trần Thị Lan'),
    }));
  const clerk = accounts.find((row) => row.roles.includes('CLERK') && !row.roles.includes('CONFIDENTIAL_CLERK')) ?? fail('no clerk');
  const confidentialClerk = accounts.find((row) => row.roles.includes('CONFIDENTIAL_CLERK')) ?? fail('no confidential clerk');
  const leaders = [account('Nguyễn Văn Minh'), account('Trần Thị Lan')];
  return {
    org: organisationId,
    count,
    reg_den: register('DEN'),
    reg_di: register('DI'),
    reg_den_mat: register('DEN-MAT'),
    reg_di_mat: register('DI-MAT'),
    clerk: clerk.id,
    conf_clerk: confidentialClerk.id,
    org_name: agency.name,
    org_key: foldVietnamese(agency.name),
    org_abbr: agency.abbreviation,
    org_abbr_f: foldVietnamese(agency.abbreviation),
    handler_ids: handlerSets.map((set) => set.map((row) => row.id).join(',')),
    handler_units: handlerSets.map(unitsAbove),
    leader_id: leaders.map((row) => row.id),
    leader_name: leaders.map((row) => row.full_name),
    leader_name_f: leaders.map((row) => foldVietnamese(row.full_name)),
    drafter_id: drafters.map((row) => row.drafter.id),
    drafter_unit: drafters.map((row) => row.drafter.unit_id),
    drafter_unit_code: drafters.map((row) => unitOf(row.drafter).code),
    drafter_units: drafters.map((row) => unitsAbove([row.drafter])),
    reviewer_id: drafters.map((row) => row.reviewer.id),
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The arrays every organisation's INSERT draws from, with their folded forms. */
function sharedParameters(): Parameters {
  const kinds = bag(
    Object.entries(KIND_WEIGHTS).map(([code, weight]) => ({ item: DOCUMENT_KINDS.find((kind) => kind.code === code) ?? fail(`no kind ${code}`), weight })),
  );
  return {
    kind_code: kinds.map((kind) => kind.code),
    kind_abbr: kinds.map((kind) => kind.abbreviation ?? ''),
    kind_abbr_f: kinds.map((kind) => foldVietnamese(kind.abbreviation ?? '')),
    kind_name_f: kinds.map((kind) => foldVietnamese(kind.name)),
    organ_name: ORGANS.map((organ) => organ.name),
    organ_key: ORGANS.map((organ) => foldVietnamese(organ.name)),
    organ_abbr: ORGANS.map((organ) => organ.abbreviation),
    organ_abbr_f: ORGANS.map((organ) => foldVietnamese(organ.abbreviation)),
    unit_code: DRAFTING_UNITS,
    unit_code_f: DRAFTING_UNITS.map(foldVietnamese),
    action: ACTIONS,
    action_cap: ACTIONS.map(capitalise),
    action_f: ACTIONS.map(foldVietnamese),
    topic: TOPICS,
    topic_f: TOPICS.map(foldVietnamese),
    tail: TAILS,
    tail_f: TAILS.map(foldVietnamese),
    family: FAMILY_NAMES,
    family_f: FAMILY_NAMES.map(foldVietnamese),
    middle: MIDDLE_NAMES,
    middle_f: MIDDLE_NAMES.map(foldVietnamese),
    given: GIVEN_NAMES,
    given_f: GIVEN_NAMES.map(foldVietnamese),
    position: SIGNER_POSITIONS,
  };
}

const VIETNAM_TODAY = `((now() at time zone 'UTC') + interval '7 hours')::date`;

/**
 * What each column of "document" gets. Columns the table does not have (yet) are left out, so the
 * generator follows the migrations; a NOT NULL column without a default missing here fails loudly.
 */
const COLUMN_VALUES: Record<string, string> = {
  id: 'n.id',
  organisation_id: '@org::uuid',
  direction: 'n.direction',
  status: 'n.status',
  register_id: 'n.register_id',
  register_year: 'n.register_year',
  register_number: 'x.register_number',
  kind: 'kind.code',
  number: 'x.number',
  notation: 'x.notation',
  number_key: "case when x.number is not null then x.number::bigint || '/' || x.notation_folded end",
  issuing_organ: 'x.organ',
  issuing_organ_key: 'x.organ_key',
  signer_position: 'x.signer_position',
  signer_name: 'x.signer_name',
  issued_on: "to_char(x.issued_on, 'YYYY-MM-DD')",
  received_at: 'x.received_at',
  subject: 'x.subject',
  page_count: 'n.pages',
  confidentiality: 'n.confidentiality',
  urgency: "case when n.u_urg < 0.80 then 'NORMAL' when n.u_urg < 0.92 then 'KHAN' when n.u_urg < 0.97 then 'THUONG_KHAN' else 'HOA_TOC' end",
  channel: "case when n.direction = 'OUTGOING' then 'ELECTRONIC' when n.u_chan < 0.3 then 'PAPER' when n.u_chan < 0.6 then 'ELECTRONIC' else 'INTERCONNECTION' end",
  reply_required: 'x.reply_required',
  reply_by: "case when x.reply_required then to_char(n.registered_on + 10, 'YYYY-MM-DD') end",
  recall_by: "case when n.confidentiality <> 'NONE' and n.direction = 'INCOMING' then to_char(n.registered_on + 30, 'YYYY-MM-DD') end",
  duplicate_of_id: 'null::uuid',
  registered_late: "n.direction = 'INCOMING' and n.u_late < 0.02",
  return_reason: "case when n.status = 'RETURNED' then 'Văn bản gửi nhầm địa chỉ, đề nghị chuyển đến cơ quan có thẩm quyền.' end",
  handler_ids: 'x.handler_ids',
  handler_unit_ids: 'x.handler_unit_ids',
  entry_text: 'e.entry_text',
  content_text: "e.entry_text || ' ' || x.subject_folded || ' ' || coalesce(x.signer_name_folded, '')",
  registered_by_id: "case when n.register_id is not null then case when n.confidentiality = 'NONE' then @clerk::uuid else @conf_clerk::uuid end end",
  registered_at: 'n.registered_at',
  created_at: 'n.created_at',
  updated_at: 'coalesce(n.registered_at, n.created_at)',
  // The outgoing flow (outgoing-service.ts), when the table has it.
  legal_normative: "n.direction = 'OUTGOING' and kind.code in ('QUYET_DINH', 'CHI_THI', 'NGHI_QUYET') and n.u_legal < 0.1",
  drafted_by_id: "case when n.direction = 'OUTGOING' then (@drafter_id::uuid[])[n.dr] end",
  drafting_unit_id: "case when n.direction = 'OUTGOING' then (@drafter_unit::uuid[])[n.dr] end",
  assignee_id: "case n.status when 'IN_REVIEW' then (@reviewer_id::uuid[])[n.dr] when 'AWAITING_APPROVAL' then (@leader_id::uuid[])[n.le] end",
  approver_id: "case when n.status in ('AWAITING_APPROVAL', 'APPROVED', 'ISSUED', 'RECALLED') then (@leader_id::uuid[])[n.le] end",
  reply_to_id: 'null::uuid',
  replaces_id: 'null::uuid',
  recipients: "case when n.direction = 'OUTGOING' then 'Như trên; UBND tỉnh (để b/c); Lưu: VT, ' || (@drafter_unit_code::text[])[n.dr] || '.' end",
  issued_at: "case when n.status in ('ISSUED', 'RECALLED') then n.registered_at end",
  recalled_at: "case when n.status = 'RECALLED' then least(n.registered_at + interval '5 days', now()) end",
  recall_reason: "case when n.status = 'RECALLED' then 'Văn bản ban hành sai thể thức, thu hồi để ban hành lại.' end",
  // The deadline sweep's marks (deadline-sweep.ts), as the sweep running every minute would have
  // left them: otherwise the server's first sweep tells of 100,000 replies and 20,000 recalls due
  // over two years, one notice at a time, while the benchmark measures.
  reply_reminded_at: `case when x.reply_required and n.status = 'REGISTERED' and n.registered_on + 10 <= ${VIETNAM_TODAY} + 3
    then least(((n.registered_on + 9) + time '08:00') at time zone 'Asia/Ho_Chi_Minh', now()) end`,
  reply_overdue_at: `case when x.reply_required and n.status = 'REGISTERED' and n.registered_on + 10 < ${VIETNAM_TODAY}
    then least(((n.registered_on + 11) + time '08:00') at time zone 'Asia/Ho_Chi_Minh', now()) end`,
  recall_reminded_at: `case when n.confidentiality <> 'NONE' and n.direction = 'INCOMING' and n.status = 'REGISTERED' and n.registered_on + 30 <= ${VIETNAM_TODAY} + 3
    then least(((n.registered_on + 29) + time '08:00') at time zone 'Asia/Ho_Chi_Minh', now()) end`,
};

/**
 * One organisation's documents, in one statement: @count rows over two years back from today
 * (Asia/Ho_Chi_Minh), registered on working days between 7:30 and 17:00; 68 % incoming; 3 %
 * classified; urgency 80/12/5/3 % normal/khẩn/thượng khẩn/hỏa tốc. With the outgoing flow (@flow),
 * outgoing documents are ISSUED (a few RECALLED) and about 1 % are still on their way (DRAFT …
 * APPROVED, unnumbered, from the last ten days); without it they are REGISTERED. Register numbers
 * run 1, 2, 3… per register and year in order of registration. entry_text and content_text are the
 * application's (incoming-service.ts, outgoing-service.ts), built from the pre-folded arrays.
 */
function insertDocuments(columns: readonly string[]): string {
  const used = Object.keys(COLUMN_VALUES).filter((column) => columns.includes(column));
  return `
with draw as materialized (
  select gen_random_uuid() as id,
    random() as u_dir, random() as u_conf, random() as u_urg, random() as u_chan, random() as u_reply,
    random() as u_time, random() as u_late, random() as u_ret, random() as u_lag, random() as u_recv,
    random() as u_flow, random() as u_legal,
    floor(random() * 730)::int as day_back,
    floor(random() * 7)::int as issue_lag,
    1 + floor(random() * cardinality(@kind_code::text[]))::int as k,
    1 + floor(random() * cardinality(@organ_name::text[]))::int as o,
    1 + floor(random() * cardinality(@unit_code::text[]))::int as du,
    1 + floor(random() * cardinality(@action::text[]))::int as a,
    1 + floor(random() * cardinality(@topic::text[]))::int as t,
    1 + floor(random() * cardinality(@tail::text[]))::int as l,
    1 + floor(random() * cardinality(@family::text[]))::int as fa,
    1 + floor(random() * cardinality(@middle::text[]))::int as mi,
    1 + floor(random() * cardinality(@given::text[]))::int as gi,
    1 + floor(random() * cardinality(@position::text[]))::int as po,
    1 + floor(random() * cardinality(@leader_id::text[]))::int as le,
    1 + floor(random() * cardinality(@drafter_id::text[]))::int as dr,
    1 + floor(random() * cardinality(@handler_ids::text[]))::int as h,
    1 + floor(random() * 3000)::int as sender_number,
    1 + floor(random() * 12)::int as pages
  from generate_series(1, @count::int)
),
placed as materialized (
  select draw.*, dir.direction, conf.confidentiality, st.status,
    case when st.numbered then reg.registered_at end as registered_at,
    case when st.numbered then extract(year from (reg.registered_at at time zone 'UTC') + interval '7 hours')::int end as register_year,
    ((coalesce(case when st.numbered then reg.registered_at end, now() - draw.u_lag * interval '10 days') at time zone 'UTC') + interval '7 hours')::date as registered_on,
    case when not st.numbered then null
         when dir.direction = 'INCOMING' then case when conf.confidentiality = 'NONE' then @reg_den::uuid else @reg_den_mat::uuid end
         else case when conf.confidentiality = 'NONE' then @reg_di::uuid else @reg_di_mat::uuid end end as register_id,
    case when not st.numbered then now() - draw.u_lag * interval '10 days'
         when dir.direction = 'OUTGOING' then reg.registered_at - draw.u_recv * interval '3 days'
         else reg.registered_at end as created_at
  from draw
  cross join lateral (select case when draw.u_dir < 0.68 then 'INCOMING' else 'OUTGOING' end as direction) dir
  cross join lateral (select case when draw.u_conf < 0.97 then 'NONE' when draw.u_conf < 0.99 then 'MAT'
                                  when draw.u_conf < 0.997 then 'TOI_MAT' else 'TUYET_MAT' end as confidentiality) conf
  cross join lateral (select case
      when dir.direction = 'INCOMING' then case when draw.u_ret < 0.005 then 'RETURNED' else 'REGISTERED' end
      when not @flow::boolean then 'REGISTERED'
      when draw.u_flow < 0.004 then 'DRAFT' when draw.u_flow < 0.007 then 'IN_REVIEW'
      when draw.u_flow < 0.009 then 'AWAITING_APPROVAL' when draw.u_flow < 0.010 then 'APPROVED'
      when draw.u_flow < 0.013 then 'RECALLED' else 'ISSUED' end as status) st0
  cross join lateral (select st0.status, st0.status in ('REGISTERED', 'RETURNED', 'ISSUED', 'RECALLED') as numbered) st
  cross join lateral (select (((now() at time zone 'UTC') + interval '7 hours')::date - draw.day_back) as d0) day
  cross join lateral (select day.d0 - case extract(isodow from day.d0) when 6 then 1 when 7 then 2 else 0 end as working_day) wd
  cross join lateral (select least(
      ((wd.working_day + interval '7 hours 30 minutes' + draw.u_time * interval '9 hours 30 minutes') - interval '7 hours') at time zone 'UTC',
      now() - draw.u_lag * interval '3 hours') as registered_at) reg
),
numbered as (
  select placed.*, row_number() over (partition by register_id, register_year order by registered_at, id) as rn
  from placed
)
insert into "bench_document_staging" (${used.map((column) => `"${column}"`).join(', ')})
select ${used.map((column) => COLUMN_VALUES[column]).join(',\n  ')}
from numbered n
cross join lateral (select (@kind_code::text[])[n.k] as code, (@kind_abbr::text[])[n.k] as abbreviation,
    (@kind_abbr_f::text[])[n.k] as abbreviation_folded, (@kind_name_f::text[])[n.k] as name_folded) kind
cross join lateral (select
    case when n.register_id is not null then n.rn end as register_number,
    case when n.direction = 'INCOMING' then n.sender_number::text
         when n.register_id is null then null
         when n.rn < 10 then '0' || n.rn else n.rn::text end as number,
    case when n.direction = 'OUTGOING' then
           case when n.register_id is null then null
                when kind.abbreviation = '' then @org_abbr::text || '-' || (@drafter_unit_code::text[])[n.dr]
                else kind.abbreviation || '-' || @org_abbr::text end
         else case when kind.abbreviation = '' then (@organ_abbr::text[])[n.o] || '-' || (@unit_code::text[])[n.du] else kind.abbreviation || '-' || (@organ_abbr::text[])[n.o] end
    end as notation,
    case when n.direction = 'OUTGOING' then
           case when kind.abbreviation = '' then @org_abbr_f::text || '-' || lower((@drafter_unit_code::text[])[n.dr]) else kind.abbreviation_folded || '-' || @org_abbr_f::text end
         else case when kind.abbreviation = '' then (@organ_abbr_f::text[])[n.o] || '-' || (@unit_code_f::text[])[n.du] else kind.abbreviation_folded || '-' || (@organ_abbr_f::text[])[n.o] end
    end as notation_folded,
    case when n.direction = 'OUTGOING' then @org_name::text else (@organ_name::text[])[n.o] end as organ,
    case when n.direction = 'OUTGOING' then @org_key::text else (@organ_key::text[])[n.o] end as organ_key,
    case when n.direction = 'OUTGOING' then (array['Giám đốc', 'Phó Giám đốc'])[n.le] else (@position::text[])[n.po] end as signer_position,
    case when n.direction = 'OUTGOING' then (@leader_name::text[])[n.le] else (@family::text[])[n.fa] || ' ' || (@middle::text[])[n.mi] || ' ' || (@given::text[])[n.gi] end as signer_name,
    case when n.direction = 'OUTGOING' then (@leader_name_f::text[])[n.le] else (@family_f::text[])[n.fa] || ' ' || (@middle_f::text[])[n.mi] || ' ' || (@given_f::text[])[n.gi] end as signer_name_folded,
    case when kind.code = 'CONG_VAN' then 'V/v ' || (@action::text[])[n.a] else (@action_cap::text[])[n.a] end || ' ' || (@topic::text[])[n.t] || ' ' || (@tail::text[])[n.l] as subject,
    case when kind.code = 'CONG_VAN' then 'v/v ' else '' end || (@action_f::text[])[n.a] || ' ' || (@topic_f::text[])[n.t] || ' ' || (@tail_f::text[])[n.l] as subject_folded,
    case when n.direction = 'INCOMING' then n.registered_at - n.u_recv * interval '20 hours' end as received_at,
    case when n.direction = 'INCOMING'
         then (((n.registered_at - n.u_recv * interval '20 hours') at time zone 'UTC') + interval '7 hours')::date - n.issue_lag
         else n.registered_on end as issued_on,
    n.direction = 'INCOMING' and n.u_reply < 0.15 as reply_required,
    case when n.direction = 'INCOMING' then string_to_array((@handler_ids::text[])[n.h], ',')
         else array[(@drafter_id::text[])[n.dr]]
           || case when n.status = 'DRAFT' then '{}'::text[] else array[(@reviewer_id::text[])[n.dr]] end
           || case when n.status in ('DRAFT', 'IN_REVIEW') or (@leader_id::text[])[n.le] = (@reviewer_id::text[])[n.dr] then '{}'::text[]
                   else array[(@leader_id::text[])[n.le]] end
    end as handler_ids,
    case when n.direction = 'INCOMING' then string_to_array((@handler_units::text[])[n.h], ',')
         else string_to_array((@drafter_units::text[])[n.dr], ',') end as handler_unit_ids
  ) x
cross join lateral (select
    case when x.number is null then '' else x.number || '/' || x.notation_folded end || ' ' || x.organ_key || ' ' || kind.name_folded as entry_text) e
`;
}
