import type { IncomingMessage } from 'node:http';
import { actorOf } from '../../core/actor-of.ts';
import { forkFor } from '../../core/context.ts';
import { answerError, answerJson } from '../../core/http-answers.ts';
import { decodeId, toGlobalId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { Rejection } from '../../core/user-error.ts';
import { signAsApprover } from './document-signing-service.ts';
import { keyProtectorFromEnvironment } from './key-protector.ts';

/**
 * `POST /signatures/sign` `{ documentId, page, x, y, width, height }`: the approving leader signs
 * the main file of an approved outgoing document with the key Vanthu holds for them. A route
 * beside /graphql because it reads the file's bytes from the blob store, which routes are handed;
 * it answers like a mutation, `{ signature, userErrors }`, in one transaction.
 */
async function jsonOf(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) return null;
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const signRoute: HttpRoute = async (request, response, url, { orm, viewerOf, store }) => {
  if (url.pathname !== '/signatures/sign' || request.method !== 'POST') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const body = await jsonOf(request);
  if (!body) {
    answerError(response, 400, 'BAD_USER_INPUT', 'Nội dung yêu cầu phải là JSON.');
    return true;
  }
  const documentId = typeof body.documentId === 'string' ? decodeId(body.documentId, 'Document') : null;
  if (!documentId) {
    answerJson(response, 200, { signature: null, userErrors: [{ field: ['input', 'documentId'], code: 'NOT_FOUND', message: 'Không tìm thấy văn bản.' }] });
    return true;
  }
  const number = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : Number.NaN);
  const em = forkFor(orm, viewer);
  try {
    const signature = await em.transactional((tx) =>
      signAsApprover(tx, actorOf(viewer, null), viewer, store, keyProtectorFromEnvironment(), { documentId, page: number('page'), x: number('x'), y: number('y'), width: number('width'), height: number('height') }, new Date()),
    );
    answerJson(response, 200, {
      signature: { id: signature.id, documentId: toGlobalId('Document', documentId), role: signature.role, signedAt: signature.signedAt.toISOString(), sha256: signature.sha256, onBehalfOf: signature.onBehalfOf ? toGlobalId('Account', signature.onBehalfOf.id) : null },
      userErrors: [],
    });
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    answerJson(response, 200, { signature: null, userErrors: error.errors });
  }
  return true;
};
