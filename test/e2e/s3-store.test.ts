import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// s3rver: an S3-compatible server (real HTTP API) for tests; it ships no types.
// @ts-expect-error no declaration file
import S3rver from 's3rver';
import { blobStoreFromEnvironment, S3BlobStore } from '../../src/areas/files/blob-store.ts';
import { freePort } from '../../src/db/embedded.ts';

/** The S3-compatible blob store against a real S3 API on loopback (s3rver). */
let server: { run(): Promise<unknown>; close(): Promise<void> };
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'vanthu-s3-'));
  const port = await freePort();
  server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'vanthu-files' }] });
  await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

async function temporary(content: string) {
  const file = path.join(directory, `upload-${Math.random()}`);
  await writeFile(file, content);
  return { file, sha256: createHash('sha256').update(content).digest('hex') };
}

describe('S3 blob store', () => {
  const store = () =>
    blobStoreFromEnvironment({ S3_BUCKET: 'vanthu-files', S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' });

  it('is chosen by S3_BUCKET', () => {
    expect(store()).toBeInstanceOf(S3BlobStore);
  });

  it('stores bytes under their hash, reads them back, and removes the temporary file', async () => {
    const { file, sha256 } = await temporary('%PDF-1.4 nội dung thử\n');
    await store().putFile(sha256, file);
    await expect(readFile(file)).rejects.toThrow();
    expect(await text((await store().read(sha256))!)).toBe('%PDF-1.4 nội dung thử\n');
  });

  it('sends identical bytes once', async () => {
    const first = await temporary('cùng nội dung');
    const second = await temporary('cùng nội dung');
    await store().putFile(first.sha256, first.file);
    await store().putFile(second.sha256, second.file);
    await expect(readFile(second.file)).rejects.toThrow();
    expect(await text((await store().read(first.sha256))!)).toBe('cùng nội dung');
  });

  it('reads a missing object as null, so the download can answer before its headers', async () => {
    expect(await store().read('0'.repeat(64))).toBeNull();
  });

  it('refuses a key that is not a SHA-256', async () => {
    await expect(store().read('../../etc/passwd')).rejects.toThrow('not a SHA-256');
  });
});
