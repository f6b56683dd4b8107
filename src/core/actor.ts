import type { Role } from './titles.ts';
import type { Viewer } from './viewer.ts';

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
   * Whose rights bound what the actor may find: a mutation naming a record they may not see finds
   * nothing, as a query would (fail closed), by asking that record's policy about this viewer.
   * Null for the deployment itself, which acts on every record.
   */
  viewer: Viewer | null;
}

export function systemActor(organisationId: string): Actor {
  return { accountId: null, organisationId, onBehalfOfId: null, ownRoles: [], viewer: null };
}
