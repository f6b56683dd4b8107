import type { FilterQuery } from '@mikro-orm/core';
import type { RegisterEntity } from './register.ts';
import { authorityFor, hasOwnRole, type Viewer } from '../../core/viewer.ts';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';

/**
 * Registers are kept by clerks: the ordinary ones by clerks, the confidential ones by the clerks of
 * the confidential registers; the leaders oversee all of them, and the IT officers who add them
 * see the list (a register, not its documents: those follow the document rules).
 */
function keeps(viewer: Viewer): { ordinary: boolean; confidential: boolean } {
  const all = authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed || hasOwnRole(viewer, 'IT_OFFICER');
  return {
    ordinary: all || hasOwnRole(viewer, 'CLERK'),
    confidential: all || hasOwnRole(viewer, 'CONFIDENTIAL_CLERK'),
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
