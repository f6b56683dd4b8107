import type { Actor } from './actor.ts';
import type { Viewer } from './viewer.ts';

/** The actor a root field hands to the domain: the viewer, and the leader whose delegation they used. */
export function actorOf(viewer: Viewer, onBehalfOfId: string | null): Actor {
  return { accountId: viewer.accountId, organisationId: viewer.organisationId, onBehalfOfId, ownRoles: viewer.roles, viewer };
}
