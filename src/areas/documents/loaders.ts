import DataLoader from 'dataloader';
import { childrenOf, visibleById, visibleRowsById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { StoredFile, type StoredFileEntity } from '../files/public.ts';
import { deliveriesOf, type DeliveryRow } from './delivery-status.ts';
import { Document, DocumentComment, DocumentVersion, type DocumentCommentEntity, type DocumentEntity, type DocumentVersionEntity } from './document.ts';
import { DocumentFile, type DocumentFileEntity } from './document-file.ts';
import { documentPolicy } from './document-policy.ts';
import { canDownload } from '../../core/file-access.ts';
import { Register, type RegisterEntity } from './register.ts';
import { registerPolicy } from './register-policy.ts';
import { recordViews } from './views.ts';
import { DocumentCopy, type DocumentCopyEntity } from './copy.ts';
import { documentCopyPolicy } from './copy-policy.ts';
import { DocumentPaperDelivery, type DocumentPaperDeliveryEntity } from './paper-delivery.ts';

export const documentLoaders = {
  register: visibleById<RegisterEntity>(Register, registerPolicy),
  document: visibleRowsById<DocumentEntity>(Document, documentPolicy),
  documentCopy: visibleById<DocumentCopyEntity>(DocumentCopy, documentCopyPolicy),
  /** The copies of each document (for a document its caller may see: so may they its copies). */
  documentCopiesOf: childrenOf<DocumentCopyEntity>(DocumentCopy, 'original', { createdAt: 'asc', id: 'asc' }),
  /** The paper deliveries of each document, oldest first (for a document already checked). */
  documentPaperDeliveries: childrenOf<DocumentPaperDeliveryEntity>(DocumentPaperDelivery, 'document', { deliveredAt: 'asc', id: 'asc' }),
  /** Files by id, each checked against the documents it belongs to (node(id) only: rare). */
  storedFile: ({ em, viewer }: Scope) =>
    new DataLoader<string, StoredFileEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const files = await em.find(StoredFile, { id: { $in: [...ids] }, organisation: viewer.organisationId });
      const allowed = await Promise.all(files.map(async (file) => ((await canDownload(em, viewer, file)) ? file : null)));
      const byId = new Map(allowed.filter((file) => file !== null).map((file) => [file.id, file]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  /** How each sent document stands at its receivers (read across organisations: see delivery-status.ts). */
  documentDeliveries: ({ em }: Scope) =>
    new DataLoader<string, DeliveryRow[]>(async (documentIds) => {
      const rows = await deliveriesOf(em, documentIds);
      return documentIds.map((id) => rows.filter((row) => row.sourceDocumentId === id));
    }),
  /** Steps with comments of each document, oldest first. */
  documentComments: childrenOf<DocumentCommentEntity>(DocumentComment, 'document', { at: 'asc', id: 'asc' }),
  documentVersions: childrenOf<DocumentVersionEntity>(DocumentVersion, 'document', { version: 'asc' }),
  /** Visible outgoing documents that answer each document (the reply link read backwards). */
  documentReplies: ({ em, viewer }: Scope) =>
    new DataLoader<string, DocumentEntity[]>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => []);
      const rows = await em.find(Document, { $and: [{ replyTo: { $in: [...documentIds] } }, documentPolicy.visible(viewer)] }, { orderBy: { createdAt: 'asc' } });
      return documentIds.map((id) => rows.filter((row) => row.replyTo?.id === id));
    }),
  /** The visible document that replaces each document, if any. */
  documentReplacedBy: ({ em, viewer }: Scope) =>
    new DataLoader<string, DocumentEntity | null>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => null);
      const rows = await em.find(Document, { $and: [{ replaces: { $in: [...documentIds] } }, documentPolicy.visible(viewer)] });
      return documentIds.map((id) => rows.find((row) => row.replaces?.id === id) ?? null);
    }),
  /** Every version of every file of each document, with the stored file, in one query. */
  documentFiles: childrenOf<DocumentFileEntity>(DocumentFile, 'document', { attachmentNo: 'asc', version: 'asc' }, ['file']),
  /**
   * Access history: one view per document and request, written together at the end of the tick.
   * A read of a classified document's content also goes on the audit trail (DESIGN).
   */
  documentViews: ({ em, viewer }: Scope) =>
    new DataLoader<{ document: DocumentEntity; contentRead: boolean }, true, string>(
      async (views) => {
        if (!viewer) return views.map(() => true as const);
        await em.fork().transactional((tx) => recordViews(tx, viewer, views));
        return views.map(() => true as const);
      },
      { cacheKeyFn: (view) => `${view.document.id}:${view.contentRead}` },
    ),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof documentLoaders> {}
}
