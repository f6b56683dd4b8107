/**
 * `npm run bench [-- --fresh] [-- --explain] [-- --load-only]`: documents at scale (issue 3).
 *
 * A database of 1,000,000 documents across 20 organisations (bench/dataset.ts: built once, reused
 * while it holds the data, `--fresh` rebuilds it); the real server started in-process on
 * 127.0.0.1; over real HTTP (fetch, keep-alive) with real tokens of a clerk, a leader and a
 * specialist of the largest organisation:
 * - the first page (50) of the list: unfiltered, by kind and urgency, by a month of registration,
 *   and by kind and urgency with totalCount;
 * - a later page: the ninth, reached by following endCursor;
 * - a diacritics-free search: words (`cong van khan`) and a partial number (`80/QĐ`);
 * - a registration (registerIncomingDocument);
 * - requests per second of the list at 50 concurrent clients for 10 s, and the same load on a
 *   raw-SQL floor for the same page (bench/raw-floor.ts; `--load-only` measures these two alone).
 * Median and p99 of each, against the target: list and search medians under 20 ms. `--explain`
 * adds EXPLAIN ANALYZE of the document queries behind the slowest list/search row (its slowest
 * variant), saying whether it misses the target.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { vietnamDate } from '../src/core/vietnam-time.ts';
import { fromGlobalId } from '../src/core/ids.ts';
import { startServer } from '../src/server/app.ts';
import { BENCH_PASSWORD, openBenchDatabase, TOTAL_DOCUMENTS } from './dataset.ts';
import type { LoadRequest, LoadResult } from './load-worker.ts';
import { startRawFloor } from './raw-floor.ts';
import { percentile, sortNumbers } from './measure.ts';
import { AGENCIES, ORGANS } from './vocabulary.ts';

const OPTIONS = ['--fresh', '--explain', '--load-only'];
const args = new Set(process.argv.slice(2));
for (const arg of args) if (!OPTIONS.includes(arg)) throw new Error(`unknown option ${arg} (known: ${OPTIONS.join(', ')})`);

const TARGET_MS = 20;
const SAMPLES = 200;
const WARM_UP = 5;
/** Upper bound of one measured row, whatever its latency: the run stays within a few minutes. */
const ROW_TIME_LIMIT_MS = 10_000;
const PAGE = 50;
const DEEP_PAGE = 9;
const LOAD = { clients: 50, durationMs: 10_000, maxRequests: 100_000 };
/** Vanthu's throughput on the list, as a share of the raw-SQL floor's for the same page (issue 12). */
const FLOOR_TARGET = 0.8;

const log = (message: string) => console.log(message);
const runStarted = performance.now();
const loadAtStart = os.loadavg();

const LIST = `query List($first: Int!, $after: String, $filter: DocumentFilter) {
  documents(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id registerNumber registerYear numberNotation issuingOrgan issuedOn receivedAt registeredAt
      kind { code name } confidentiality urgency status viewerCanReadContent subject
      handedTo { id fullName }
    }
  }
}`;
const LIST_WITH_COUNT = LIST.replace('pageInfo {', 'totalCount pageInfo {');
const ME = '{ me { id username } }';
const REGISTER = `mutation Register($input: RegisterIncomingDocumentInput!) {
  registerIncomingDocument(input: $input) { document { id registerNumber registerYear } userErrors { code message } }
}`;

type Variables = Record<string, unknown>;
interface Variant {
  label: string;
  variables: Variables;
}
interface Shape {
  name: string;
  /** Whether the median target applies (lists and searches). */
  targeted: boolean;
  query: string;
  variants: Variant[];
  /** Measured for these viewers only (all three when absent). */
  roles?: readonly Role[];
  /** A later page: the variants are first pages, followed to page DEEP_PAGE per viewer. */
  deep?: boolean;
}

