import type { FilterQuery } from '@mikro-orm/core';
import type { Actor } from '../../core/actor.ts';
import type { DocumentEntity } from './document.ts';
import { documentPolicy } from './document-policy.ts';

/**
 * What domain code that reads documents on someone's behalf (a register book, a work file's index)
 * is told of that reader's rights: the documents they may see, as an SQL predicate, and whether
 * they may read one's content. Built from the viewer by document-policy.ts.
 */
export interface DocumentAccess {
  visible: FilterQuery<DocumentEntity>;
  canReadContent(document: DocumentEntity): boolean;
}

/**
 * The document `where` names, if the actor may see it: one they may not see is not found, as in
 * a query, so a mutation tells nothing of its existence. (The deployment itself sees them all.)
 */
export function seenBy(actor: Actor, where: FilterQuery<DocumentEntity>): FilterQuery<DocumentEntity> {
  return actor.viewer ? ({ $and: [where, documentPolicy.visible(actor.viewer)] } as FilterQuery<DocumentEntity>) : where;
}
