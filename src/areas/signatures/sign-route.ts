import type { IncomingMessage } from 'node:http';
import { actorOf } from '../../core/actor-of.ts';
import { forkFor } from '../../core/context.ts';
import { answerError, answerJson } from '../../core/http-answers.ts';
import { decodeId, toGlobalId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { Rejection } from '../../core/user-error.ts';
import { completeApproverSignature, prepareApproverSignature, signAsApprover } from './document-signing-service.ts';
import type { DocumentSignatureEntity } from './document-signature.ts';
import { keyProtectorFromEnvironment } from './key-protector.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Two ways for the approver to sign (issue 16 point 4): `POST /signatures/prepare` (same body)
 * for a key on a token answers `{ preparationId, signedAttributes, digest }` (base64: the DER
 * signed attributes the token signs with RSA/SHA-256, and their SHA-256 for a token that signs a
 * digest); `POST /signatures/complete` `{ preparationId, documentId, signature }` embeds the value
 * once it is the certificate's signature of exactly what was prepared.
 *
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

const signatureJson = (signature: DocumentSignatureEntity) => ({
  id: signature.id,
  documentId: toGlobalId('Document', signature.document.id),
  role: signature.role,
  signedAt: signature.signedAt.toISOString(),
  sha256: signature.sha256,
  onBehalfOf: signature.onBehalfOf ? toGlobalId('Account', signature.onBehalfOf.id) : null,
});

type Step = 'sign' | 'prepare' | 'complete';

export const signRoute: HttpRoute = async (request, response, url, { orm, viewerOf, store }) => {
  const step = /^\/signatures\/(sign|prepare|complete)$/.exec(url.pathname)?.[1] as Step | undefined;
  if (!step || request.method !== 'POST') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const body = await jsonOf(request);
  if (!body) {
    answerError(response, 400, 'BAD_USER_INPUT', 'Nội dung yêu cầu phải là JSON.');
    return true;
  }
  const documentId = typeof body.documentId === 'string' ? decodeId(body.documentId, 'Document') : null;
  const preparationId = typeof body.preparationId === 'string' && UUID.test(body.preparationId) ? body.preparationId : null;
  const number = (key: string) => (typeof body[key] === 'number' ? (body[key] as number) : Number.NaN);
  const place = () => ({ documentId: documentId!, page: number('page'), x: number('x'), y: number('y'), width: number('width'), height: number('height') });
  const actor = actorOf(viewer, null);
  const now = new Date();
  try {
    if (!documentId) throw new Rejection([{ field: ['input', 'documentId'], code: 'NOT_FOUND', message: 'Không tìm thấy văn bản.' }]);
    const answer = await forkFor(orm, viewer).transactional(async (em) => {
      if (step === 'sign') return { signature: signatureJson(await signAsApprover(em, actor, viewer, store, keyProtectorFromEnvironment(), place(), now)) };
      if (step === 'prepare') {
        const { preparation, signedAttributesDer, digest } = await prepareApproverSignature(em, actor, viewer, store, place(), now);
        return { preparationId: preparation.id, signedAttributes: signedAttributesDer.toString('base64'), digest: digest.toString('base64'), algorithm: 'RSA PKCS#1 v1.5 with SHA-256 over signedAttributes', expiresAt: preparation.expiresAt.toISOString() };
      }
      if (!preparationId) throw new Rejection([{ field: ['input', 'preparationId'], code: 'NOT_FOUND', message: 'Không tìm thấy yêu cầu ký (hoặc đã quá hạn).' }]);
      const signature = typeof body.signature === 'string' ? Buffer.from(body.signature, 'base64') : Buffer.alloc(0);
      return { signature: signatureJson(await completeApproverSignature(em, actor, { preparationId, documentId, signature }, now)) };
    });
    answerJson(response, 200, { ...answer, userErrors: [] });
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    answerJson(response, 200, { userErrors: error.errors });
  }
  return true;
};
