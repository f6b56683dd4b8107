import type { FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity, DocumentStatus } from './document.ts';
import type { DocumentAccess } from './document-access.ts';
import { hasOwnRole, type Viewer } from '../../core/viewer.ts';
import { handledByOrUnder, isHandlerOrAbove, oversees } from '../../core/handled.ts';
import { anyWay, withinSight, type RecordPolicy, type Ways } from '../../core/policy.ts';
import type { Actor } from '../../core/actor.ts';
import { formatArrivalNumber, numberNotationOf } from './notation.ts';

/**
 * Who sees a document's register entry, and who may read its content (seed 000 Art. 8-10,
 * seed 002 Art. 4, seed 004 Art. 7, DESIGN: confidential records):
 * - the leaders (a deputy, whoever holds a leader's delegation) see and read everything but other
 *   people's unsubmitted drafts;
 * - clerks keep the ordinary registers: unclassified incoming documents, and outgoing ones from
 *   approval on (they number and issue them);
 * - clerks of the confidential registers see classified entries (number, dates, sender, level,
 *   recall deadline) but not the subject, files or comments;
 * - the justice office's appraisers see and read legal normative drafts sent to them, and after;
 * - the people a document was handed to or who acted on it, and the heads of their units and the
 *   units above, see and read it.
 * Everyone else gets nothing, in lists, search and counts as by id.
 */
const FROM_APPROVAL: DocumentStatus[] = ['APPROVED', 'ISSUED', 'RECALLED'];
const FROM_APPRAISAL: DocumentStatus[] = ['IN_APPRAISAL', 'AWAITING_APPROVAL', ...FROM_APPROVAL];


type Where = FilterQuery<DocumentEntity>;
const registerKept: Where = { $or: [{ direction: 'INCOMING' }, { status: { $in: FROM_APPROVAL } }] };
const appraisable: Where = { legalNormative: true, status: { $in: FROM_APPRAISAL } };

function keptByClerk(document: DocumentEntity): boolean {
  return document.direction === 'INCOMING' || FROM_APPROVAL.includes(document.status as DocumentStatus);
}

function appraisableBy(viewer: Viewer, document: DocumentEntity): boolean {
  return hasOwnRole(viewer, 'LEGAL_APPRAISER') && document.legalNormative && FROM_APPRAISAL.includes(document.status as DocumentStatus);
}

/**
 * The ways in, broadest first: a count adds them up in this order, each without the rows of the
 * ways before it, and the role ways are counted from btree indexes while the handler ways are few
 * rows from GIN indexes (src/server/count-by-ways.ts).
 */
export function documentWays(viewer: Viewer): Ways<DocumentEntity> {
  const ways: FilterQuery<DocumentEntity>[] = [];
  if (oversees(viewer)) ways.push({ status: { $ne: 'DRAFT' } });
  if (hasOwnRole(viewer, 'CLERK')) ways.push({ $and: [{ confidentiality: 'NONE' }, registerKept] });
  if (hasOwnRole(viewer, 'CONFIDENTIAL_CLERK')) ways.push({ $and: [{ confidentiality: { $ne: 'NONE' } }, registerKept] });
  if (hasOwnRole(viewer, 'LEGAL_APPRAISER')) ways.push(appraisable);
  ways.push(...handledByOrUnder<DocumentEntity>(viewer));
  // A copy its sender recalled is gone for everyone: the row stays only as the record.
  return { base: { organisation: viewer.organisationId, status: { $ne: 'WITHDRAWN' } }, ways };
}

export const documentPolicy: RecordPolicy<DocumentEntity> = {
  visible: (viewer) => anyWay(documentWays(viewer)),
  canSee(viewer, document) {
    if (document.organisation.id !== viewer.organisationId || document.status === 'WITHDRAWN') return false;
    if (isHandlerOrAbove(viewer, document) || appraisableBy(viewer, document)) return true;
    if (oversees(viewer) && document.status !== 'DRAFT') return true;
    if (!keptByClerk(document)) return false;
    return document.confidentiality === 'NONE' ? hasOwnRole(viewer, 'CLERK') : hasOwnRole(viewer, 'CONFIDENTIAL_CLERK');
  },
};

/** Subject, files, comments: the rule on top of `visible` (use both together). */
export function contentReadable(viewer: Viewer): FilterQuery<DocumentEntity> {
  const ways: FilterQuery<DocumentEntity>[] = [{ confidentiality: 'NONE' }, ...handledByOrUnder<DocumentEntity>(viewer)];
  if (oversees(viewer)) ways.push({ organisation: viewer.organisationId });
  if (hasOwnRole(viewer, 'LEGAL_APPRAISER')) ways.push(appraisable);
  return { $or: ways } as FilterQuery<DocumentEntity>;
}

export function canReadContent(viewer: Viewer, document: DocumentEntity): boolean {
  if (!documentPolicy.canSee(viewer, document)) return false;
  return document.confidentiality === 'NONE' || oversees(viewer) || isHandlerOrAbove(viewer, document) || appraisableBy(viewer, document);
}

/**
 * Whom a document was handed to, and when: the incoming register's columns "Đơn vị hoặc người
 * nhận" and "Ngày chuyển" (Decree 30 Appendix IV), which the clerk fills in as he hands it on — a
 * classified one too, its envelope unopened, straight to the person responsible (seed 000 Art. 8
 * §3, §5). So it is part of the register entry: whoever sees the entry sees it, the clerk of the
 * confidential register included. What the handling says — the leader's direction and deadlines,
 * the handlers' proposals and results — is content (routing/assignment-policy.ts).
 */
export function canSeeHandOver(viewer: Viewer, document: DocumentEntity): boolean {
  return documentPolicy.canSee(viewer, document);
}

/** A reader's rights for domain code that reads documents on their behalf (register books, work files). */
export function documentAccessFor(viewer: Viewer): DocumentAccess {
  return {
    visible: documentPolicy.visible(viewer),
    canReadContent: (document) => canReadContent(viewer, document),
    canSeeHandOver: (document) => canSeeHandOver(viewer, document),
  };
}

/** The document `where` names, if the actor may see it (see withinSight). */
export function seenBy(actor: Actor, where: FilterQuery<DocumentEntity>): FilterQuery<DocumentEntity> {
  return withinSight(actor, documentPolicy, where);
}

/**
 * How a document is named in text made from it (a reminder's notice): by its register entry for
 * whoever sees the entry — number, notation, issuing organ, arrival number — and with its subject
 * for whoever may read the content of an unclassified one (a classified subject never goes into
 * such text). Null for a reader who may not see it: it is gone from text as from lists. Composed
 * when read, never stored: it follows the document's rules and its recall.
 */
export function documentNameFor(viewer: Viewer, document: DocumentEntity): string | null {
  if (!documentPolicy.canSee(viewer, document)) return null;
  const numberNotation = numberNotationOf(document);
  const numbered = numberNotation ? `văn bản số ${numberNotation} của ${document.issuingOrgan}` : 'văn bản';
  const arrival = document.registerNumber ? ` (số đến ${formatArrivalNumber(document.registerNumber, document.registerYear!)})` : '';
  const subject = document.confidentiality === 'NONE' && canReadContent(viewer, document) ? ` về ${document.subject}` : '';
  return `${numbered}${arrival}${subject}`;
}
