/**
 * `npm run bench:edxml`: the interconnection inbox at volume (issue 19).
 *
 * A fresh database `vanthu_bench_edxml` (BENCH_EDXML_DATABASE for another name) on DATABASE_URL's
 * server, or on an embedded PostgreSQL under the temp folder, with one organisation seeded as the
 * demo is, its organ id and one direct peer. The real server runs in this process on 127.0.0.1 (so
 * the process's memory is the server's), and 1,000 edXML document messages, each with a 2 MB PDF
 * attachment of its own bytes, are POSTed to /interconnection/edxml, signed as the peer signs them,
 * 4 at a time: each is read, checked, its attachment judged and stored, and its incoming copy and
 * status 01 written. Reports messages per second, median and p99 of one import, and peak RSS.
 * `-- --messages N --megabytes N` change the load.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { LocalBlobStore } from '../src/areas/files/blob-store.ts';
import { writeDocumentMessage } from '../src/areas/interconnection/edxml-writer.ts';
import { signatureOf } from '../src/areas/interconnection/transport.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { startServer } from '../src/server/app.ts';
import { freshBenchDatabase } from './fresh-database.ts';
import { percentile, rssKiB, sortNumbers } from './measure.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' }, megabytes: { type: 'string', default: '2' } } });
const MESSAGES = Number(values.messages);
const BYTES = Math.round(Number(values.megabytes) * 1024 * 1024);
const CONCURRENCY = 4;
const DATABASE = process.env.BENCH_EDXML_DATABASE ?? 'vanthu_bench_edxml';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)) throw new Error('BENCH_EDXML_DATABASE must be a plain lower-case identifier');
const OURS = '000.00.11.H53';
const PEER = '000.00.12.H53';
const KEY = 'khoa-ket-noi-chung-cua-bench-0123456789';
const log = (message: string) => console.log(message);

const { url, database, embedded } = await freshBenchDatabase(DATABASE);
const seeded = await database.orm.em.fork().transactional((em) => seedOrganisation(em, { name: 'Sở Tài chính (bench)', abbreviation: 'STC', usernameSuffix: 'stcbench' }, 'Bench#Pass2026'));
const pool = new pg.Pool({ connectionString: url, max: 2 });
const itOfficer = (await pool.query<{ id: string }>(`select id from account where username = 'ducdd.stcbench'`)).rows[0]!.id;
await pool.query(`insert into organ_identity (id, organisation_id, organ_id, updated_at) values (gen_random_uuid(), $1, $2, now())`, [seeded.organisationId, OURS]);
await pool.query(
  `insert into external_organ (id, organisation_id, organ_id, name, shared_key, created_by_id, created_at, updated_at) values (gen_random_uuid(), $1, $2, 'Sở Công Thương', $3, $4, now(), now())`,
  [seeded.organisationId, PEER, KEY, itOfficer],
);

const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-bench-edxml-files-'));
const server = await startServer({ orm: database.orm, databaseUrl: url, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), jobs: false, listeners: false, blobStore: new LocalBlobStore(filesDir), rateLimitPerMinute: 0 });
const inbox = `http://127.0.0.1:${server.port}/interconnection/edxml`;
const today = new Date().toISOString().slice(0, 10);

// Written once with xmlbuilder2, as Vanthu writes messages; each message then gets its own number
// and its own attachment bytes (so the store keeps every one), spliced in: the bench measures the
// server's import, not the writing.
const PLACEHOLDER = Buffer.from('attachment placeholder').toString('base64');
const template = writeDocumentMessage({
  kind: 'document',
  from: { organId: PEER, organName: 'Sở Công Thương' },
  to: [{ organId: OURS, organName: 'Sở Tài chính' }],
  documentId: `${PEER},${today.replaceAll('-', '/')},987654321/SCT-VP`,
  codeNumber: '987654321',
  codeNotation: 'SCT-VP',
  place: 'Ninh Bình',
  promulgationDate: today,
  documentType: '2',
  typeName: 'Công văn',
  subject: 'Về việc báo cáo số liệu tháng, văn bản số 987654321',
  signer: { position: 'Giám đốc', fullName: 'Nguyễn Văn Minh' },
  priority: 1,
  pageAmount: 3,
  appendixes: [],
  steeringType: '0',
  toPlaces: ['Sở Tài chính'],
  business: { type: 'NEW' },
  trace: [],
  attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', name: 'van-ban-987654321.pdf', bytes: Buffer.from('attachment placeholder') }],
});

function message(index: number): string {
  const bytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${index}\n`), randomBytes(BYTES - 64), Buffer.from('\ntrailer << >>\n%%EOF\n')]);
  return template.replaceAll('987654321', String(index + 1)).replace(PLACEHOLDER, bytes.toString('base64'));
}

log(`importing ${MESSAGES} edXML messages with a ${(BYTES / 1024 / 1024).toFixed(1)} MB attachment each, ${CONCURRENCY} at a time`);
let peakKiB = rssKiB(process.pid);
const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, rssKiB(process.pid))), 50);
const latencies: number[] = [];
let next = 0;
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let index = next++; index < MESSAGES; index = next++) {
      const body = message(index);
      const sent = performance.now();
      const response = await fetch(inbox, { method: 'POST', headers: { 'x-edxml-from': PEER, 'x-edxml-to': OURS, 'x-edxml-signature': signatureOf(KEY, PEER, OURS, body) }, body });
      const answer = (await response.json()) as { accepted?: boolean };
      latencies.push(performance.now() - sent);
      if (!answer.accepted) failures += 1;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const sorted = sortNumbers(latencies);
const copies = (await pool.query<{ n: string }>(`select count(*) as n from document where channel = 'INTERCONNECTION'`)).rows[0]!.n;
log(`  ${copies} incoming copies (${failures} refused) in ${seconds.toFixed(1)} s: ${(MESSAGES / seconds).toFixed(1)} messages/s; one import median ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms; peak RSS ${(peakKiB / 1024).toFixed(0)} MiB`);

await server.stop();
await pool.end();
await database.close();
await rm(filesDir, { recursive: true, force: true });
await embedded?.stop();
