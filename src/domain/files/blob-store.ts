import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file bytes are kept, by content hash. Local disk by default (under DATA_DIR); the
 * interface is what an S3-compatible store implements to replace it.
 */
export interface BlobStore {
  /** Takes a complete temporary file whose SHA-256 is known; a second copy of the same bytes is dropped. */
  putFile(sha256: string, temporaryPath: string): Promise<void>;
  read(sha256: string): Promise<Readable>;
}

export class LocalBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async putFile(sha256: string, temporaryPath: string): Promise<void> {
    const target = this.pathOf(sha256);
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      await rm(temporaryPath, { force: true });
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temporaryPath, target);
  }

  async read(sha256: string): Promise<Readable> {
    return createReadStream(this.pathOf(sha256));
  }
}
