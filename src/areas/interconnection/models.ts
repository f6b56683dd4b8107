import type { Connection } from '../../core/connection.ts';
import type { ExternalOrganEntity, InterconnectionMessageEntity } from './interconnection.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type ExternalOrganConnectionModel = Connection<ExternalOrganEntity>;
export type InterconnectionMessageConnectionModel = Connection<InterconnectionMessageEntity>;
export interface ExternalDeliveryModel {
  organId: string;
  organName: string;
  state: string;
  latestStatus: string | null;
  statuses: { code: string; at: string; description: string | null }[];
}
