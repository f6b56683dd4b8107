import type { AssignmentEntity, DirectionEntity } from '../domain/routing/assignment.ts';
import type { AuditEntryEntity } from '../auth/audit/audit-entry.ts';
import type { ChainProblem } from '../auth/audit/chain.ts';
import type { AccountEntity } from '../domain/accounts/account.ts';
import type { DelegationEntity } from '../domain/accounts/delegation.ts';
import type { DocumentEntity, DocumentViewEntity } from '../domain/documents/document.ts';
import type { Connection } from '../server/connection.ts';
import type { NoticeDeliveryEntity } from '../domain/notices/notice.ts';
import type { TaskEntity } from '../domain/tasks/task.ts';
import type { RegisterEntity } from '../domain/documents/register.ts';
import type { RegisterBookRow } from '../domain/documents/register-book.ts';
import type { WorkFileDocumentEntity, WorkFileEntity } from '../domain/workfiles/work-file.ts';

/** What resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type AccountConnectionModel = Connection<AccountEntity>;
export type DelegationConnectionModel = Connection<DelegationEntity>;
export type AuditEntryConnectionModel = Connection<AuditEntryEntity>;
export type DocumentConnectionModel = Connection<DocumentEntity>;
export type DocumentViewConnectionModel = Connection<DocumentViewEntity>;
export type NoticeConnectionModel = Connection<NoticeDeliveryEntity>;
export type TaskConnectionModel = Connection<TaskEntity>;
export type WorkFileConnectionModel = Connection<WorkFileEntity>;
/** A document's place in a work file, numbered in the viewer's own index. */
export interface WorkFileEntryModel {
  ordinal: number;
  link: WorkFileDocumentEntity;
}
export interface RegisterBookModel {
  register: RegisterEntity;
  from: string;
  to: string;
  rows: RegisterBookRow[];
}
export interface AuditVerificationModel {
  entriesChecked: number;
  problems: ChainProblem[];
}
export type AssignmentConnectionModel = Connection<AssignmentEntity>;
/** The processing slip, assembled from the document's directions and assignments. */
export interface ProcessingSlipModel {
  deliveryDeadline: Date | null;
  deliveredAt: Date | null;
  deliveredOnTime: boolean | null;
  leaderDirections: DirectionEntity[];
  unitDirections: DirectionEntity[];
  proposals: AssignmentEntity[];
}
/** "My work" resolves each part on demand from the viewer. */
export type MyWorkModel = Record<string, never>;
