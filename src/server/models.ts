import type { AssignmentEntity, DirectionEntity } from '../areas/routing/assignment.ts';
import type { AuditEntryEntity } from '../core/audit/audit-entry.ts';
import type { ChainProblem } from '../core/audit/chain.ts';
import type { AccountEntity } from '../areas/accounts/account.ts';
import type { DelegationEntity } from '../areas/accounts/delegation.ts';
import type { DocumentEntity, DocumentViewEntity } from '../areas/documents/document.ts';
import type { Connection } from '../core/connection.ts';
import type { NoticeDeliveryEntity } from '../areas/notices/notice.ts';
import type { TaskEntity } from '../areas/tasks/task.ts';
import type { RegisterEntity } from '../areas/documents/register.ts';
import type { RegisterBookRow } from '../areas/documents/register-book.ts';
import type { WorkFileDocumentEntity, WorkFileEntity } from '../areas/workfiles/work-file.ts';

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
