import type { FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity } from '../../domain/documents/document.ts';
import { authorityFor, hasOwnRole, type Viewer } from '../viewer.ts';
import type { RecordPolicy } from './policy.ts';

/**
 * Who sees a document's register entry, and who may read its content (seed 000 Art. 8-10,
 * seed 002 Art. 4, DESIGN: confidential records):
 * - the leaders (and a deputy, and whoever holds a leader's delegation) see and read everything;
 * - clerks keep the ordinary registers: they see and read unclassified documents;
 * - clerks of the confidential registers see classified entries (number, dates, sender, level,
 *   recall deadline) but not the subject, files or comments;
 * - the people a document was handed to, and the heads of their units and the units above, see
 *   and read it.
 * Everyone else gets nothing, in lists, search and counts as by id.
 */
function oversees(viewer: Viewer): boolean {
  return authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed;
}

function handledByOrUnder(viewer: Viewer): FilterQuery<DocumentEntity>[] {
  const conditions: FilterQuery<DocumentEntity>[] = [{ handlerIds: { $contains: [viewer.accountId] } }];
  if (viewer.headOfUnitIds.length > 0) conditions.push({ handlerUnitIds: { $overlap: [...viewer.headOfUnitIds] } });
  return conditions;
}

function isHandlerOrAbove(viewer: Viewer, document: DocumentEntity): boolean {
  return (
    document.handlerIds.includes(viewer.accountId) ||
    viewer.headOfUnitIds.some((unitId) => document.handlerUnitIds.includes(unitId))
  );
}

export const documentPolicy: RecordPolicy<DocumentEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (oversees(viewer)) return organisation as FilterQuery<DocumentEntity>;
    const ways: FilterQuery<DocumentEntity>[] = handledByOrUnder(viewer);
    if (hasOwnRole(viewer, 'CLERK')) ways.push({ confidentiality: 'NONE' });
    if (hasOwnRole(viewer, 'CONFIDENTIAL_CLERK')) ways.push({ confidentiality: { $ne: 'NONE' } });
    return { ...organisation, $or: ways } as FilterQuery<DocumentEntity>;
  },
  canSee(viewer, document) {
    if (document.organisation.id !== viewer.organisationId) return false;
    if (oversees(viewer) || isHandlerOrAbove(viewer, document)) return true;
    return document.confidentiality === 'NONE' ? hasOwnRole(viewer, 'CLERK') : hasOwnRole(viewer, 'CONFIDENTIAL_CLERK');
  },
};

/** Subject, files, comments: the rule on top of `visible` (use both together). */
export function contentReadable(viewer: Viewer): FilterQuery<DocumentEntity> {
  if (oversees(viewer)) return { organisation: viewer.organisationId } as FilterQuery<DocumentEntity>;
  return { $or: [{ confidentiality: 'NONE' }, ...handledByOrUnder(viewer)] } as FilterQuery<DocumentEntity>;
}

export function canReadContent(viewer: Viewer, document: DocumentEntity): boolean {
  if (!documentPolicy.canSee(viewer, document)) return false;
  return document.confidentiality === 'NONE' || oversees(viewer) || isHandlerOrAbove(viewer, document);
}
