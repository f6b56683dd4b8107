import type { Role } from './titles.ts';
import type { DocumentAccess } from '../areas/documents/document-access.ts';

/**
 * The one acting in a mutation: the signed-in account, and the leader whose delegated authority
 * they used (seed 000 Art. 2: every act under a delegation records both).
 */
export interface Actor {
  /** Null for the deployment itself (first set-up, provisioning scripts). */
  accountId: string | null;
  organisationId: string;
  onBehalfOfId: string | null;
  /** The roles the actor holds by themself, not through a delegation. */
  ownRoles: readonly Role[];
  /**
   * The documents the actor may see: a mutation naming one they may not see finds nothing, as a
   * query would (fail closed). Null for the deployment itself, which acts on every document.
   */
  documents: DocumentAccess | null;
}

export function systemActor(organisationId: string): Actor {
  return { accountId: null, organisationId, onBehalfOfId: null, ownRoles: [], documents: null };
}
