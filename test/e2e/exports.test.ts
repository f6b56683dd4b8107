import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';
import { startInstance } from '../support/instance.ts';

/**
 * Bulk exports (issue 18 §4): streamed CSV and NDJSON of registers, documents and handling, for a
 * key with registers:read or a person who reads register books; resumable, gzip when asked, flat
 * memory over 100,000 rows; classified documents never reach a key.
 */
let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
const keys: Record<string, string> = {};
const registers: Record<string, string> = {};
const today = vietnamDate(new Date());
const range = `from=${today.slice(0, 4)}-01-01&to=${today.slice(0, 4)}-12-31`;

const base = () => `http://127.0.0.1:${app.server.port}`;
const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${base()}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
const ndjson = async (response: Response) => (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);

async function key(name: string, scopes: string[], token = people.tokens.itOfficer!): Promise<string> {
  return (await app.gql('mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', { input: { name, scopes } }, token)).data!.createApiKey.secret;
}

beforeAll(async () => {
  app = await startSignedIn(people, { otherOrganisation: true });
  for (const register of (await app.gql('{ registers { id code } }', {}, people.tokens.leader)).data!.registers) registers[register.code] = register.id;
  await registerIncoming(app, people.tokens.clerk!, { subject: 'Về báo cáo, "quý" IV\nxuống dòng', numberNotation: '12/UBND-VP' });
  await registerIncoming(app, people.tokens.clerk!, { subject: '=HYPERLINK("x")', numberNotation: '13/UBND-VP' });
  await registerIncoming(app, people.tokens.clerk!, { subject: 'Văn bản ba', numberNotation: '14/UBND-VP' });
  await registerIncoming(app, people.tokens.confidentialClerk!, { numberNotation: '3/UBND-M', subject: 'Nội dung mật', confidentiality: 'MAT', recallBy: today });
  keys.registers = await key('Xuất sổ', ['registers:read']);
  keys.statistics = await key('Chỉ thống kê', ['statistics:read']);
  keys.other = await key('Cơ quan khác', ['registers:read'], await app.login('ducdd.khac'));
});
afterAll(() => app?.close());

