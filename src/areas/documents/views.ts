import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudits } from '../../core/audit/trail.ts';
import { DocumentView, type DocumentEntity } from './document.ts';
import { isClassified } from './kinds.ts';

export interface DocumentViewRecord {
  document: DocumentEntity;
  /** Whether the reader saw its content (subject, files…) and not only its register entry. */
  contentRead: boolean;
}

/**
 * Access history (Decree 30 Appendix VI): one view per document read, whichever way it was read (by
 * id, in a work file's export). A read of a classified document's content also goes on the audit
 * trail (DESIGN: confidential records).
 */
export async function recordViews(
  em: EntityManager,
  reader: { organisationId: string; accountId: string },
  views: readonly DocumentViewRecord[],
  details: Record<string, unknown> = {},
): Promise<void> {
  for (const { document, contentRead } of views) {
    em.create(DocumentView, { organisation: reader.organisationId, document: document.id, account: reader.accountId, contentRead });
  }
  await em.flush();
  await appendAudits(
    em,
    views
      .filter(({ document, contentRead }) => contentRead && isClassified(document.confidentiality))
      .map(({ document }) => ({
        organisationId: reader.organisationId,
        action: 'document.content_read',
        actorId: reader.accountId,
        target: { type: 'Document', id: document.id },
        details: { confidentiality: document.confidentiality, ...details },
      })),
  );
}