const page = (label: string, filter: Variables): Variant => ({ label, variables: { first: PAGE, filter } });
const byKindAndUrgency = [
  ['CONG_VAN', 'KHAN'],
  ['QUYET_DINH', 'NORMAL'],
  ['GIAY_MOI', 'HOA_TOC'],
  ['BAO_CAO', 'THUONG_KHAN'],
  ['THONG_BAO', 'KHAN'],
].map(([kind, urgency]) => page(`${kind}+${urgency}`, { kind, urgency }));
/** Whole calendar months, 1 to 20 months back. */
const byMonth = [1, 3, 6, 9, 14, 20].map((back) => {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 0));
  const registeredFrom = first.toISOString().slice(0, 10);
  return page(registeredFrom.slice(0, 7), { registeredFrom, registeredTo: last.toISOString().slice(0, 10) });
});
const search = (texts: string[]) => texts.map((text) => page(text, { search: text }));

const SHAPES: Shape[] = [
  { name: 'baseline: { me }', targeted: false, query: ME, variants: [{ label: 'me', variables: {} }], roles: ['clerk'] },
  { name: 'list p1: no filter', targeted: true, query: LIST, variants: [page('no filter', {})] },
  { name: 'list p1: kind+urgency', targeted: true, query: LIST, variants: byKindAndUrgency },
  { name: 'list p1: month', targeted: true, query: LIST, variants: byMonth },
  { name: 'list p1: kind+urgency, totalCount', targeted: true, query: LIST_WITH_COUNT, variants: byKindAndUrgency, roles: ['clerk'] },
  {
    name: `list p${DEEP_PAGE}: kind / direction / none`,
    targeted: true,
    query: LIST,
    variants: [page('CONG_VAN', { kind: 'CONG_VAN' }), page('INCOMING', { direction: 'INCOMING' }), page('no filter', {})],
    deep: true,
  },
  { name: 'search: words', targeted: true, query: LIST, variants: search(['cong van khan', 'phong chay chua chay', 'chuyen doi so']) },
  { name: 'search: number', targeted: true, query: LIST, variants: search(['80/QĐ', '125/TB', '7/GM']) },
];

interface Measured {
  shape: Shape;
  role: Role;
  samples: number[];
  byVariant: Map<string, number[]>;
  variants: Variant[];
  note?: string;
}

const median = (values: number[]) => percentile(sortNumbers(values), 50);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------------
// The database and the server.

const bench = await openBenchDatabase({ fresh: args.has('--fresh'), log });
const orm = bench.database.orm;
const server = await startServer({
  orm,
  databaseUrl: bench.database.url,
  port: 0,
  host: '127.0.0.1',
  log: pino({ level: 'silent' }),
  production: true,
  // 50 clients from one address: the guard against floods would measure itself.
  rateLimitPerMinute: 0,
  // The deadline sweep over a million documents would run inside the process being measured.
  jobs: false,
});
const url = `http://127.0.0.1:${server.port}/graphql`;

