import type { Actor } from '../domain/shared/actor.ts';
import { documentAccessFor } from './policies/document-policy.ts';
import type { Viewer } from './viewer.ts';

/**
 * The actor a root field hands to the domain: the viewer, the leader whose delegation they used,
 * and the documents they may see, so that a mutation naming a document finds only those.
 */
export function actorOf(viewer: Viewer, onBehalfOfId: string | null): Actor {
  return { accountId: viewer.accountId, organisationId: viewer.organisationId, onBehalfOfId, ownRoles: viewer.roles, documents: documentAccessFor(viewer) };
}
