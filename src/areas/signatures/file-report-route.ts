import type { Readable } from 'node:stream';
import { forkFor } from '../../core/context.ts';
import { canDownload } from '../../core/file-access.ts';
import { answerError, answerJson, notFound } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { StoredFile } from '../files/public.ts';
import { isPdf } from './pdf-update.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures } from './verify.ts';
import { reportJson } from './verify-route.ts';

/**
 * `GET /signatures/files/<StoredFile id>`: the verification report of every signature in a stored
 * file — an incoming document's PDF as registered, or any file the viewer may download (the same
 * rule as GET /files/<id>; anyone else gets 404). A route because the bytes are in the blob store.
 */
async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const fileReportRoute: HttpRoute = async (request, response, url, { orm, store, viewerOf }) => {
  const match = /^\/signatures\/files\/([\w-]+)$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const em = forkFor(orm, viewer);
  const id = decodeId(match[1]!, 'StoredFile');
  const file = id ? await em.findOne(StoredFile, { id }) : null;
  if (!file || !(await canDownload(em, viewer, file))) {
    notFound(response);
    return true;
  }
  const stream = await store.read(file.sha256);
  const bytes = stream ? await bytesOf(stream) : null;
  if (!bytes) {
    answerError(response, 500, 'FILE_UNAVAILABLE', 'Không đọc được nội dung tệp; hãy báo quản trị hệ thống.');
    return true;
  }
  if (!isPdf(bytes)) {
    answerJson(response, 200, { pdf: false, signatures: [] });
    return true;
  }
  answerJson(response, 200, { pdf: true, signatures: verifyPdfSignatures(bytes, await loadTrustStore(em)).map(reportJson) });
  return true;
};