async function gql<T = Record<string, unknown>>(query: string, variables: Variables, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors || !body.data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

async function login(username: string): Promise<string> {
  const data = await gql<{ login: { token: string | null; userErrors: unknown[] } }>(
    'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token userErrors { code message } } }',
    { u: username, p: BENCH_PASSWORD },
  );
  if (!data.login.token) throw new Error(`login of ${username} failed: ${JSON.stringify(data.login.userErrors)}`);
  return data.login.token;
}

/** Sequential requests, one at a time over one keep-alive connection, bounded in count and time. */
async function measure(
  shape: Shape,
  role: Role,
  variants: Variant[],
  options: { variables?: (i: number) => Variables; check?: (data: unknown) => void } = {},
): Promise<Measured> {
  const token = tokens[role];
  const variantOf = (i: number): Variant => (options.variables ? { label: 'all', variables: options.variables(i) } : variants[i % variants.length]!);
  for (let i = 0; i < WARM_UP; i += 1) options.check?.(await gql(shape.query, variantOf(i).variables, token));
  const result: Measured = { shape, role, samples: [], byVariant: new Map(), variants };
  const deadline = performance.now() + ROW_TIME_LIMIT_MS;
  for (let i = WARM_UP; i < WARM_UP + SAMPLES && performance.now() < deadline; i += 1) {
    const variant = variantOf(i);
    const begin = performance.now();
    const data = await gql(shape.query, variant.variables, token);
    const elapsed = performance.now() - begin;
    options.check?.(data);
    result.samples.push(elapsed);
    result.byVariant.set(variant.label, [...(result.byVariant.get(variant.label) ?? []), elapsed]);
  }
  if (result.samples.length < SAMPLES) result.note = `stopped at the ${ROW_TIME_LIMIT_MS / 1000} s limit`;
  process.stdout.write('.');
  return result;
}

type Page = { documents: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** Each first page followed by endCursor to page DEEP_PAGE; variants without that many pages are left out. */
async function deepVariants(variants: Variant[], token: string): Promise<{ variants: Variant[]; note?: string }> {
  const deep: Variant[] = [];
  const short: string[] = [];
  for (const variant of variants) {
    let after: string | null = null;
    let reached = 1;
    while (reached < DEEP_PAGE) {
      const data: Page = await gql<Page>(LIST, { ...variant.variables, after }, token);
      if (!data.documents.pageInfo.hasNextPage) break;
      after = data.documents.pageInfo.endCursor;
      reached += 1;
    }
    if (reached === DEEP_PAGE) deep.push({ label: variant.label, variables: { ...variant.variables, after } });
    else short.push(variant.label);
  }
  return short.length > 0 ? { variants: deep, note: `fewer than ${DEEP_PAGE} pages: ${short.join(', ')}` } : { variants: deep };
}

// ---------------------------------------------------------------------------------------------
// Who measures, and what they see.

const organisation = AGENCIES[0]!;
const users = { clerk: `maipt.${organisation.suffix}`, leader: `minhnv.${organisation.suffix}`, specialist: `hantt.${organisation.suffix}` };
type Role = keyof typeof users;
const roles = Object.keys(users) as Role[];
const tokens = {} as Record<Role, string>;
for (const role of roles) tokens[role] = await login(users[role]);
const specialistId = (await gql<{ me: { id: string } }>(ME, {}, tokens.specialist)).me.id;
const [sizes] = await orm.em.getConnection().execute<{ organisation: string; handed: string; version: string }[]>(
  `select (select count(*) from "document" d join "organisation" o on o.id = d.organisation_id where o.username_suffix = ?) as organisation,
          (select count(*) from "document" d join "account" a on a.username = ? where d.handler_ids @> array[a.id::text]) as handed,
          current_setting('server_version') as version`,
  [organisation.suffix, users.specialist],
);
log(`measuring as ${Object.values(users).join(', ')} in ${organisation.name}: ${sizes!.organisation} documents, ${sizes!.handed} handed to ${users.specialist}`);

// ---------------------------------------------------------------------------------------------
// Latency, one request at a time.

const results: Measured[] = [];
for (const shape of args.has('--load-only') ? [] : SHAPES) {
  for (const role of roles) {
    if (shape.roles && !shape.roles.includes(role)) continue;
    if (!shape.deep) {
      results.push(await measure(shape, role, shape.variants));
      continue;
    }
    const deep = await deepVariants(shape.variants, tokens[role]);
    if (deep.variants.length === 0) continue;
    const measured = await measure(shape, role, deep.variants);
    if (deep.note) measured.note = [measured.note, deep.note].filter(Boolean).join('; ');
    results.push(measured);
  }
}

// Registrations by the clerk, one at a time: each the next number of the incoming register.
const today = vietnamDate(new Date());
const stamp = Date.now() % 10_000_000;
const KINDS = [
  { code: 'CONG_VAN', abbreviation: null },
  { code: 'QUYET_DINH', abbreviation: 'QĐ' },
  { code: 'GIAY_MOI', abbreviation: 'GM' },
  { code: 'THONG_BAO', abbreviation: 'TB' },
];
const registration = (i: number): Variables => {
  const kind = KINDS[i % KINDS.length]!;
  const organ = ORGANS[i % ORGANS.length]!;
  return {
    input: {
      kind: kind.code,
      // Unique per run, so that no registration is held as a probable duplicate.
      numberNotation: `${stamp * 1000 + i}/${kind.abbreviation ? `${kind.abbreviation}-${organ.abbreviation}` : `${organ.abbreviation}-VP`}`,
      issuingOrgan: organ.name,
      signerPosition: 'Phó Giám đốc',
      signerName: 'Trần Văn Thắng',
      issuedOn: today,
      subject: `V/v khẩn trương triển khai công tác phòng, chống thiên tai năm ${today.slice(0, 4)}`,
      pageCount: 2,
      urgency: i % 10 === 0 ? 'KHAN' : 'NORMAL',
      channel: 'INTERCONNECTION',
      handedToAccountIds: [specialistId],
    },
  };
};
const registered: string[] = [];
if (!args.has('--load-only')) results.push(
  await measure({ name: 'registerIncomingDocument', targeted: false, query: REGISTER, variants: [] }, 'clerk', [], {
    variables: registration,
    check: (data) => {
      const payload = (data as { registerIncomingDocument: { document: { id: string } | null; userErrors: unknown[] } }).registerIncomingDocument;
      if (!payload.document || payload.userErrors.length > 0) throw new Error(`registration refused: ${JSON.stringify(payload.userErrors)}`);
      registered.push(fromGlobalId(payload.document.id)!.id);
    },
  }),
);

// The start page and the quarterly handling report (issue 4: the report over a year under 1 s).
const yearAgo = vietnamDate(new Date(Date.now() - 365 * 86_400_000));
const REPORT = `query ($from: LocalDate!, $to: LocalDate!) { handlingReport(from: $from, to: $to) {
  total { received handledOnTime handledLate stillOpen openOverdue }
  byPerson { account { fullName } unit { name } received handledOnTime handledLate stillOpen openOverdue }
  byUnit { unit { name } received handledOnTime handledLate stillOpen openOverdue }
} }`;
const reportChecked = (data: unknown) => {
  const received = (data as { handlingReport: { total: { received: number } } }).handlingReport.total.received;
  if (!(received > 0)) throw new Error('the handling report found no assignments: is the dataset complete?');
};
for (const role of args.has('--load-only') ? [] : (['leader', 'clerk'] as const)) {
  results.push(
    await measure({ name: 'handlingReport, one year', targeted: false, query: REPORT, variants: [] }, role, [], {
      variables: () => ({ from: yearAgo, to: today }),
      check: reportChecked,
    }),
  );
}
const MY_WORK = `{ myWork {
  counts { waiting overdue dueToday assignedByMe assignedByMeOverdue tasks tasksOverdue }
  waiting(first: 20) { nodes { role deadline overdue document { subject numberNotation } direction { note } } }
  units { unit { name } open overdue doneThisMonth }
} }`;
for (const role of args.has('--load-only') ? [] : roles) results.push(await measure({ name: 'myWork (start page)', targeted: false, query: MY_WORK, variants: [] }, role, [], { variables: () => ({}) }));
process.stdout.write('\n');
const cleanUp = await forgetRegistrations(registered);

// ---------------------------------------------------------------------------------------------
// Throughput: the first-page list by kind and urgency at 50 concurrent clients, the three viewers
// in turn, from a worker thread (the clients' own work stays off the server's event loop).

function runLoad(target: string): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const request: LoadRequest = {
      url: target,
      tokens: roles.map((role) => tokens[role]),
      query: LIST,
      variableSets: byKindAndUrgency.map((variant) => variant.variables),
      ...LOAD,
    };
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: request });
    worker.once('message', (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      void worker.terminate();
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}
const load = await runLoad(url);

// The same load on the raw-SQL floor (bench/raw-floor.ts), after checking that it answers the
// same documents as Vanthu for every viewer and filter the load sends.
const floor = await startRawFloor(
  orm,
  bench.database.url,
  roles.map((role) => tokens[role]),
  byKindAndUrgency.map((variant) => variant.variables.filter as Variables),
  PAGE,
  Number(process.env.DATABASE_POOL_SIZE ?? 10),
);
for (const role of roles) {
  for (const variant of byKindAndUrgency) {
    const idsOf = async (target: string) => {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
        body: JSON.stringify({ query: LIST, variables: variant.variables }),
      });
      const body = (await response.json()) as { data: { documents: { nodes: { id: string; handedTo: { id: string }[] }[] } } };
      return body.data.documents.nodes.map((document) => `${document.id}:${document.handedTo.map((account) => account.id).sort().join(',')}`);
    };
    const [ours, floors] = await Promise.all([idsOf(url), idsOf(floor.url)]);
    if (JSON.stringify(ours) !== JSON.stringify(floors)) throw new Error(`the raw floor answers other documents than Vanthu for ${role}, ${variant.label}`);
  }
}
const floorLoad = await runLoad(floor.url);
await floor.stop();

