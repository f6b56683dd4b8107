/**
 * `npm run bench:mail`: the shared mailbox at scale (issue 15).
 *
 * A fresh database `vanthu_bench_mail` (BENCH_MAIL_DATABASE for another name) on DATABASE_URL's
 * server, or on an embedded PostgreSQL under the temp folder, with one organisation seeded as the
 * demo is and its shared mailbox. The real server and the real SMTP receiver run in this process
 * on 127.0.0.1 (so the process's memory is the server's). Then:
 * 1. 10,000 messages (10 % with a 1 MB attachment of random bytes) are delivered over SMTP by 20
 *    concurrent nodemailer clients: messages per second, median and p99 of acceptance (DATA sent to
 *    250 answered, which covers parsing, hashing, DKIM/SPF checks and the commit), and the peak
 *    resident memory.
 * 2. The mailbox is topped up to 100,000 messages with set-based SQL, and over real HTTP as the
 *    head it measures median and p99 of a mailbox page (the first 50 of the inbox with totalCount)
 *    and of an accent-free search with totalCount. Target: medians under 20 ms.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { pino } from 'pino';
import { LocalBlobStore } from '../src/areas/files/blob-store.ts';
import { startReceiver } from '../src/areas/mailbox/receiver.ts';
import { mailSearchText } from '../src/areas/mailbox/search.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { startServer } from '../src/server/app.ts';
import { freshBenchDatabase } from './fresh-database.ts';
import { percentile, rssKiB, sortNumbers } from './measure.ts';
import { ACTIONS, AGENCIES, TOPICS } from './vocabulary.ts';

const DATABASE = process.env.BENCH_MAIL_DATABASE ?? 'vanthu_bench_mail';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)) throw new Error('BENCH_MAIL_DATABASE must be a plain lower-case identifier');
const PASSWORD = 'Bench#Pass2026';
const ADDRESS = 'bitec@mot.gov.vn';
const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 10_000);
const CLIENTS = 20;
const TOTAL = 100_000;
const SAMPLES = 200;
const TARGET_MS = 20;
const log = (message: string) => console.log(message);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const { url, database, embedded } = await freshBenchDatabase(DATABASE);
const agency = AGENCIES[0]!;
const seeded = await database.orm.em.fork().transactional((em) => seedOrganisation(em, { name: agency.name, abbreviation: agency.abbreviation, usernameSuffix: agency.suffix }, PASSWORD));
const pool = new pg.Pool({ connectionString: url, max: 2 });
const head = (await pool.query<{ id: string }>(`select id from account where username = $1`, [`hongvt.${agency.suffix}`])).rows[0]!.id;
const leader = (await pool.query<{ id: string }>(`select id from account where username = $1`, [`minhnv.${agency.suffix}`])).rows[0]!.id;
const mailboxId = (
  await pool.query<{ id: string }>(`insert into mailbox (id, organisation_id, address, display_name, head_id, readers, created_by_id, created_at) values (gen_random_uuid(), $1, $2, 'BITEC', $3::uuid, array[$3::text], $4, now()) returning id`, [seeded.organisationId, ADDRESS, head, leader])
).rows[0]!.id;

const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-bench-mail-files-'));
const store = new LocalBlobStore(filesDir);
const quiet = pino({ level: 'silent' });
const server = await startServer({ orm: database.orm, databaseUrl: url, port: 0, host: '127.0.0.1', log: quiet, jobs: false, listeners: false, blobStore: store, rateLimitPerMinute: 0 });
const smtpPort = await freePort();
const receiver = await startReceiver(database.orm, { store, log: quiet }, { port: smtpPort, host: '127.0.0.1', allowedClients: ['127.0.0.1', '::ffff:127.0.0.1'], user: null, password: null, tls: null, maxBytes: 30 * 1024 * 1024 });

// 1. Delivery over SMTP.
log(`delivering ${MESSAGES} messages (10 % with 1 MB) from ${CLIENTS} clients to ${ADDRESS}`);
let peakKiB = rssKiB(process.pid);
const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, rssKiB(process.pid))), 100);
const latencies: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, client) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
    for (let index = next++; index < MESSAGES; index = next++) {
      const topic = TOPICS[index % TOPICS.length]!;
      const message = {
        from: `"Người gửi ${client}" <nguoigui${client}@bocongthuong.gov.vn>`,
        to: ADDRESS,
        subject: `${ACTIONS[index % ACTIONS.length]} ${topic} số ${index}`,
        text: `Kính gửi Nhóm Thông tin, về việc ${topic}. Thư số ${index}.`,
        messageId: `<bench-${index}@bocongthuong.gov.vn>`,
        ...(index % 10 === 0 ? { attachments: [{ filename: `tai-lieu-${index}.pdf`, content: randomBytes(1024 * 1024) }] } : {}),
      };
      const sent = performance.now();
      await transport.sendMail(message);
      latencies.push(performance.now() - sent);
    }
    transport.close();
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const sorted = sortNumbers(latencies);
const stored = (await pool.query<{ n: string }>(`select count(*) as n from mail_message`)).rows[0]!.n;
log(`  ${stored} stored in ${seconds.toFixed(1)} s: ${(MESSAGES / seconds).toFixed(0)} messages/s; acceptance median ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; peak RSS ${(peakKiB / 1024).toFixed(0)} MiB`);

// 2. Reading over 100,000 messages.
log(`topping the mailbox up to ${TOTAL} messages`);
const rows = TOTAL - Number(stored);
const batch = 10_000;
for (let offset = 0; offset < rows; offset += batch) {
  const count = Math.min(batch, rows - offset);
  const subjects = Array.from({ length: count }, (_, index) => `${ACTIONS[(offset + index) % ACTIONS.length]} ${TOPICS[(offset + index * 7) % TOPICS.length]} số ${offset + index}`);
  const texts = subjects.map((subject) => `Kính gửi Nhóm Thông tin, về việc ${subject}.`);
  const searches = subjects.map((subject, index) => mailSearchText(subject, 'nguoigui@bocongthuong.gov.vn', 'Người gửi', texts[index]!));
  await pool.query(
    `insert into mail_message (id, organisation_id, mailbox_id, message_id, thread_id, from_address, from_name, subject, text, sent_at, received_at, search_text, raw_size)
     select id, $1, $2, 'fill-' || id || '@b.gov.vn', id, 'nguoigui@bocongthuong.gov.vn', 'Người gửi', s, t, now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval, f, 1000
     from (select gen_random_uuid() as id, s, t, f, n from unnest($3::text[], $4::text[], $5::text[]) with ordinality as u(s, t, f, n)) as rows`,
    [seeded.organisationId, mailboxId, subjects, texts, searches],
  );
}
await pool.query(`vacuum (analyze) mail_message`);

const endpoint = `http://127.0.0.1:${server.port}/graphql`;
// Answers are read as loosely typed JSON, as the other benchmarks do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Json; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const token = (await call(null, 'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: `hongvt.${agency.suffix}`, p: PASSWORD })).login.token as string;
const { toGlobalId } = await import('../src/core/ids.ts');
const id = toGlobalId('Mailbox', mailboxId);

async function measure(label: string, query: string, check: (data: Json) => number) {
  for (let index = 0; index < 5; index += 1) await call(token, query, { id });
  const times: number[] = [];
  let seen = 0;
  for (let index = 0; index < SAMPLES; index += 1) {
    const began = performance.now();
    seen = check(await call(token, query, { id }));
    times.push(performance.now() - began);
  }
  const ordered = sortNumbers(times);
  const median = percentile(ordered, 50);
  log(`  ${label}: median ${median.toFixed(1)} ms, p99 ${percentile(ordered, 99).toFixed(1)} ms (${seen} in total) ${median < TARGET_MS ? 'under' : 'OVER'} ${TARGET_MS} ms`);
}
const total = (await pool.query<{ n: string }>(`select count(*) as n from mail_message`)).rows[0]!.n;
log(`reading ${total} messages as the head, ${SAMPLES} samples each`);
await measure('mailbox page (50 of the inbox, totalCount)', 'query ($id: ID!) { mailbox(id: $id) { messages(folder: INBOX, first: 50) { totalCount nodes { id subject fromAddress fromName sentAt read } } } }', (data) => data.mailbox.messages.totalCount);
await measure('search "bao cao" (common, totalCount)', 'query ($id: ID!) { mailbox(id: $id) { search(text: "bao cao", first: 50) { totalCount nodes { id subject } } } }', (data) => data.mailbox.search.totalCount);
await measure('search "so 4242" (rare, totalCount)', 'query ($id: ID!) { mailbox(id: $id) { search(text: "so 4242", first: 50) { totalCount nodes { id subject } } } }', (data) => data.mailbox.search.totalCount);

await receiver.stop();
await server.stop();
await pool.end();
await database.close();
await rm(filesDir, { recursive: true, force: true });
await embedded?.stop();
