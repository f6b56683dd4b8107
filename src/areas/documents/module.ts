import { registerBookRoute } from './register-book-route.ts';
import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Document, DocumentComment, DocumentVersion, DocumentView, type DocumentEntity } from './document.ts';
import { DocumentFile } from './document-file.ts';
import { Register, RegisterCounter } from './register.ts';
import { documentResolvers, viewDocument } from './resolvers.ts';
import { documentOrganisationWords, documentSearchWords } from './search-words.ts';
import { documentLoaders } from './loaders.ts';
import { documentRecordKind } from './record-kind.ts';
import { documentFileAccess } from './file-policy.ts';
import { DocumentCopy, DocumentCopyCounter } from './copy.ts';
import { DocumentPaperDelivery } from './paper-delivery.ts';
import { copyResolvers } from './copy-resolvers.ts';
import { copyRoute } from './copy-route.ts';
import { circulationResolvers } from './circulation-resolvers.ts';

/** Incoming and outgoing documents, their registers, files, versions, views, sending, copies and circulation limits. */
export const documentsModule: AreaModule = {
  name: 'documents',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [documentResolvers, copyResolvers, circulationResolvers],
  entities: [Register, RegisterCounter, Document, DocumentView, DocumentFile, DocumentVersion, DocumentComment, DocumentCopy, DocumentCopyCounter, DocumentPaperDelivery],
  tenantEntities: [Register, Document, DocumentView, DocumentFile, DocumentVersion, DocumentComment, DocumentCopy, DocumentCopyCounter, DocumentPaperDelivery],
  routines: [documentSearchWords, documentOrganisationWords],
  loaders: documentLoaders,
  nodes: {
    Register: { loader: (loaders) => loaders.register },
    // Reading a document by id is a view, kept in its access history.
    Document: { loader: (loaders) => loaders.document, read: (context, document: DocumentEntity) => viewDocument(context, document) },
    StoredFile: { loader: (loaders) => loaders.storedFile },
    DocumentCopy: { loader: (loaders) => loaders.documentCopy },
  },
  recordKinds: [documentRecordKind as never],
  fileAccess: documentFileAccess,
  httpRoutes: [registerBookRoute, copyRoute],
};
