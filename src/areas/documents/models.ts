import type { Connection } from '../../core/connection.ts';
import type { DocumentEntity, DocumentViewEntity } from './document.ts';
import type { RegisterBookRow } from './register-book.ts';
import type { RegisterEntity } from './register.ts';
import type { DocumentCopyEntity } from './copy.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type DocumentConnectionModel = Connection<DocumentEntity>;
export type DocumentViewConnectionModel = Connection<DocumentViewEntity>;
export type DocumentCopyConnectionModel = Connection<DocumentCopyEntity>;
export interface RegisterBookModel {
  register: RegisterEntity;
  from: string;
  to: string;
  rows: RegisterBookRow[];
}
