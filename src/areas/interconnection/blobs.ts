import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../core/blob-store.ts';

/** Attachments in and out of the blob store, by their SHA-256 as uploaded files are. */
export async function putBytes(store: BlobStore, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const temporary = path.join(os.tmpdir(), `vanthu-edxml-${randomUUID()}`);
  await writeFile(temporary, bytes);
  try {
    await store.putFile(sha256, temporary);
  } finally {
    await rm(temporary, { force: true });
  }
  return sha256;
}

export async function readBytes(store: BlobStore, sha256: string): Promise<Buffer | null> {
  const stream = await store.read(sha256);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
