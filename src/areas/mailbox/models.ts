import type { Connection } from '../../core/connection.ts';
import type { MailMessageEntity } from './mailbox.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type MailMessageConnectionModel = Connection<MailMessageEntity>;
