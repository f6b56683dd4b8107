import DataLoader from 'dataloader';
import { visibleById, visibleRowsById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { Organisation, type OrganisationEntity } from '../../core/organisation.ts';
import { Account, type AccountEntity } from './account.ts';
import { accountPolicy } from './account-policy.ts';
import { Delegation, inForceAt, type DelegationEntity } from './delegation.ts';
import { delegationPolicy } from './delegation-policy.ts';
import { Unit, type UnitEntity } from './unit.ts';
import { RightsGrant, type RightsGrantEntity } from './rights-grant.ts';
import { rightsGrantPolicy } from './rights-grant-policy.ts';
import { organisationPolicy, unitPolicy } from './unit-policy.ts';

export const accountLoaders = {
  organisation: visibleById<OrganisationEntity>(Organisation, organisationPolicy),
  unit: visibleById<UnitEntity>(Unit, unitPolicy),
  account: visibleRowsById<AccountEntity>(Account, accountPolicy),
  delegation: visibleById<DelegationEntity>(Delegation, delegationPolicy),
  rightsGrant: visibleById<RightsGrantEntity>(RightsGrant, rightsGrantPolicy),
  /** Sub-units of each unit, in name order. */
  unitChildren: ({ em, viewer }: Scope) =>
    new DataLoader<string, UnitEntity[]>(async (parentIds) => {
      if (!viewer) return parentIds.map(() => []);
      const rows = await em.find(
        Unit,
        { $and: [{ parent: { $in: [...parentIds] } }, unitPolicy.visible(viewer)] },
        { orderBy: { name: 'asc', id: 'asc' } },
      );
      return parentIds.map((id) => rows.filter((unit) => unit.parent?.id === id));
    }),
  /** Delegations in force now to each account, with the leader who gave them. */
  delegationsInForceTo: ({ em, viewer }: Scope) =>
    new DataLoader<string, DelegationEntity[]>(async (accountIds) => {
      if (!viewer) return accountIds.map(() => []);
      const rows = await em.find(Delegation, { to: { $in: [...accountIds] }, ...inForceAt(new Date()) }, { populate: ['from'] });
      return accountIds.map((id) => rows.filter((delegation) => delegation.to.id === id));
    }),
  /** Whether each delegation is in force now (one query for a page of them). */
  delegationInForce: ({ em }: Scope) =>
    new DataLoader<string, boolean>(async (ids) => {
      const rows = await em.find(Delegation, { id: { $in: [...ids] }, ...inForceAt(new Date()) }, { fields: ['id'] });
      const inForce = new Set(rows.map((row) => row.id));
      return ids.map((id) => inForce.has(id));
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof accountLoaders> {}
}
