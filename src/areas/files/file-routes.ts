import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import busboy from 'busboy';
import type { Logger } from 'pino';
import { canDownload } from '../../core/file-access.ts';
import { authenticate } from '../accounts/sign-in.ts';
import type { Viewer } from '../../core/viewer.ts';
import type { BlobStore } from './blob-store.ts';
import { judgeFile } from './file-kinds.ts';
import { StoredFile } from './stored-file.ts';
import { fromGlobalId, toGlobalId } from '../../core/ids.ts';
import { forkFor } from '../../core/context.ts';

/**
 * Files over HTTP, on their own endpoint: `POST /files` (multipart/form-data, one part named
 * `file`), streamed to a temporary file while its SHA-256 is computed, the size capped, and the
 * type judged by its bytes; then `GET /files/<id>` under the rules of the records holding it
 * (core/file-access.ts: documents, cabinet items…).
 * Mutations refer to an upload by the id the POST returns.
 */
export const MAX_UPLOAD_BYTES = Number(process.env.MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024);
const SNIFF_BYTES = 4100;

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function failure(response: ServerResponse, status: number, code: string, message: string): void {
  json(response, status, { error: { code, message } });
}

function bearer(request: IncomingMessage): string | null {
  const match = request.headers.authorization ? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization) : null;
  return match?.[1] ?? null;
}

export function downloadUrl(fileId: string): string {
  return `/files/${toGlobalId('StoredFile', fileId)}`;
}

interface Received {
  temporaryPath: string;
  sha256: string;
  size: number;
  head: Buffer;
  fileName: string;
  truncated: boolean;
}

/** Streams the one `file` part to disk, hashing and measuring as it goes. */
function receive(request: IncomingMessage): Promise<Received | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 0, parts: 2 } });
    } catch (error) {
      reject(error);
      return;
    }
    let pending: Promise<Received> | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || pending) {
        stream.resume();
        return;
      }
      const temporaryPath = path.join(os.tmpdir(), `vanthu-upload-${randomUUID()}`);
      const hash = createHash('sha256');
      const headChunks: Buffer[] = [];
      let size = 0;
      let headSize = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          if (headSize < SNIFF_BYTES) {
            headChunks.push(chunk.subarray(0, SNIFF_BYTES - headSize));
            headSize += Math.min(chunk.length, SNIFF_BYTES - headSize);
          }
          done(null, chunk);
        },
      });
      pending = pipeline(stream, measure, createWriteStream(temporaryPath)).then(() => ({
        temporaryPath,
        sha256: hash.digest('hex'),
        size,
        head: Buffer.concat(headChunks),
        fileName: info.filename || 'tep-dinh-kem',
        truncated: (stream as unknown as { truncated?: boolean }).truncated === true,
      }));
      pending.catch(() => rm(temporaryPath, { force: true }));
    });
    parser.on('error', reject);
    parser.on('close', () => (pending ? pending.then(resolve, reject) : resolve(null)));
    request.pipe(parser);
  });
}

export function createFileRoutes(options: { orm: MikroORM; store: BlobStore; log: Logger }) {
  const { orm, store, log } = options;

  async function viewerOf(request: IncomingMessage, response: ServerResponse): Promise<Viewer | null> {
    const authentication = await authenticate(orm.em.fork(), bearer(request));
    if (!authentication.viewer) {
      failure(response, 401, 'UNAUTHENTICATED', 'Chưa đăng nhập hoặc phiên đã hết hạn.');
      return null;
    }
    if (authentication.viewer.mustChangePassword) {
      failure(response, 403, 'FORBIDDEN', 'Phải đổi mật khẩu được cấp trước khi sử dụng hệ thống.');
      return null;
    }
    return authentication.viewer;
  }

  async function upload(request: IncomingMessage, response: ServerResponse, requestLog: Logger): Promise<void> {
    const viewer = await viewerOf(request, response);
    if (!viewer) {
      request.resume();
      return;
    }
    if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
      request.resume();
      return failure(response, 400, 'BAD_REQUEST', 'Gửi tệp dạng multipart/form-data, phần tên "file".');
    }
    let received: Received | null;
    try {
      received = await receive(request);
    } catch (error) {
      requestLog.info({ reason: error instanceof Error ? error.message : String(error) }, 'malformed upload');
      return failure(response, 400, 'BAD_REQUEST', 'Yêu cầu tải tệp không đúng định dạng.');
    }
    if (!received) return failure(response, 400, 'BAD_REQUEST', 'Không có phần "file" trong yêu cầu.');
    if (received.truncated) {
      await rm(received.temporaryPath, { force: true });
      return failure(response, 413, 'FILE_TOO_LARGE', `Tệp vượt quá ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB.`);
    }
    if (received.size === 0) {
      await rm(received.temporaryPath, { force: true });
      return failure(response, 400, 'EMPTY_FILE', 'Tệp rỗng.');
    }
    const verdict = await judgeFile(received.head, received.fileName);
    if (!verdict.ok) {
      await rm(received.temporaryPath, { force: true });
      return failure(response, 415, 'FILE_TYPE_REFUSED', verdict.reason);
    }
    // The hash stays locked from storing the bytes to recording them, as the cabinet's purge locks
    // it to remove bytes nothing refers to (folders/trash.ts): no upload points to removed bytes.
    const file = await forkFor(orm, viewer).transactional(async (em) => {
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`blob:${received.sha256}`]);
      await store.putFile(received.sha256, received.temporaryPath);
      const stored = em.create(StoredFile, {
        organisation: viewer.organisationId,
        sha256: received.sha256,
        size: received.size,
        mediaType: verdict.mediaType,
        fileName: received.fileName.slice(0, 255),
        uploadedBy: viewer.accountId,
      });
      await em.flush();
      return stored;
    });
    json(response, 201, {
      id: toGlobalId('StoredFile', file.id),
      fileName: file.fileName,
      mediaType: file.mediaType,
      size: file.size,
      sha256: file.sha256,
      downloadUrl: downloadUrl(file.id),
    });
  }

  async function download(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const viewer = await viewerOf(request, response);
    if (!viewer) return;
    const decoded = fromGlobalId(id);
    const em = forkFor(orm, viewer);
    const file = decoded?.type === 'StoredFile' ? await em.findOne(StoredFile, { id: decoded.id }) : null;
    // Not allowed and not there read the same.
    if (!file || !(await canDownload(em, viewer, file))) return failure(response, 404, 'NOT_FOUND', 'Không tìm thấy.');
    const body = await store.read(file.sha256);
    response.writeHead(200, {
      'content-type': file.mediaType,
      'content-length': String(file.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      etag: `"${file.sha256}"`,
    });
    await pipeline(body, response);
  }

  /** Handles /files routes; false when the path is not one of them. */
  return async (request: IncomingMessage, response: ServerResponse, pathname: string, requestLog: Logger): Promise<boolean> => {
    if (pathname === '/files' && request.method === 'POST') {
      await upload(request, response, requestLog);
      return true;
    }
    const match = /^\/files\/([\w-]+)$/.exec(pathname);
    if (match && (request.method === 'GET' || request.method === 'HEAD')) {
      await download(request, response, match[1] as string);
      return true;
    }
    if (pathname === '/files' || match) {
      request.resume();
      failure(response, 405, 'METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ.');
      return true;
    }
    void log;
    return false;
  };
}
