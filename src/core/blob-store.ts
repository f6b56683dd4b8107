import type { Readable } from 'node:stream';

/**
 * Where file bytes are kept, by content hash (the files area implements it: local disk or an
 * S3-compatible bucket). In the core so that any area's routes and jobs can be handed one.
 */
export interface BlobStore {
  /** Takes a complete temporary file whose SHA-256 is known; a second copy of the same bytes is dropped. */
  putFile(sha256: string, temporaryPath: string): Promise<void>;
  /** The bytes, opened before any answer is sent; null when they are missing from the store. */
  read(sha256: string): Promise<Readable | null>;
  /** Removes the bytes (once no stored file has their hash); nothing happens when they are not there. */
  remove(sha256: string): Promise<void>;
}
