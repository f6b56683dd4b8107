import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentEntity } from '../documents/public.ts';
import { WorkFileDocument, type WorkFileDocumentEntity } from './work-file.ts';

/**
 * What a work file holds for one reader: only the documents that reader may see, in the file's
 * order, in one query for any number of files. Every path (GraphQL, counts, exports) reads
 * through here, so none of them can show more than the others.
 */
export async function visibleLinks(
  em: EntityManager,
  workFileIds: readonly string[],
  visibleDocuments: FilterQuery<DocumentEntity>,
): Promise<WorkFileDocumentEntity[]> {
  if (workFileIds.length === 0) return [];
  return em.find(
    WorkFileDocument,
    { workFile: { $in: [...workFileIds] }, document: visibleDocuments } as FilterQuery<WorkFileDocumentEntity>,
    { populate: ['document'], orderBy: { ordinal: 'asc', addedAt: 'asc', id: 'asc' } },
  );
}

interface WorkFileTotals {
  documentCount: number;
  pageCount: number;
}

/**
 * Tổng số văn bản and tổng số trang as the reader sees them: the documents they may see, and the
 * pages of those whose content they may read (the page count is sealed like the subject).
 */
export function totalsOf(documents: readonly DocumentEntity[], canReadContent: (document: DocumentEntity) => boolean): WorkFileTotals {
  let pageCount = 0;
  for (const document of documents) if (canReadContent(document)) pageCount += document.pageCount ?? 0;
  return { documentCount: documents.length, pageCount };
}
