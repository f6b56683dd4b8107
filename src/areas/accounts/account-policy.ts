import type { FilterQuery } from '@mikro-orm/core';
import type { AccountEntity } from './account.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { RecordPolicy } from '../../core/policy.ts';

function isItOfficer(viewer: Viewer): boolean {
  return authorityFor(viewer, ['IT_OFFICER']).allowed;
}

/**
 * Everyone of the organisation sees its active accounts (to address and assign work); IT officers
 * also see locked and disabled ones; everyone sees themself.
 */
export const accountPolicy: RecordPolicy<AccountEntity> = {
  visible(viewer) {
    const sameOrganisation = { organisation: viewer.organisationId };
    if (isItOfficer(viewer)) return sameOrganisation as FilterQuery<AccountEntity>;
    return { ...sameOrganisation, $or: [{ status: 'ACTIVE' }, { id: viewer.accountId }] } as FilterQuery<AccountEntity>;
  },
  canSee(viewer, account) {
    if (account.organisation.id !== viewer.organisationId) return false;
    return isItOfficer(viewer) || account.status === 'ACTIVE' || account.id === viewer.accountId;
  },
};

/** Status, sign-in times and effective rights: the account itself and IT officers. */
export function canReadAccountPrivate(viewer: Viewer, account: AccountEntity): boolean {
  return account.organisation.id === viewer.organisationId && (account.id === viewer.accountId || isItOfficer(viewer));
}

/** Lock, unlock, disable, reset, change rights: IT officers, never on their own account. */
export function canManageAccount(viewer: Viewer, account: AccountEntity): boolean {
  return account.organisation.id === viewer.organisationId && account.id !== viewer.accountId && isItOfficer(viewer);
}
