import type { Connection } from '../../core/connection.ts';
import type { ConsultationEntity } from './drafting.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type ConsultationConnectionModel = Connection<ConsultationEntity>;
