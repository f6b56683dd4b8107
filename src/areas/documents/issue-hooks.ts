import { hook } from '../../core/hook.ts';
import type { Actor } from '../../core/actor.ts';
import type { DocumentEntity } from './document.ts';

/**
 * What other areas do when an outgoing document is issued (it has its number and date), in the
 * transaction of the issue: routing closes the tracking of what a reply answers. The documents
 * area knows none of them; each registers from its module.
 */
export interface DocumentIssued {
  actor: Actor;
  document: DocumentEntity;
  now: Date;
}

const issued = hook<DocumentIssued>();

export const onDocumentIssued = issued.on;
export const documentIssued = issued.run;

/**
 * What other areas check before an outgoing document is issued, in the transaction of the issue
 * and before it takes its number: a Rejection from a listener refuses the issue (the signatures
 * area refuses a document its approving leader has not signed).
 */
const issuing = hook<DocumentIssued>();

export const onDocumentIssuing = issuing.on;
export const documentIssuing = issuing.run;

/**
 * What other areas do when an issued document is recalled, in the transaction of the recall,
 * after this deployment's copies are withdrawn: the interconnection asks external receivers to
 * withdraw theirs (status 13). `reason` is the leader's.
 */
export interface DocumentRecalled extends DocumentIssued {
  reason: string;
}

const recalled = hook<DocumentRecalled>();

export const onDocumentRecalled = recalled.on;
export const documentRecalled = recalled.run;

/**
 * What other areas check before a draft is submitted for review, in the transaction of the
 * submission: a Rejection from a listener refuses it (the drafting area refuses a draft whose
 * consultation is still open, or whose disagreement the signer has not decided).
 */
export interface DraftSubmitting {
  actor: Actor;
  document: DocumentEntity;
  now: Date;
}

const submitting = hook<DraftSubmitting>();

export const onDraftSubmitting = submitting.on;
export const draftSubmitting = submitting.run;
