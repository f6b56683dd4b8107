import { forkFor } from '../../core/context.ts';
import { notFound, sendAttachment } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { canReadContent, Document } from '../documents/public.ts';
import { DocumentSignature } from './document-signature.ts';

/**
 * `GET /signatures/documents/<id>.pdf`: the signed main file of a document as it stands (the
 * agency's signature over the leader's once issued), for whoever may read the document's content;
 * anyone else gets 404, like a document with no signed file.
 */
export const signedFileRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const match = /^\/signatures\/documents\/([\w-]+)\.pdf$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const em = forkFor(orm, viewer);
  const id = decodeId(match[1]!, 'Document');
  const document = id ? await em.findOne(Document, { id }) : null;
  const signatures = document && canReadContent(viewer, document) ? await em.find(DocumentSignature, { document: document.id }) : [];
  const latest = signatures.find((signature) => signature.role === 'AGENCY') ?? signatures[0];
  if (!latest) {
    notFound(response);
    return true;
  }
  sendAttachment(response, 'application/pdf', `van-ban-ky-so-${match[1]}.pdf`, Buffer.from(latest.pdf));
  return true;
};
