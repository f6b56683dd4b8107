import type { FilterQuery } from '@mikro-orm/core';
import type { DelegationEntity } from './delegation.ts';
import { hasOwnRole, type Viewer } from '../../core/viewer.ts';
import type { RecordPolicy } from '../../core/policy.ts';

function overseesAll(viewer: Viewer): boolean {
  return hasOwnRole(viewer, 'LEADER') || hasOwnRole(viewer, 'IT_OFFICER');
}

/** The leader and the deputy of a delegation see it; the head of the agency and IT officers see all. */
export const delegationPolicy: RecordPolicy<DelegationEntity> = {
  visible(viewer) {
    const sameOrganisation = { organisation: viewer.organisationId };
    if (overseesAll(viewer)) return sameOrganisation as FilterQuery<DelegationEntity>;
    return { ...sameOrganisation, $or: [{ from: viewer.accountId }, { to: viewer.accountId }] } as FilterQuery<DelegationEntity>;
  },
  canSee(viewer, delegation) {
    if (delegation.organisation.id !== viewer.organisationId) return false;
    return overseesAll(viewer) || delegation.from.id === viewer.accountId || delegation.to.id === viewer.accountId;
  },
};
