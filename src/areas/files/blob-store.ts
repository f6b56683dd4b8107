import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../../core/blob-store.ts';

export type { BlobStore } from '../../core/blob-store.ts';

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

  async read(sha256: string): Promise<Readable | null> {
    // Opened here, not lazily by the stream: a missing file was found only after the 200 was sent.
    const handle = await open(this.pathOf(sha256), 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return handle ? handle.createReadStream() : null;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph…), chosen with S3_BUCKET; objects are keyed by hash,
 * so a second upload of the same bytes is not sent again.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: { bucket: string; endpoint?: string | undefined; region?: string | undefined; accessKeyId?: string | undefined; secretAccessKey?: string | undefined; forcePathStyle?: boolean }) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      // The SDK's default streaming checksums (aws-chunked trailers) are not understood by every
      // S3-compatible server; checksums only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  private key(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return `files/${sha256.slice(0, 2)}/${sha256}`;
  }

  async putFile(sha256: string, temporaryPath: string): Promise<void> {
    try {
      const exists = await this.client
        .send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }))
        .then(() => true)
        .catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return false;
          throw error;
        });
      if (!exists) {
        const { size } = await stat(temporaryPath);
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: this.key(sha256), Body: createReadStream(temporaryPath), ContentLength: size }),
        );
      }
    } finally {
      await rm(temporaryPath, { force: true });
    }
  }

  async read(sha256: string): Promise<Readable | null> {
    const object = await this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }))
      .catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        if (error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404) return null;
        throw error;
      });
    return object ? (object.Body as Readable) : null;
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
  }
}

/** S3 when S3_BUCKET is set, else local disk under FILES_DIR (default data/files). */
export function blobStoreFromEnvironment(environment: NodeJS.ProcessEnv = process.env): BlobStore {
  if (environment.S3_BUCKET) {
    return new S3BlobStore({
      bucket: environment.S3_BUCKET,
      endpoint: environment.S3_ENDPOINT,
      region: environment.S3_REGION,
      accessKeyId: environment.S3_ACCESS_KEY_ID,
      secretAccessKey: environment.S3_SECRET_ACCESS_KEY,
      forcePathStyle: environment.S3_FORCE_PATH_STYLE === 'true' || Boolean(environment.S3_ENDPOINT),
    });
  }
  return new LocalBlobStore(environment.FILES_DIR ?? 'data/files');
}
