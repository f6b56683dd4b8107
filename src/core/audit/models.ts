import type { Connection } from '../connection.ts';
import type { AuditEntryEntity } from './audit-entry.ts';
import type { ChainProblem } from './chain.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type AuditEntryConnectionModel = Connection<AuditEntryEntity>;
export interface AuditVerificationModel {
  entriesChecked: number;
  problems: ChainProblem[];
}
