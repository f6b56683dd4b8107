import { readdirSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Uploads cut off mid-body and files whose bytes are gone (issue 22, points 2 and 3): every abort
 * path closes the temporary file and removes it, and a missing blob is answered before any header.
 * Temporary files go to this file's own TMPDIR, so other test files' uploads are not counted.
 */
let app: TestApp;
let token: string;
let temporary: string;
const previousTmp = process.env.TMPDIR;
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

const descriptors = () => readdirSync('/proc/self/fd').length;
const uploadsLeft = () => readdirSync(temporary).filter((name) => name.startsWith('vanthu-upload-')).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  temporary = await mkdtemp(path.join(os.tmpdir(), 'vanthu-upload-faults-'));
  process.env.TMPDIR = temporary;
  app = await startTestApp();
  token = await app.login(DEMO.clerk);
});
afterAll(async () => {
  await app?.close();
  process.env.TMPDIR = previousTmp;
  if (temporary) await rm(temporary, { recursive: true, force: true });
});

/** Sends `parts` of an upload over a raw socket, then cuts it off (end, destroy or reset). */
async function cutUpload(parts: (string | Buffer)[], cut: 'destroy' | 'reset' | 'half-close') {
  const boundary = 'vanthu-cut';
  const socket = net.connect(app.server.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => {});
  socket.write(
    `POST /files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 1048576\r\n\r\n`,
  );
  for (const part of parts) {
    socket.write(part);
    await sleep(20);
  }
  await sleep(30);
  if (cut === 'reset') socket.resetAndDestroy();
  else if (cut === 'destroy') socket.destroy();
  else socket.end();
  await sleep(10);
  socket.destroy();
}

const PART_HEAD = '--vanthu-cut\r\nContent-Disposition: form-data; name="file"; filename="cat-ngang.pdf"\r\nContent-Type: application/pdf\r\n\r\n';

describe('a cut-off upload', () => {
  it('leaves no descriptor and no temporary file, 20 times over, and uploads still work', async () => {
    // Warm up: the pool's connections and the store's folders are open before counting.
    expect((await app.upload(token, pdf('trước'), 'truoc.pdf')).status).toBe(201);
    const before = descriptors();
    const body = Buffer.concat([Buffer.from(pdf('phần đầu')), Buffer.alloc(64 * 1024, 0x41)]);
    const shapes: [(string | Buffer)[], 'destroy' | 'reset' | 'half-close'][] = [
      [[PART_HEAD, body], 'destroy'],
      [[PART_HEAD, body, body], 'reset'],
      [[PART_HEAD, body], 'half-close'],
      [[PART_HEAD.slice(0, 40)], 'destroy'],
      [[PART_HEAD, body.subarray(0, 100)], 'reset'],
    ];
    for (let n = 0; n < 20; n += 1) {
      const [parts, cut] = shapes[n % shapes.length]!;
      await cutUpload(parts, cut);
    }
    // Settling is asynchronous (the write stream closes, the file is removed): give it a moment.
    for (let wait = 0; wait < 50 && (uploadsLeft() > 0 || descriptors() > before + 2); wait += 1) await sleep(100);
    expect(uploadsLeft()).toBe(0);
    expect(descriptors()).toBeLessThanOrEqual(before + 2);
    expect((await app.upload(token, pdf('sau'), 'sau.pdf')).status).toBe(201);
    expect(uploadsLeft()).toBe(0);
  }, 60_000);

  it('of a malformed body answers 400 and leaves no temporary file', async () => {
    const response = await fetch(`http://127.0.0.1:${app.server.port}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=vanthu-cut' },
      body: `${PART_HEAD}%PDF-1.4 không có ranh giới kết thúc`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('BAD_REQUEST');
    expect(uploadsLeft()).toBe(0);
  });
});

describe('a file whose bytes are missing from the store', () => {
  it('answers 500 FILE_UNAVAILABLE before any header, not 200 and a reset', async () => {
    const uploaded = (await app.upload(token, pdf('sẽ mất'), 'se-mat.pdf')).body;
    const stored = path.join(app.filesDir, uploaded.sha256.slice(0, 2), uploaded.sha256.slice(2, 4), uploaded.sha256);
    await unlink(stored);
    const response = await fetch(`http://127.0.0.1:${app.server.port}${uploaded.downloadUrl}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    expect(((await response.json()) as any).error).toEqual({ code: 'FILE_UNAVAILABLE', message: expect.stringContaining('tệp') });
  });
});
