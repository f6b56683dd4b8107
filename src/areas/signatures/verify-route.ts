import type { IncomingMessage } from 'node:http';
import { answerError, answerJson } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import { forkFor } from '../../core/context.ts';
import { isPdf } from './pdf-update.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures, type SignatureReport } from './verify.ts';

/**
 * `POST /verify` with a PDF as the body (`content-type: application/pdf`): the verification
 * report of every signature in it, for anyone signed in to an organisation. Nothing is kept.
 */
const MAX_BYTES = Number(process.env.MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024);

class TooLarge extends Error {}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function reportJson(report: SignatureReport) {
  return { ...report, signedAt: report.signedAt?.toISOString() ?? null };
}

export const verifyRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  if (url.pathname !== '/verify' || request.method !== 'POST') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  let bytes: Buffer;
  try {
    bytes = await bodyOf(request);
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    answerError(response, 413, 'BAD_USER_INPUT', 'Tệp quá lớn.', 'TOO_LARGE');
    return true;
  }
  if (!isPdf(bytes)) {
    answerError(response, 400, 'BAD_USER_INPUT', 'Tệp gửi lên không phải PDF.', 'NOT_A_PDF');
    return true;
  }
  const trust = await loadTrustStore(forkFor(orm, viewer));
  const signatures = verifyPdfSignatures(bytes, trust).map(reportJson);
  answerJson(response, 200, { signatures });
  return true;
};