// ---------------------------------------------------------------------------------------------
// The report.

const rows = results.map((result) => {
  const sorted = sortNumbers(result.samples);
  const p50 = percentile(sorted, 50);
  const verdict = !result.shape.targeted ? '' : p50 < TARGET_MS ? 'ok' : 'MISS';
  return { result, p50, p99: percentile(sorted, 99), verdict };
});
const header = ['shape', 'viewer', 'n', 'median ms', 'p99 ms', `median < ${TARGET_MS} ms`];
const table = [header, ...rows.map(({ result, p50, p99, verdict }) => [result.shape.name, result.role, String(result.samples.length), ms(p50), ms(p99), verdict])];
const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
const line = (row: string[]) => row.map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
const loadAverage = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');

log('');
log(`Vanthu documents benchmark: ${TOTAL_DOCUMENTS.toLocaleString('en')} documents in ${AGENCIES.length} organisations; ${bench.where}, PostgreSQL ${sizes!.version}`);
if (bench.generationSeconds !== null) log(`dataset generated on this run in ${bench.generationSeconds.toFixed(0)} s`);
log(`${os.cpus().length} CPUs, load average ${loadAverage(loadAtStart)} at start (other processes share the machine)`);
log(`one request at a time over a keep-alive HTTP connection: up to ${SAMPLES} per row after ${WARM_UP} warm-up, at most ${ROW_TIME_LIMIT_MS / 1000} s per row; page size ${PAGE}`);
log('');
log(line(table[0]!));
log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of table.slice(1)) log(line(row));
log('');
const perSecond = (result: LoadResult) => result.completed / (result.elapsedMs / 1000);
const describeLoad = (result: LoadResult) => {
  const sorted = sortNumbers(result.latenciesMs);
  return `${perSecond(result).toFixed(0)} requests/s over ${(result.elapsedMs / 1000).toFixed(1)} s (${result.completed} answered, ${result.failed} failed; latency under load: median ${ms(percentile(sorted, 50))} ms, p99 ${ms(percentile(sorted, 99))} ms)`;
};
const floorRatio = perSecond(load) / perSecond(floorLoad);
log(`throughput, list p1 kind+urgency, ${LOAD.clients} concurrent clients (clerk, leader, specialist in turn):`);
log(`  Vanthu:         ${describeLoad(load)}`);
log(`  raw-SQL floor:  ${describeLoad(floorLoad)}`);
log(`  Vanthu / floor: ${floorRatio.toFixed(2)} (target at least ${FLOOR_TARGET}: ${floorRatio >= FLOOR_TARGET ? 'ok' : 'MISS'})`);
if (load.firstError) log(`  first failure: ${load.firstError}`);
if (floorLoad.firstError) log(`  first failure on the floor: ${floorLoad.firstError}`);
log(`the ${registered.length} registrations of this run: ${cleanUp}`);
log('');
log('medians by variant (ms):');
for (const { result } of rows) {
  if (result.byVariant.size <= 1 && !result.note) continue;
  const parts = [...result.byVariant].map(([label, values]) => `${label} ${ms(median(values))}`);
  log(`  ${result.shape.name} / ${result.role}: ${parts.join(', ')}${result.note ? ` (${result.note})` : ''}`);
}
const missed = rows.filter((row) => row.verdict === 'MISS');
log('');
if (rows.some((row) => row.result.shape.targeted)) log(
  missed.length === 0
    ? `target met: every list and search median is under ${TARGET_MS} ms`
    : `target missed: ${missed.length} of ${rows.filter((row) => row.result.shape.targeted).length} list/search rows have a median of ${TARGET_MS} ms or more`,
);

