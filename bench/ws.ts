/**
 * `npm run bench:ws [-- --connections 5000 --rate 1000 --seconds 10]`: real-time delivery at scale
 * (issue 5).
 *
 * The server runs as a child process (`node src/main.ts`, on 127.0.0.1 only) over a fresh database:
 * `vanthu_bench_ws` on DATABASE_URL's server, or an embedded PostgreSQL in a temporary folder;
 * both are removed at the end. The bench then:
 * - adds 5,000 accounts to the demo agency and a session for each, directly in the database
 *   (signing in 5,000 times would only measure scrypt);
 * - opens 5,000 graphql-ws connections (graphql-ws's client over `ws`), one per account, each
 *   subscribed to `noticeReceived`, and times the connection setup (socket to `connection_ack`);
 * - sends one notice to everyone, four times (the first is a warm-up that proves every
 *   subscription is live): latency from COMMIT to receipt at each of the 5,000;
 * - streams personal notices, 1,000 a second for 10 s, each to one account chosen at random:
 *   latency from the sending statement to receipt, and that each reached its recipient and no one
 *   else;
 * - reports the server's resident memory idle, with every connection open, and at its highest
 *   during the stream.
 * Notices are written as sendNotice writes them (the notice, its deliveries, NOTIFY on commit),
 * but in one SQL statement from the bench: the server under test only delivers them, as an
 * instance does for notices sent through another. Every phase has a time limit; the run stops by
 * itself. BENCH_SERVER_NODE_ARGS passes options to the server's node (e.g. `--cpu-prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { hashToken, newToken } from '../src/areas/accounts/tokens.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { accountSearchText } from '../src/areas/accounts/account-service.ts';
import { EVENT_CHANNEL } from '../src/core/events.ts';
import { withDatabase } from './dataset.ts';
import { cpuMs, percentile, rssKiB, sortNumbers } from './measure.ts';

const OPTIONS: Record<string, number> = { connections: 5000, rate: 1000, seconds: 10 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i]!.replace(/^--/, '');
  const value = Number(argv[i + 1]);
  if (!(name in OPTIONS) || !Number.isFinite(value) || value <= 0) throw new Error(`unknown option ${argv[i]} ${argv[i + 1] ?? ''} (known: --connections, --rate, --seconds)`);
  OPTIONS[name] = value;
}
const CONNECTIONS = OPTIONS.connections!;
const RATE = OPTIONS.rate!;
const STREAM_MS = OPTIONS.seconds! * 1000;
const TARGET_P99_MS = 100;
const BROADCASTS = 3;
/** Connections sending the stream of personal notices. */
const SENDERS = 8;
/** Connections being opened at once: enough to keep the server busy, not a thundering herd. */
const OPENING_AT_ONCE = 100;
const CONNECT_LIMIT_MS = 180_000;
const DELIVERY_WAIT_MS = 15_000;
const RUN_LIMIT_MS = 15 * 60_000;
const DATABASE = 'vanthu_bench_ws';
const PASSWORD = 'Bench#Pass2026';
const SUBSCRIPTION = 'subscription { noticeReceived { id cursor text sender { fullName } } }';

