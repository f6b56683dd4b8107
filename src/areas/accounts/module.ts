import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Account } from './account.ts';
import { Delegation } from './delegation.ts';
import { RightsGrant } from './rights-grant.ts';
import { accountResolvers } from './resolvers.ts';
import { LoginThrottle, Session } from './session.ts';
import { subscriptionResolvers } from './subscriptions.ts';
import { Unit } from './unit.ts';
import { accountLoaders } from './loaders.ts';

/** Organisations' units, accounts, roles, grants of sealed rights, delegations, sign-in and sessions. */
export const accountsModule: AreaModule = {
  name: 'accounts',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [accountResolvers, subscriptionResolvers],
  entities: [Unit, Account, Delegation, RightsGrant, Session, LoginThrottle],
  tenantEntities: [Unit, Account, Delegation, RightsGrant, Session],
  loaders: accountLoaders,
  nodes: { Organisation: { loader: (loaders) => loaders.organisation }, Unit: { loader: (loaders) => loaders.unit }, Account: { loader: (loaders) => loaders.account }, Delegation: { loader: (loaders) => loaders.delegation }, RightsGrant: { loader: (loaders) => loaders.rightsGrant } },
};
