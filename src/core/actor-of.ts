import type { DocumentAccess } from '../areas/documents/document-access.ts';
import type { Actor } from './actor.ts';
import { documentAccessFor } from '../areas/documents/document-policy.ts';
import type { Viewer } from './viewer.ts';

/**
 * The actor a root field hands to the domain: the viewer, the leader whose delegation they used,
 * and the documents they may see, so that a mutation naming a document finds only those. Every
 * root field gets one (subscription events too) but only mutations read it: the document rule is
 * built when first asked for.
 */
export function actorOf(viewer: Viewer, onBehalfOfId: string | null): Actor {
  let documents: DocumentAccess | undefined;
  return {
    accountId: viewer.accountId,
    organisationId: viewer.organisationId,
    onBehalfOfId,
    ownRoles: viewer.roles,
    get documents() {
      return (documents ??= documentAccessFor(viewer));
    },
  };
}
