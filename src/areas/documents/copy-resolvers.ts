import type { FilterQuery } from '@mikro-orm/core';
import { paginate } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, toGlobalId } from '../../core/ids.ts';
import { createOnce } from '../../core/mutate.ts';
import { Organisation } from '../../core/organisation.ts';
import { containsPattern } from '../../core/text.ts';
import type { DocumentCopyFilter, Resolvers } from '../../generated/graphql.ts';
import { COPY_FORM_DEFINITIONS, DocumentCopy, type DocumentCopyEntity } from './copy.ts';
import { documentCopyPolicy } from './copy-policy.ts';
import { copyFormBlock, copyFormText } from './copy-form.ts';
import { makeCopy } from './copy-service.ts';
import type { DocumentEntity } from './document.ts';
import { canReadContent, contentReadable } from './document-policy.ts';
import { formatRegisterNumber } from './notation.ts';
import { currentVersions, sealed } from './resolvers.ts';
import { searchConditions } from './search-words.ts';

/** Copies (sao y, trích sao, sao lục): made by the clerk, read under their original's rules. */

/** The copy's original, as the viewer sees it: a visible copy's original is visible. */
async function originalOf(context: Context, copy: DocumentCopyEntity): Promise<DocumentEntity> {
  const original = await context.loaders.document.load(copy.original.id);
  if (!original) throw notFound();
  return original;
}

/** A sealed field of a copy: the original's content rule, and a read of a classified one recorded on it. */
async function sealedCopy<T>(context: Context, copy: DocumentCopyEntity, value: () => T | Promise<T>): Promise<T> {
  return sealed(context, await originalOf(context, copy), value);
}

function copyFilter(context: Context, filter: DocumentCopyFilter | null | undefined): FilterQuery<DocumentCopyEntity> {
  const viewer = viewerOf(context);
  const conditions: object[] = [];
  if (filter?.documentId != null) conditions.push({ original: idOf(filter.documentId, 'Document', ['filter', 'documentId']) });
  if (filter?.form) conditions.push({ form: filter.form });
  if (filter?.search?.trim()) {
    const words = searchConditions(filter.search, viewer.organisationId, contentReadable(viewer));
    const own = { numberNotation: { $ilike: containsPattern(filter.search.trim()) } };
    conditions.push(words.length > 0 ? { $or: [own, { original: { $and: words } }] } : own);
  }
  return { $and: conditions } as FilterQuery<DocumentCopyEntity>;
}

/** The copy form's block as text (copy-form.ts). */
async function formBlock(context: Context, copy: DocumentCopyEntity): Promise<string> {
  const organisation = await context.em.findOneOrFail(Organisation, { id: copy.organisation.id });
  return copyFormText(copyFormBlock(copy, organisation.name));
}

export const copyResolvers: Resolvers = {
  Query: {
    documentCopies: (_, args, context, info) =>
      paginate(context.em, DocumentCopy, { $and: [documentCopyPolicy.visible(viewerOf(context)), copyFilter(context, args.filter)] } as never, { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    makeDocumentCopy: (_, { input }, context) =>
      createOnce(context, 'makeDocumentCopy', input.idempotencyKey, 'copy', context.loaders.documentCopy, (em, actor) =>
        makeCopy(em, actor, {
          documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
          form: input.form,
          part: input.part ?? null,
          signerPosition: input.signerPosition ?? null,
          signerName: input.signerName ?? null,
          recipients: input.recipients ?? null,
        }),
      ),
  },
  Document: {
    copies: (document, _, context) => context.loaders.documentCopiesOf.load(document.id),
  },
  DocumentCopy: {
    id: (copy) => toGlobalId('DocumentCopy', copy.id),
    formMark: (copy) => COPY_FORM_DEFINITIONS[copy.form].mark,
    pdfUrl: (copy) => `/document-copies/${toGlobalId('DocumentCopy', copy.id)}.pdf`,
    number: (copy) => formatRegisterNumber(copy.number),
    circulationMark: async (copy, _, context) => (await originalOf(context, copy)).circulationMark ?? null,
    original: (copy, _, context) => originalOf(context, copy),
    part: (copy, _, context) => sealedCopy(context, copy, () => copy.part ?? null),
    signerPosition: (copy, _, context) => sealedCopy(context, copy, () => copy.signerPosition ?? null),
    signerName: (copy, _, context) => sealedCopy(context, copy, () => copy.signerName ?? null),
    recipients: (copy, _, context) => sealedCopy(context, copy, () => copy.recipients ?? null),
    madeBy: (copy, _, context) => context.loaders.account.load(copy.madeBy.id),
    viewerCanReadContent: async (copy, _, context) => canReadContent(viewerOf(context), await originalOf(context, copy)),
    formBlock: (copy, _, context) => sealedCopy(context, copy, () => formBlock(context, copy)),
    files: (copy, _, context) =>
      sealedCopy(context, copy, async () => (copy.form === 'TRICH_SAO' ? [] : currentVersions(await context.loaders.documentFiles.load(copy.original.id)))),
  },
};