describe('exports for a key', () => {
  it('streams the incoming register as NDJSON with the Decree columns, leaving the classified document out', async () => {
    const response = await get(`/exports/registers/${registers.DEN}.ndjson?${range}`, keys.registers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const rows = await ndjson(response);
    expect(rows.map((row) => row.numberNotation)).toEqual(['12/UBND-VP', '13/UBND-VP', '14/UBND-VP']);
    expect(rows[0]).toMatchObject({ direction: 'INCOMING', author: 'UBND tỉnh', kind: 'CONG_VAN', subject: 'Về báo cáo, "quý" IV xuống dòng', confidentiality: 'NONE' });
    const all = await ndjson(await get(`/exports/documents.ndjson?${range}`, keys.registers));
    expect(all).toHaveLength(3);
    expect(JSON.stringify(all)).not.toContain('Nội dung mật');
    expect(JSON.stringify(all)).not.toContain('3/UBND-M');
  });

  it('writes real CSV, read back by Python’s csv module', async () => {
    const response = await get(`/exports/registers/${registers.DEN}.csv?${range}`, keys.registers);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const body = await response.text();
    const parsed = JSON.parse(
      execFileSync('python3', ['-c', 'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read().lstrip("\\ufeff"))))))'], { input: body }).toString(),
    ) as string[][];
    expect(parsed[0]).toEqual(expect.arrayContaining(['Số đến / Số thứ tự', 'Tác giả', 'Số, ký hiệu', 'Trích yếu nội dung']));
    const subject = parsed[0]!.indexOf('Trích yếu nội dung');
    expect(parsed.slice(1).map((row) => row[subject])).toEqual(['Về báo cáo, "quý" IV xuống dòng', `'=HYPERLINK("x")`, 'Văn bản ba']);
  });

  it('gzips when asked', async () => {
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${base()}/exports/documents.ndjson?${range}`, { headers: { authorization: `Bearer ${keys.registers}`, 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(body).toString().trim().split('\n')).toHaveLength(3);
  });

  it('resumes after the cursor of the last row received', async () => {
    const rows = await ndjson(await get(`/exports/documents.ndjson?${range}`, keys.registers));
    const rest = await ndjson(await get(`/exports/documents.ndjson?${range}&after=${rows[0]!.cursor}`, keys.registers));
    expect(rest).toEqual(rows.slice(1));
  });

  it('exports handling records of documents the key may read', async () => {
    const response = await get(`/exports/handling.ndjson?${range}`, keys.registers);
    expect(response.status).toBe(200);
    expect(await ndjson(response)).toEqual([]);
  });
});

describe('refusals', () => {
  it('a classified register, a missing one and another organisation’s answer the same 404 to a key', async () => {
    const classified = await get(`/exports/registers/${registers['DEN-MAT']}.ndjson?${range}`, keys.registers);
    const missing = await get(`/exports/registers/UmVnaXN0ZXI6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw.ndjson?${range}`, keys.registers);
    const other = await get(`/exports/registers/${registers.DEN}.ndjson?${range}`, keys.other);
    expect([classified.status, missing.status, other.status]).toEqual([404, 404, 404]);
    const bodies = [await classified.text(), await missing.text(), await other.text()];
    expect(new Set(bodies).size).toBe(1);
    expect(await ndjson(await get(`/exports/documents.ndjson?${range}`, keys.other))).toEqual([]);
  });

  it('a key without registers:read or a person who keeps no register is 403; no key or a bad one 401', async () => {
    expect((await get(`/exports/documents.csv?${range}`, keys.statistics)).status).toBe(403);
    expect((await get(`/exports/documents.csv?${range}`, people.tokens.specialist)).status).toBe(403);
    expect((await get(`/exports/documents.csv?${range}`)).status).toBe(401);
    expect((await get(`/exports/documents.csv?${range}`, `vk_${'a'.repeat(43)}`)).status).toBe(401);
  });

  it('bad dates, a span over five years or a bad cursor are 400', async () => {
    for (const query of ['from=2026-01-01&to=2025-01-01', 'from=2019-01-01&to=2026-01-01', 'from=x&to=2026-01-01', `${range}&after=nonsense`]) {
      const response = await get(`/exports/documents.ndjson?${query}`, keys.registers);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    }
  });
});

describe('exports for a person', () => {
  it('the confidential clerk exports the confidential register without its subject; the clerk cannot see that register', async () => {
    const rows = await ndjson(await get(`/exports/registers/${registers['DEN-MAT']}.ndjson?${range}`, people.tokens.confidentialClerk));
    expect(rows).toEqual([expect.objectContaining({ numberNotation: '3/UBND-M', subject: null, confidentiality: 'MAT' })]);
    expect((await get(`/exports/registers/${registers['DEN-MAT']}.ndjson?${range}`, people.tokens.clerk)).status).toBe(404);
    const clerk = await ndjson(await get(`/exports/documents.ndjson?${range}`, people.tokens.clerk));
    expect(clerk.map((row) => row.numberNotation).sort()).toEqual(['12/UBND-VP', '13/UBND-VP', '14/UBND-VP']);
  });
});

/** The server's old-generation heap in this test: enough for it to run, far from enough to hold 100,000 rows as objects. */
const HEAP_CAP_MIB = 160;

describe('100,000 rows', () => {
  it('streams them with the server’s memory flat', async () => {
    const em = app.db.orm.em.fork();
    const registerId = fromGlobalId(registers.DEN!)!.id;
    const [{ id: organisationId }] = (await em.execute<{ id: string }[]>('select organisation_id as id from register where id = ?', [registerId])) as [{ id: string }];
    await em.execute(
      `insert into document (id, organisation_id, direction, status, register_id, kind, issuing_organ, issuing_organ_key, issued_on, subject, confidentiality, urgency, channel, entry_text, content_text, created_at, updated_at)
       select gen_random_uuid(), ?, 'INCOMING', 'REGISTERED', ?, 'CONG_VAN', 'UBND huyện', 'ubnd huyen', ?, 'Văn bản số ' || g, 'NONE', 'NORMAL', 'PAPER', '', '', now() - interval '1 hour' + g * interval '1 millisecond', now()
         from generate_series(1, 100000) g`,
      [organisationId, registerId, today],
    );
    // The server in its own process, started as `npm start` starts it: its resident memory is read from /proc.
    // Its heap is capped well under what holding the export would take, so a server that buffered the
    // body would die of it, and garbage is collected before it can pass for growth.
    const instance = await startInstance(app.db.url, { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_CAP_MIB}`.trim() });
    try {
      const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${instance.pid}/status`, 'utf8'))![1]) / 1024;
      // Warm it up (code paths compiled, pool opened) before the baseline.
      await (await fetch(`http://127.0.0.1:${instance.port}/exports/documents.ndjson?${range}`, { headers: { authorization: `Bearer ${keys.registers}` } })).text();
      const baseline = rss();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${instance.port}/exports/registers/${registers.DEN}.ndjson?${range}`, { headers: { authorization: `Bearer ${keys.registers}` } });
      let lines = 0;
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines += 1;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      expect(lines).toBe(100_003);
      const grown = peak - baseline;
      console.log(`export: ${lines} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${seconds.toFixed(2)} s (${Math.round(lines / seconds)} rows/s); server RSS ${baseline.toFixed(0)} MiB, grew at most ${grown.toFixed(1)} MiB`);
      // The body is ~50 MiB; held in memory (with its rows as objects) it would grow the server by several times that.
      expect(bytes).toBeGreaterThan(40 * 1024 * 1024);
      expect(grown).toBeLessThan(50);
    } finally {
      await instance.stop();
    }
  }, 120_000);
});
