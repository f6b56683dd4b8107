/**
 * What other areas may use of the documents area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { circulationLabel, circulationMarkOfLabel, circulationNotes, refuseElectronicSending } from './circulation.ts';
export type { CirculationMark } from './circulation.ts';
export { deliveryDeadline } from './delivery-deadlines.ts';
export type { DocumentAccess } from './document-access.ts';
export { canReadContent, contentReadable, documentAccessFor, documentNameFor, documentPolicy, seenBy } from './document-policy.ts';
export { Document } from './document.ts';
export { DocumentFile } from './document-file.ts';
export { onDocumentIssued, onDocumentIssuing, onDocumentRecalled, onDraftSubmitting } from './issue-hooks.ts';
export type { DocumentIssued, DocumentRecalled, DraftSubmitting } from './issue-hooks.ts';
export { onIncomingFilesAttached } from './incoming-file-hooks.ts';
export type { IncomingFilesAttached } from './incoming-file-hooks.ts';
export { addDraftFileVersion, lastAppraisal } from './outgoing-service.ts';
export type { DocumentEntity } from './document.ts';
export type { DocumentFileEntity } from './document-file.ts';
export { DOCUMENT_KINDS, documentKind, isClassified } from './kinds.ts';
export type { Confidentiality, Urgency } from './kinds.ts';
export { receiveCopy, withdrawCopy } from './sending-service.ts';
export type { ReceivedCopy } from './sending-service.ts';
export { numberNotationOf } from './notation.ts';
export { recordViews } from './views.ts';
export { Register } from './register.ts';
export { registerPolicy } from './register-policy.ts';
export { notWithdrawn } from './withdrawn.ts';
export { reportDeliveryProblem } from './delivery-status.ts';
