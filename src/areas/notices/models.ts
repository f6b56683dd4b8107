import type { Connection } from '../../core/connection.ts';
import type { NoticeDeliveryEntity } from './notice.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type NoticeConnectionModel = Connection<NoticeDeliveryEntity>;
