import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Document, DocumentComment, DocumentVersion, DocumentView } from './document.ts';
import { DocumentFile } from './document-file.ts';
import { Register, RegisterCounter } from './register.ts';
import { documentResolvers } from './resolvers.ts';
import { documentOrganisationWords, documentSearchWords } from './search-words.ts';

/** Incoming and outgoing documents, their registers, files, versions, views and sending. */
export const documentsModule: AreaModule = {
  name: 'documents',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [documentResolvers],
  entities: [Register, RegisterCounter, Document, DocumentView, DocumentFile, DocumentVersion, DocumentComment],
  tenantEntities: [Register, Document, DocumentView, DocumentFile, DocumentVersion, DocumentComment],
  routines: [documentSearchWords, documentOrganisationWords],
};