if (args.has('--explain')) {
  const slowest = rows.filter((row) => row.result.shape.targeted).sort((a, b) => b.p50 - a.p50)[0];
  if (slowest) await explain(slowest, slowest.verdict === 'MISS');
}

await server.stop();
await bench.close();
log(`\ntotal run ${seconds(runStarted)}; load average ${loadAverage(os.loadavg())} at the end`);

/**
 * Removes this run's registrations and sets the register's counter back to its last number, so that
 * every run measures the same dataset and the numbering stays gap-free. They are kept (and the run
 * says so) when anything refers to them, or when the database user may not skip the foreign-key
 * checks of the delete (each would scan "document" for references: not every such column has an
 * index, documents are never deleted by the application).
 */
async function forgetRegistrations(ids: string[]): Promise<string> {
  if (ids.length === 0) return 'none';
  const connection = orm.em.getConnection();
  const references = await connection.execute<{ source: string; column: string }[]>(
    `select c.conrelid::regclass::text as source, a.attname as column
       from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = '"document"'::regclass and cardinality(c.conkey) = 1`,
  );
  for (const { source, column } of references) {
    const [used] = await connection.execute<{ used: boolean }[]>(`select exists (select 1 from ${source} where "${column}" in (?)) as used`, [ids]);
    if (used?.used) return `kept: ${source}.${column} refers to them`;
  }
  try {
    await orm.em.fork().transactional(async (em) => {
      await em.execute(`set local session_replication_role = replica`);
      await em.execute(`delete from "document" where "id" in (?)`, [ids]);
      await em.execute(
        `update "register_counter" c
            set "last_number" = coalesce((select max(d."register_number") from "document" d where d."register_id" = c."register_id" and d."register_year" = c."year"), 0)
          where c."register_id" in (select r."id" from "register" r join "organisation" o on o."id" = r."organisation_id" where o."username_suffix" = ?)`,
        [organisation.suffix],
      );
    });
    return 'removed again, register counter set back';
  } catch (error) {
    return `kept (${String(error).slice(0, 200)})`;
  }
}

