import type { FilterQuery } from '@mikro-orm/core';
import type { RightsGrantEntity } from './rights-grant.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';

/** The leaders who confirm grants (a deputy under a delegation in force too) and the IT officers who propose them. */
function overseesGrants(viewer: Viewer): boolean {
  return authorityFor(viewer, ['LEADER', 'IT_OFFICER']).allowed;
}

/** Proposed grants of rights are read by the organisation's leaders and IT officers. */
export const rightsGrantPolicy: RecordPolicy<RightsGrantEntity> = {
  visible(viewer) {
    if (!overseesGrants(viewer)) return NOTHING as FilterQuery<RightsGrantEntity>;
    return { organisation: viewer.organisationId } as FilterQuery<RightsGrantEntity>;
  },
  canSee: (viewer, grant) => overseesGrants(viewer) && grant.organisation.id === viewer.organisationId,
};

/**
 * Who may confirm or refuse a grant: a leader of the organisation (or the deputy holding the
 * leader's delegation), never the one who proposed it nor the one it is for, in person or through
 * the leader they act for — two people, and nobody decides on their own rights.
 */
export function canDecideGrant(viewer: Viewer, grant: Pick<RightsGrantEntity, 'account' | 'proposedBy' | 'organisation'>): boolean {
  const authority = authorityFor(viewer, ['LEADER']);
  if (!authority.allowed || grant.organisation.id !== viewer.organisationId) return false;
  const deciders = [viewer.accountId, authority.onBehalfOfId];
  return !deciders.includes(grant.account.id) && !deciders.includes(grant.proposedBy.id);
}
