import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import busboy from 'busboy';
import { canDownload } from '../../core/file-access.ts';
import { answerError as failure, answerJson as json } from '../../core/http-answers.ts';
import type { HttpRoute, ServerParts } from '../../core/module.ts';
import { judgeFile } from './file-kinds.ts';
import { StoredFile } from './stored-file.ts';
import { decodeId, toGlobalId } from '../../core/ids.ts';
import { forkFor } from '../../core/context.ts';
import type { Viewer } from '../../core/viewer.ts';

/**
 * Files over HTTP, on their own endpoint: `POST /files` (multipart/form-data, one part named
 * `file`), streamed to a temporary file while its SHA-256 is computed, the size capped, and the
 * type judged by its bytes; then `GET /files/<id>` under the rules of the records holding it
 * (core/file-access.ts: documents, cabinet items…).
 * Mutations refer to an upload by the id the POST returns.
 */
export const MAX_UPLOAD_BYTES = Number(process.env.MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024);
const SNIFF_BYTES = 4100;

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

/**
 * Streams the one `file` part to disk, hashing and measuring as it goes. Settles on every path,
 * and on every failing one only once its temporary file is closed and removed (issue 22, point 2):
 * a client that cuts the upload off mid-body (the request closes incomplete), a malformed body
 * (busboy's error), a failed write. A cut-off upload left busboy waiting for the rest forever,
 * with the temporary file open.
 */
function receive(request: IncomingMessage): Promise<Received | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 0, parts: 2 } });
    } catch (error) {
      request.resume();
      reject(error);
      return;
    }
    let pending: Promise<Received> | null = null;
    let file: Readable | null = null;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      request.off('close', onRequestClose);
      request.off('error', fail);
      outcome();
    };
    function fail(error: Error) {
      if (settled) return;
      request.unpipe(parser);
      file?.destroy(error);
      parser.destroy();
      // The rest of a body still arriving is read and dropped, so the answer can be sent.
      request.resume();
      void (pending ?? Promise.resolve()).then(
        () => settle(() => reject(error)),
        () => settle(() => reject(error)),
      );
    }
    function onRequestClose() {
      if (!request.complete) fail(new Error('upload cut off before its end'));
    }
    request.on('close', onRequestClose);
    request.on('error', fail);
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || pending) {
        stream.resume();
        return;
      }
      file = stream;
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
      // pipeline settles once every stream is closed, the temporary file's descriptor included.
      pending = pipeline(stream, measure, createWriteStream(temporaryPath)).then(
        () => ({
          temporaryPath,
          sha256: hash.digest('hex'),
          size,
          head: Buffer.concat(headChunks),
          fileName: info.filename || 'tep-dinh-kem',
          truncated: (stream as unknown as { truncated?: boolean }).truncated === true,
        }),
        async (error: unknown) => {
          await rm(temporaryPath, { force: true });
          throw error;
        },
      );
      pending.catch(fail);
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (!pending) return settle(() => resolve(null));
      pending.then(
        (received) => settle(() => resolve(received)),
        (error: Error) => fail(error),
      );
    });
    request.pipe(parser);
  });
}

async function upload(request: IncomingMessage, response: ServerResponse, parts: ServerParts): Promise<void> {
  const viewer = await parts.viewerOf(request, response);
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
    parts.log.info({ reason: error instanceof Error ? error.message : String(error) }, 'malformed upload');
    return failure(response, 400, 'BAD_REQUEST', 'Yêu cầu tải tệp không đúng định dạng.');
  }
  if (!received) return failure(response, 400, 'BAD_REQUEST', 'Không có phần "file" trong yêu cầu.');
  try {
    await keep(received, viewer, response, parts);
  } finally {
    // Gone already when the store took it; otherwise (refused, or the store failed) removed here.
    await rm(received.temporaryPath, { force: true });
  }
}

async function keep(received: Received, viewer: Viewer, response: ServerResponse, { orm, store: blobs }: ServerParts): Promise<void> {
  if (received.truncated) {
    return failure(response, 413, 'FILE_TOO_LARGE', `Tệp vượt quá ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB.`);
  }
  if (received.size === 0) return failure(response, 400, 'EMPTY_FILE', 'Tệp rỗng.');
  const verdict = await judgeFile(received.head, received.fileName);
  if (!verdict.ok) return failure(response, 415, 'FILE_TYPE_REFUSED', verdict.reason);
  // The hash stays locked from storing the bytes to recording them, as the cabinet's purge locks
  // it to remove bytes nothing refers to (folders/trash.ts): no upload points to removed bytes.
  const file = await forkFor(orm, viewer).transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`blob:${received.sha256}`]);
    await blobs.putFile(received.sha256, received.temporaryPath);
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

async function download(request: IncomingMessage, response: ServerResponse, id: string, { orm, store: blobs, viewerOf, log: requestLog }: ServerParts): Promise<void> {
  const viewer = await viewerOf(request, response);
  if (!viewer) return;
  const fileId = decodeId(id, 'StoredFile');
  const em = forkFor(orm, viewer);
  const file = fileId ? await em.findOne(StoredFile, { id: fileId }) : null;
  // Not allowed and not there read the same.
  if (!file || !(await canDownload(em, viewer, file))) return failure(response, 404, 'NOT_FOUND', 'Không tìm thấy.');
  const body = await blobs.read(file.sha256);
  if (!body) {
    // The record is there and may be read, its bytes are not: the store lost them (a restore
    // without FILES_DIR?). Our fault, said before any header, and logged for the operator.
    requestLog.error({ fileId: file.id, sha256: file.sha256 }, 'file bytes missing from the store');
    return failure(response, 500, 'FILE_UNAVAILABLE', 'Không đọc được nội dung tệp; hãy báo quản trị hệ thống.');
  }
  response.writeHead(200, {
    'content-type': file.mediaType,
    'content-length': String(file.size),
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    etag: `"${file.sha256}"`,
  });
  await pipeline(body, response).catch((error: unknown) => {
    // A client that goes away mid-download is no fault of ours; the file is closed either way.
    if (request.destroyed || response.destroyed) return requestLog.info({ reason: String(error) }, 'download cut off');
    throw error;
  });
}

/** Handles /files routes; false when the path is not one of them. */
export const fileRoutes: HttpRoute = async (request, response, { pathname }, parts) => {
  if (pathname === '/files' && request.method === 'POST') {
    await upload(request, response, parts);
    return true;
  }
  const match = /^\/files\/([\w-]+)$/.exec(pathname);
  if (match && (request.method === 'GET' || request.method === 'HEAD')) {
    await download(request, response, match[1] as string, parts);
    return true;
  }
  if (pathname === '/files' || match) {
    request.resume();
    failure(response, 405, 'METHOD_NOT_ALLOWED', 'Phương thức không được hỗ trợ.');
    return true;
  }
  return false;
};
