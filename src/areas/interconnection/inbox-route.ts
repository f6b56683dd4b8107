import type { IncomingMessage } from 'node:http';
import type { HttpRoute } from '../../core/module.ts';
import { answerError, answerJson } from '../../core/http-answers.ts';
import { DEFAULT_LIMITS, EdxmlRefusal } from './edxml-reader.ts';
import { isOrganId } from './edxml-format.ts';
import { organisationOfOrganId, receiveMessage } from './inbox.ts';
import { ExternalOrgan } from './interconnection.ts';
import { HEADERS, signatureMatches } from './transport.ts';

/**
 * `POST /interconnection/edxml`: where a direct peer delivers its edXML messages. The peer is
 * believed only by the key this organisation shares with it (the HMAC of sender, receiver and
 * body); an unknown receiver, an unknown peer and a bad signature all answer 401 alike. The body
 * is read up to INTERCONNECTION_MAX_BYTES and no further (413). A refused message answers 400 with
 * its reason, and nothing of it is kept.
 */
export const INTERCONNECTION_MAX_BYTES = Number(process.env.INTERCONNECTION_MAX_BYTES ?? DEFAULT_LIMITS.maxBytes);

async function bodyOf(request: IncomingMessage, max: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export const inboxRoute: HttpRoute = async (request, response, url, parts) => {
  if (url.pathname !== '/interconnection/edxml') return false;
  if (request.method !== 'POST') {
    answerError(response, 405, 'METHOD_NOT_ALLOWED', 'Chỉ nhận POST.');
    return true;
  }
  const from = String(request.headers[HEADERS.from] ?? '');
  const to = String(request.headers[HEADERS.to] ?? '');
  const signature = String(request.headers[HEADERS.signature] ?? '');
  const unauthenticated = () => answerError(response, 401, 'UNAUTHENTICATED', 'Bên kết nối không được xác thực.');
  const em = parts.orm.em.fork();
  const organisationId = isOrganId(to) && isOrganId(from) ? await organisationOfOrganId(em, to) : null;
  const peer = organisationId ? await em.findOne(ExternalOrgan, { organisation: organisationId, organId: from }, { filters: false, populate: ['sharedKey'] }) : null;
  if (!organisationId || !peer?.sharedKey) {
    request.resume();
    unauthenticated();
    return true;
  }
  const body = await bodyOf(request, INTERCONNECTION_MAX_BYTES);
  if (!body) {
    answerError(response, 413, 'TOO_LARGE', `Thông điệp vượt quá ${INTERCONNECTION_MAX_BYTES} byte.`);
    request.resume();
    return true;
  }
  if (!signatureMatches(peer.sharedKey, from, to, body, signature)) {
    unauthenticated();
    return true;
  }
  try {
    const received = await receiveMessage(parts, { organisationId, organId: to, peer, body }, { ...DEFAULT_LIMITS, maxBytes: INTERCONNECTION_MAX_BYTES });
    answerJson(response, 200, { accepted: true, ...received });
  } catch (error) {
    if (!(error instanceof EdxmlRefusal)) throw error;
    answerError(response, 400, 'BAD_USER_INPUT', error.message, error.code);
  }
  return true;
};
