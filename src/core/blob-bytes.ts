import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from './blob-store.ts';

/**
 * Bytes held in memory (a mail's raw message, an edXML attachment) kept in the blob store by their
 * SHA-256, as uploaded files are; returns the hash. The store takes files, so they pass through a
 * temporary one.
 */
export async function putBytes(store: BlobStore, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const temporary = path.join(os.tmpdir(), `vanthu-bytes-${randomUUID()}`);
  await writeFile(temporary, bytes);
  try {
    await store.putFile(sha256, temporary);
  } finally {
    await rm(temporary, { force: true });
  }
  return sha256;
}

/** The bytes kept under a hash, or null when they are missing. */
export async function readBytes(store: BlobStore, sha256: string): Promise<Buffer | null> {
  const stream = await store.read(sha256);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
