import { hook } from '../../core/hook.ts';

/**
 * What other areas do when a file that came into an incoming document carries an invalid
 * signature, in the transaction of its check (after the clerk's notice): the interconnection may
 * tell the sender's system. The signatures area knows none of the listeners.
 */
export interface IncomingSignatureInvalid {
  organisationId: string;
  documentId: string;
  /** The sender's document, when the sender is an agency of this deployment. */
  sourceDocumentId: string | null;
  files: readonly { fileName: string; explanations: readonly string[] }[];
}

const invalid = hook<IncomingSignatureInvalid>();

export const onIncomingSignatureInvalid = invalid.on;
export const incomingSignatureInvalid = invalid.run;
