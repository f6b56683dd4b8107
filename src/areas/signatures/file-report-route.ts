import { forkFor } from '../../core/context.ts';
import { answerError, answerJson, notFound } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { fileReport, FileUnavailable } from './file-report.ts';
import { reportJson } from './verify-route.ts';

/**
 * `GET /signatures/files/<StoredFile id>`: the verification report of every signature in a stored
 * file — an incoming document's PDF as registered, or any file the viewer may download; anyone
 * else gets 404. The `verifySignatures` query answers the same report (file-report.ts).
 */
export const fileReportRoute: HttpRoute = async (request, response, url, { orm, store, viewerOf }) => {
  const match = /^\/signatures\/files\/([\w-]+)$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  try {
    const report = await fileReport(forkFor(orm, viewer), store, viewer, decodeId(match[1]!, 'StoredFile'));
    if (!report) notFound(response);
    else answerJson(response, 200, { pdf: report.pdf, signatures: report.signatures.map(reportJson) });
  } catch (error) {
    if (!(error instanceof FileUnavailable)) throw error;
    answerError(response, 500, 'FILE_UNAVAILABLE', 'Không đọc được nội dung tệp; hãy báo quản trị hệ thống.');
  }
  return true;
};