/**
 * The SQL a row's slowest variant runs, as sent (captured at the connection, parameters inlined),
 * then EXPLAIN (ANALYZE, BUFFERS) of its queries on "document".
 */
async function explain({ result, p50 }: (typeof rows)[number], misses: boolean): Promise<void> {
  const [label] = [...result.byVariant].sort((a, b) => median(b[1]) - median(a[1]))[0]!;
  const variant = result.variants.find((candidate) => candidate.label === label);
  if (!variant) return;
  const connection = orm.em.getConnection();
  const platform = orm.em.getPlatform();
  const original = connection.execute;
  const statements: string[] = [];
  connection.execute = function (this: typeof connection, query: unknown, params?: unknown[], ...rest: unknown[]) {
    if (typeof query === 'string') statements.push(platform.formatQuery(query, params ?? []));
    return (original as (...all: unknown[]) => Promise<unknown>).call(this, query, params, ...rest);
  } as typeof original;
  try {
    await gql(result.shape.query, variant.variables, tokens[result.role]);
  } finally {
    connection.execute = original;
  }
  log('');
  log(`=== the slowest list/search row, ${misses ? 'missing' : 'within'} the target: ${result.shape.name} / ${result.role} (median ${ms(p50)} ms); its slowest variant, ${label} ===`);
  for (const sql of statements.filter((statement) => /^select\b/i.test(statement) && /\bfrom "document"/.test(statement))) {
    log(sql);
    const plan = await connection.execute<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers) ${sql}`);
    for (const row of plan) log(`  ${row['QUERY PLAN']}`);
  }
}