const log = (message: string) => console.log(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

function summary(values: number[]): string {
  const sorted = sortNumbers(values);
  const f = (value: number) => value.toFixed(1);
  return `p50 ${f(percentile(sorted, 50))} ms, p90 ${f(percentile(sorted, 90))} ms, p99 ${f(percentile(sorted, 99))} ms, max ${f(sorted.at(-1) ?? NaN)} ms`;
}

/** Each socket is a file descriptor, on both ends: the soft limit must hold them (the child inherits it). */
function checkOpenFileLimit(): void {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? Infinity);
  const needed = CONNECTIONS + 1000;
  if (soft < needed) {
    throw new Error(`the open-file limit is ${soft}; ${CONNECTIONS} connections need about ${needed}. Raise it first (ulimit -n ${needed}) and run again.`);
  }
  log(`open-file limit ${soft} (needs about ${needed} in the bench and in the server)`);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database for this run, and how to remove it. */
async function freshDatabase(): Promise<{ url: string; where: string; remove(): Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    await adminQuery(adminUrl, `drop database if exists "${DATABASE}" with (force)`);
    await adminQuery(adminUrl, `create database "${DATABASE}"`);
    return {
      url: withDatabase(adminUrl, DATABASE),
      where: `${DATABASE} on DATABASE_URL's server`,
      remove: () => adminQuery(adminUrl, `drop database if exists "${DATABASE}" with (force)`),
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-bench-ws-'));
  let embedded: EmbeddedDatabase;
  try {
    // As root, PostgreSQL runs as "postgres", who must be able to enter the folder (mkdtemp makes it 0700).
    await chmod(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), database: DATABASE });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: embedded.url,
    where: `an embedded PostgreSQL in ${dataDir}`,
    remove: async () => {
      try {
        await embedded.stop();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** `node src/main.ts` on 127.0.0.1: migrations, the demo agency, then serving. Warnings and errors are shown. */
async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(port), DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'info', NODE_ENV: 'production', SIGNING_KEY_SECRET: 'bench-signing-key-secret-of-32-characters', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!ready && line.includes('Vanthu is serving GraphQL')) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
        if (/"level":(40|50|60)/.test(line)) console.log(`  server: ${line.slice(0, 400)}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`the server exited with ${code} before serving`));
    });
  });
  return { child, port };
}

/** SIGTERM (a graceful stop), then SIGKILL if it has not exited within 20 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

interface Person {
  accountId: string;
  token: string;
}

/** The bench's people: accounts of the demo agency with a live session each, written in bulk. */
async function addPeople(db: pg.Pool, count: number): Promise<{ organisationId: string; senderId: string; people: Person[] }> {
  const { rows: organisations } = await db.query<{ id: string }>(`select id from "organisation" where username_suffix = 'sct'`);
  const organisationId = organisations[0]!.id;
  const { rows: units } = await db.query<{ id: string }>(`select id from "unit" where organisation_id = $1 order by code`, [organisationId]);
  const { rows: demo } = await db.query<{ id: string; password_hash: string; roles: string[] }>(
    `select id, password_hash, roles from "account" where organisation_id = $1`,
    [organisationId],
  );
  const sender = demo.find((row) => row.roles.includes('LEADER'))!;
  const names = Array.from({ length: count }, (_, i) => ({ username: `wsbench${String(i + 1).padStart(5, '0')}.sct`, fullName: `Người Thử ${i + 1}` }));
  const { rows: accounts } = await db.query<{ id: string; username: string }>(
    `insert into "account" ("id", "organisation_id", "unit_id", "username", "full_name", "search_text", "title", "roles", "status",
                            "password_hash", "must_change_password", "created_at", "updated_at")
     select gen_random_uuid(), $1, p.unit_id, p.username, p.full_name, p.search_text, 'SPECIALIST', array['SPECIALIST'], 'ACTIVE', $5, false, now(), now()
     from unnest($2::uuid[], $3::text[], $4::text[], $6::text[]) as p(unit_id, username, full_name, search_text)
     returning id, username`,
    [
      organisationId,
      names.map((_, i) => units[i % units.length]!.id),
      names.map((name) => name.username),
      names.map((name) => name.fullName),
      sender.password_hash,
      names.map((name) => accountSearchText(name.fullName, name.username)),
    ],
  );
  const byUsername = new Map(accounts.map((row) => [row.username, row.id]));
  const people = names.map((name) => ({ accountId: byUsername.get(name.username)!, token: newToken() }));
  await db.query(
    `insert into "session" ("id", "organisation_id", "account_id", "token_hash", "created_at", "expires_at")
     select gen_random_uuid(), $1, s.account_id, s.token_hash, now(), now() + interval '12 hours'
     from unnest($2::uuid[], $3::text[]) as s(account_id, token_hash)`,
    [organisationId, people.map((person) => person.accountId), people.map((person) => hashToken(person.token))],
  );
  return { organisationId, senderId: sender.id, people };
}

/** One connection per person, each subscribed to its notices; `onNotice` gets (person index, text). */
async function connectAll(port: number, people: Person[], onNotice: (index: number, text: string) => void) {
  const clients: Client[] = new Array(people.length);
  const setupMs: number[] = [];
  const failures: string[] = [];
  const started = performance.now();
  let next = 0;
  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      const opened = performance.now();
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: `Bearer ${people[index]!.token}` },
        on: {
          connected: () => {
            setupMs.push(performance.now() - opened);
            resolve();
          },
          closed: (event) => {
            const { code, reason } = event as { code: number; reason: string };
            if (code !== 1000 && code !== 1001) failures.push(`${code} ${reason}`);
            resolve();
          },
        },
      });
      clients[index] = client;
      client.subscribe<{ noticeReceived: { text: string } }>(
        { query: SUBSCRIPTION },
        {
          next: (value) => {
            const text = value.data?.noticeReceived.text;
            if (text) onNotice(index, text);
            else failures.push(JSON.stringify(value.errors ?? value).slice(0, 200));
          },
          error: (error) => failures.push(String((error as Error)?.message ?? JSON.stringify(error)).slice(0, 200)),
          complete: () => {},
        },
      );
    });
  const deadline = Date.now() + CONNECT_LIMIT_MS;
  await Promise.all(
    Array.from({ length: OPENING_AT_ONCE }, async () => {
      while (next < people.length && Date.now() < deadline) await openOne(next++);
    }),
  );
  return { clients, setupMs, failures, wallMs: performance.now() - started, opened: next };
}

const NOTICE_SQL = `
  with notice as (
    insert into "notice" ("id", "organisation_id", "sender_id", "audience", "audience_ids", "text", "created_at")
    values ($1, $2, $3, 'PEOPLE', array[$4::text], $5, now()) returning "id"
  ), delivery as (
    insert into "notice_delivery" ("id", "organisation_id", "notice_id", "account_id", "delivered_at")
    select gen_random_uuid(), $2, "id", $6::uuid, now() from notice
  )
  select pg_notify($7, $8)`;

function noticeSent(organisationId: string, noticeId: string): string {
  return JSON.stringify({ type: 'notice.sent', organisationId, noticeId });
}

async function main() {
  const runLimit = setTimeout(() => {
    console.error(`the run took longer than ${RUN_LIMIT_MS / 60_000} minutes; stopping`);
    process.exit(2);
  }, RUN_LIMIT_MS);
  runLimit.unref();

  checkOpenFileLimit();
  log(`${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  const database = await freshDatabase();
  log(`database: ${database.where}`);
  let server: { child: ChildProcess; port: number } | undefined;
  let clients: Client[] = [];
  const db = new pg.Pool({ connectionString: database.url, max: SENDERS + 2 });
  // An idle connection's error (the database stopping under it at the end) must not end the run
  // before it has cleaned up.
  db.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') log(`database connection: ${error.message}`);
  });
  try {
    let started = performance.now();
    server = await startServer(database.url);
    log(`server started (migrations, demo agency) in ${Math.round(performance.now() - started)} ms, pid ${server.child.pid}`);
    const pid = server.child.pid!;

    started = performance.now();
    const { organisationId, senderId, people } = await addPeople(db, CONNECTIONS);
    log(`${people.length} accounts with a session each, written in ${Math.round(performance.now() - started)} ms`);
    await sleep(3000);
    const idleRss = rssKiB(pid);
    log(`server RSS idle: ${mib(idleRss)}`);

    // Every notice's text, with who received it and when.
    const arrivals = new Map<string, { index: number; at: number }[]>();
    const onNotice = (index: number, text: string) => {
      const at = performance.now();
      const list = arrivals.get(text);
      if (list) list.push({ index, at });
      else arrivals.set(text, [{ index, at }]);
    };

    log(`opening ${people.length} connections, ${OPENING_AT_ONCE} at a time, each subscribing to noticeReceived`);
    const connected = await connectAll(server.port, people, onNotice);
    clients = connected.clients;
    log(`  ${connected.setupMs.length} connected of ${people.length} in ${(connected.wallMs / 1000).toFixed(1)} s ` +
      `(${Math.round((connected.setupMs.length / connected.wallMs) * 1000)} connections/s); setup (socket to connection_ack): ${summary(connected.setupMs)}`);
    if (connected.failures.length > 0) log(`  failures: ${connected.failures.length}, e.g. ${connected.failures.slice(0, 3).join(' | ')}`);
    await sleep(3000);
    const connectedRss = rssKiB(pid);
    log(`server RSS with ${connected.setupMs.length} connections: ${mib(connectedRss)} (${((connectedRss - idleRss) / connected.setupMs.length).toFixed(1)} KiB each)`);

    // 1. One notice to everyone, from COMMIT to each receipt.
    const broadcast = async (label: string) => {
      const text = `wsbench ${label}`;
      const noticeId = randomUUID();
      const client = await db.connect();
      let committing = 0;
      try {
        await client.query('begin');
        await client.query(
          `insert into "notice" ("id", "organisation_id", "sender_id", "audience", "audience_ids", "text", "created_at") values ($1, $2, $3, 'EVERYONE', '{}', $4, now())`,
          [noticeId, organisationId, senderId, text],
        );
        await client.query(
          `insert into "notice_delivery" ("id", "organisation_id", "notice_id", "account_id", "delivered_at")
           select gen_random_uuid(), $1, $2, "id", now() from "account" where organisation_id = $1 and status = 'ACTIVE'`,
          [organisationId, noticeId],
        );
        await client.query('select pg_notify($1, $2)', [EVENT_CHANNEL, noticeSent(organisationId, noticeId)]);
        committing = performance.now();
        await client.query('commit');
      } finally {
        client.release();
      }
      const deadline = Date.now() + DELIVERY_WAIT_MS;
      while ((arrivals.get(text)?.length ?? 0) < connected.setupMs.length && Date.now() < deadline) await sleep(20);
      const got = arrivals.get(text) ?? [];
      return { got: new Set(got.map((arrival) => arrival.index)).size, latencies: got.map((arrival) => arrival.at - committing) };
    };
    const warmUp = await broadcast('warm-up');
    log(`notice to everyone (warm-up): ${warmUp.got} of ${connected.setupMs.length} people received it; commit to receipt ${summary(warmUp.latencies)}`);
    for (let i = 1; i <= BROADCASTS; i += 1) {
      await sleep(2000);
      const result = await broadcast(`everyone ${i}`);
      log(`notice to everyone #${i}: ${result.got} of ${connected.setupMs.length} people received it; commit to receipt ${summary(result.latencies)}`);
    }

    // 2. A stream of personal notices, each to one person chosen at random.
    await sleep(2000);
    const total = Math.round((RATE * STREAM_MS) / 1000);
    const sentAt: number[] = new Array(total);
    const recipientOf: number[] = new Array(total);
    const sendErrors: string[] = [];
    let sent = 0;
    let peakRss = 0;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssKiB(pid))), 250);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    log(`streaming ${total} personal notices at ${RATE}/s for ${STREAM_MS / 1000} s`);
    const serverCpuBefore = cpuMs(pid);
    const benchCpuBefore = process.cpuUsage();
    const streamStarted = performance.now();
    // Each sender sends the next notice when it falls due, on its own connection, and notes the
    // moment the statement leaves: a sender that falls behind lowers the rate reported below.
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        const client = await db.connect();
        // The sender is not what is measured: its commits need not wait for the disk (NOTIFY still
        // goes out at commit). With fsync-bound commits one connection sends ~100 a second here.
        await client.query('set synchronous_commit = off');
        try {
          while (next < total && performance.now() - streamStarted < STREAM_MS + 5000) {
            const seq = next++;
            const wait = streamStarted + (seq * 1000) / RATE - performance.now();
            if (wait > 1) await sleep(wait);
            const index = Math.floor(Math.random() * connected.setupMs.length);
            const accountId = people[index]!.accountId;
            const noticeId = randomUUID();
            recipientOf[seq] = index;
            sentAt[seq] = performance.now();
            await client
              .query(NOTICE_SQL, [noticeId, organisationId, senderId, accountId, `wsbench personal ${seq}`, accountId, EVENT_CHANNEL, noticeSent(organisationId, noticeId)])
              .catch((error: Error) => sendErrors.push(error.message));
            sent += 1;
          }
        } finally {
          client.release();
        }
      }),
    );
    const sendingMs = performance.now() - streamStarted;
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    const arrived = () => {
      let count = 0;
      for (let seq = 0; seq < sent; seq += 1) count += arrivals.get(`wsbench personal ${seq}`)?.length ?? 0;
      return count;
    };
    while (arrived() < sent && Date.now() < deadline) await sleep(50);
    const streamMs = performance.now() - streamStarted;
    const serverCpu = cpuMs(pid) - serverCpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    clearInterval(rssTimer);
    loopDelay.disable();

    const latencies: number[] = [];
    let misdelivered = 0;
    let duplicated = 0;
    for (let seq = 0; seq < sent; seq += 1) {
      const got = arrivals.get(`wsbench personal ${seq}`) ?? [];
      if (got.length > 1) duplicated += 1;
      for (const arrival of got) {
        if (arrival.index !== recipientOf[seq]) misdelivered += 1;
        else latencies.push(arrival.at - sentAt[seq]!);
      }
    }
    const p99 = percentile(sortNumbers(latencies), 99);
    log(`  sent ${sent} in ${(sendingMs / 1000).toFixed(1)} s (${Math.round((sent / sendingMs) * 1000)}/s)${sendErrors.length ? `, ${sendErrors.length} failed: ${sendErrors[0]}` : ''}`);
    log(`  received ${latencies.length} of ${sent}; to someone else: ${misdelivered}; twice: ${duplicated}`);
    log(`  send to receipt: ${summary(latencies)}: ${p99 < TARGET_P99_MS ? 'meets' : 'MISSES'} the target p99 < ${TARGET_P99_MS} ms`);
    log(`  server RSS at its highest during the stream: ${mib(peakRss)}; the bench's own event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms (part of every latency above)`);
    log(`  CPU over those ${(streamMs / 1000).toFixed(1)} s: server ${Math.round((serverCpu / streamMs) * 100)} %, bench ${Math.round(((benchCpu.user + benchCpu.system) / 1000 / streamMs) * 100)} % (of one core each; the machine has ${os.cpus().length})`);
    log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  } finally {
    // Whatever failed above, the server stops and the database goes.
    await Promise.allSettled(clients.filter(Boolean).map((client) => client.dispose()));
    if (server) await stopChild(server.child);
    await db.end().catch(() => {});
    await database.remove();
  }
}

await main();
