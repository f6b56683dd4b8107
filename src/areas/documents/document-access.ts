import type { FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity } from './document.ts';

/**
 * What domain code that reads documents on someone's behalf (a register book, a work file's index)
 * is told of that reader's rights: the documents they may see, as an SQL predicate, and whether
 * they may read one's content. Built from the viewer by document-policy.ts.
 */
export interface DocumentAccess {
  visible: FilterQuery<DocumentEntity>;
  canReadContent(document: DocumentEntity): boolean;
  /** Whether they may see whom it was handed to, and when (the register's hand-over columns). */
  canSeeHandOver(document: DocumentEntity): boolean;
}
