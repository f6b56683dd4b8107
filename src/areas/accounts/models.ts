import type { Connection } from '../../core/connection.ts';
import type { AccountEntity } from './account.ts';
import type { DelegationEntity } from './delegation.ts';
import type { RightsGrantEntity } from './rights-grant.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type AccountConnectionModel = Connection<AccountEntity>;
export type DelegationConnectionModel = Connection<DelegationEntity>;
export type RightsGrantConnectionModel = Connection<RightsGrantEntity>;
