import { hook } from '../../core/hook.ts';
import type { Actor } from '../../core/actor.ts';

/**
 * What other areas do when files come into an incoming document — registered with it, added to
 * it later, or arrived with a copy from another agency (here or over the interconnection) — in the
 * transaction that attaches them: the signatures area verifies each PDF's signatures and flags an
 * invalid one to the clerk. The documents area knows none of the listeners.
 */
export interface IncomingFilesAttached {
  organisationId: string;
  documentId: string;
  /** The clerk who registered or added them; null for a copy that arrived by itself. */
  actor: Actor | null;
  files: readonly { id: string; sha256: string; fileName: string }[];
}

const attached = hook<IncomingFilesAttached>();

export const onIncomingFilesAttached = attached.on;
export const incomingFilesAttached = attached.run;
