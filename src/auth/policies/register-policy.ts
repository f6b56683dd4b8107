import type { FilterQuery } from '@mikro-orm/core';
import type { RegisterEntity } from '../../domain/documents/register.ts';
import { authorityFor, hasOwnRole, type Viewer } from '../viewer.ts';
import { NOTHING, type RecordPolicy } from './policy.ts';

/**
 * Registers are kept by clerks: the ordinary ones by clerks, the confidential ones by the clerks of
 * the confidential registers; the leaders oversee all of them.
 */
function keeps(viewer: Viewer): { ordinary: boolean; confidential: boolean } {
  const leader = authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed;
  return {
    ordinary: leader || hasOwnRole(viewer, 'CLERK'),
    confidential: leader || hasOwnRole(viewer, 'CONFIDENTIAL_CLERK'),
  };
}

export const registerPolicy: RecordPolicy<RegisterEntity> = {
  visible(viewer) {
    const { ordinary, confidential } = keeps(viewer);
    if (!ordinary && !confidential) return NOTHING as FilterQuery<RegisterEntity>;
    const organisation = { organisation: viewer.organisationId };
    if (ordinary && confidential) return organisation as FilterQuery<RegisterEntity>;
    return { ...organisation, confidential } as FilterQuery<RegisterEntity>;
  },
  canSee(viewer, register) {
    if (register.organisation.id !== viewer.organisationId) return false;
    const { ordinary, confidential } = keeps(viewer);
    return register.confidential ? confidential : ordinary;
  },
};
