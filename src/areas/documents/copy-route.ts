import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServerResponse } from 'node:http';
import { forkFor } from '../../core/context.ts';
import { answerError as failure, notFound, sendAttachment } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { Organisation } from '../../core/organisation.ts';
import type { Viewer } from '../../core/viewer.ts';
import { circulationLabel } from './circulation.ts';
import { DocumentCopy } from './copy.ts';
import { copyFormBlock } from './copy-form.ts';
import { copyPdf } from './copy-pdf.ts';
import { documentCopyPolicy } from './copy-policy.ts';
import type { DocumentEntity } from './document.ts';
import { canReadContent } from './document-policy.ts';
import { confidentialityMark, documentKind } from './kinds.ts';
import { numberNotationOf } from './notation.ts';
import { recordViews } from './views.ts';

/**
 * `GET /document-copies/<id>.pdf` (bearer token): a copy printed with its form's marks, under its
 * original's rules: 404 for a copy one may not see (as for one that does not exist), 403 for one
 * whose content one may not read; the print is a read of the original, kept in its access history.
 */
async function copyExport(em: EntityManager, viewer: Viewer, response: ServerResponse, id: string): Promise<void> {
  const copyId = decodeId(id, 'DocumentCopy');
  const copy = copyId ? await em.findOne(DocumentCopy, { id: copyId }, { populate: ['original'] }) : null;
  if (!copy || !documentCopyPolicy.canSee(viewer, copy)) return notFound(response);
  const original = copy.original.getEntity() as DocumentEntity;
  if (!canReadContent(viewer, original)) return failure(response, 403, 'FORBIDDEN', 'Chỉ người được giao xử lý và lãnh đạo được xem nội dung văn bản mật.');
  const organisation = await em.findOneOrFail(Organisation, { id: viewer.organisationId });
  const body = await copyPdf(
    {
      numberNotation: copy.numberNotation,
      block: copyFormBlock(copy, organisation.name),
      marks: [confidentialityMark(original.confidentiality), circulationLabel(original.circulationMark)].filter((mark): mark is string => mark !== null && mark !== undefined),
      original: { numberNotation: numberNotationOf(original), issuingOrgan: original.issuingOrgan, issuedOn: original.issuedOn, kind: documentKind(original.kind)?.name ?? original.kind, subject: original.subject },
      part: copy.part ?? null,
    },
    new Date(),
  );
  await em.transactional((tx) => recordViews(tx, viewer, [{ document: original, contentRead: true }], { via: 'copy_export', copyId: copy.id }));
  sendAttachment(response, 'application/pdf', `ban-sao-${copy.numberNotation.replace(/[^\w-]+/g, '-').toLowerCase()}.pdf`, body);
}

export const copyRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const match = /^\/document-copies\/([\w-]+)\.pdf$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (viewer) await copyExport(forkFor(orm, viewer), viewer, response, match[1] as string);
  return true;
};
