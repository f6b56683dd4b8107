import type { Connection } from '../../core/connection.ts';
import type { WorkFileDocumentEntity, WorkFileEntity } from './work-file.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type WorkFileConnectionModel = Connection<WorkFileEntity>;
/** A document's place in a work file, numbered in the viewer's own index. */
export interface WorkFileEntryModel {
  ordinal: number;
  link: WorkFileDocumentEntity;
}
