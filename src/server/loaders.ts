import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { AuditEntry, type AuditEntryEntity } from '../core/audit/audit-entry.ts';
import { accountPolicy } from '../areas/accounts/account-policy.ts';
import { auditEntryPolicy } from '../core/audit/audit-policy.ts';
import { delegationPolicy } from '../areas/accounts/delegation-policy.ts';
import type { RecordPolicy } from '../core/policy.ts';
import { organisationPolicy, unitPolicy } from '../areas/accounts/unit-policy.ts';
import type { Viewer } from '../core/viewer.ts';
import { Account, type AccountEntity } from '../areas/accounts/account.ts';
import { Delegation, type DelegationEntity } from '../areas/accounts/delegation.ts';
import { Organisation, type OrganisationEntity } from '../core/organisation.ts';
import { Unit, type UnitEntity } from '../areas/accounts/unit.ts';
import { documentPolicy } from '../areas/documents/document-policy.ts';
import { recordViews } from '../areas/documents/views.ts';
import { Document, DocumentComment, DocumentVersion, type DocumentCommentEntity, type DocumentEntity, type DocumentVersionEntity } from '../areas/documents/document.ts';
import { Register, type RegisterEntity } from '../areas/documents/register.ts';
import { registerPolicy } from '../areas/documents/register-policy.ts';
import { noticePolicy } from '../areas/notices/notice-policy.ts';
import { taskPolicy } from '../areas/tasks/task-policy.ts';
import { Task, TaskProgressReport, type TaskEntity, type TaskProgressReportEntity } from '../areas/tasks/task.ts';
import { Notice, NoticeDelivery, type NoticeDeliveryEntity, type NoticeEntity } from '../areas/notices/notice.ts';
import { canDownload } from '../areas/documents/file-policy.ts';
import { DocumentFile, type DocumentFileEntity } from '../areas/documents/document-file.ts';
import { workFilePolicy } from '../areas/workfiles/work-file-policy.ts';
import { visibleLinks } from '../areas/workfiles/work-file-contents.ts';
import { WorkFile, WorkFileDocument, type WorkFileDocumentEntity, type WorkFileEntity } from '../areas/workfiles/work-file.ts';
import { StoredFile, type StoredFileEntity } from '../areas/files/stored-file.ts';
import { assignmentPolicy } from '../areas/routing/assignment-policy.ts';
import { Assignment, Direction, type AssignmentEntity, type DirectionEntity } from '../areas/routing/assignment.ts';
import { loadCalendar } from '../areas/calendar/calendar-service.ts';
import { deliveriesOf, type DeliveryRow } from '../areas/documents/delivery-status.ts';
import type { WorkingCalendar } from '../areas/calendar/working-calendar.ts';
import type { SharedRows } from './shared-rows.ts';

/**
 * Per-request batch loaders. Every load goes through the record's policy, so a field resolver can
 * never hand out a record its viewer may not see: it reads as null, like one that does not exist.
 * Over `shared` rows (a subscription event, read once for all its subscribers) the policy is
 * applied in memory with `canSee`, its single-record form.
 */
function visibleById<E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>) {
  return ({ em, viewer, shared }: Scope) =>
    new DataLoader<string, E | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      if (shared) {
        const rows = await Promise.all(ids.map((id) => shared.load(entity, id)));
        return rows.map((row) => (row && policy.canSee(viewer, row) ? row : null));
      }
      const rows = await em.find(entity, { $and: [{ id: { $in: [...ids] } }, policy.visible(viewer)] } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
}

/**
 * The rows of each parent (a document's comments, a task's reports…) in one query for any number of
 * parents, in `orderBy` order. For parents already checked by their caller: no policy here.
 */
function childrenOf<E extends object>(entity: EntityName<E>, parent: keyof E & string, orderBy: Record<string, 'asc' | 'desc'>, populate: string[] = []) {
  return ({ em }: Scope) =>
    new DataLoader<string, E[]>(async (parentIds) => {
      const rows = await em.find(entity, { [parent]: { $in: [...parentIds] } } as never, { orderBy, populate } as never);
      const byParent = new Map<string, E[]>();
      for (const row of rows) {
        const key = (row[parent] as { id: string }).id;
        byParent.set(key, [...(byParent.get(key) ?? []), row]);
      }
      return parentIds.map((id) => byParent.get(id) ?? []);
    });
}

/** What a request's loaders read with: its EntityManager, its viewer, and an event's shared rows. */
interface Scope {
  em: EntityManager;
  viewer: Viewer | null;
  shared: SharedRows | undefined;
}

const MAKERS = {
  organisation: visibleById<OrganisationEntity>(Organisation, organisationPolicy),
  unit: visibleById<UnitEntity>(Unit, unitPolicy),
  account: visibleById<AccountEntity>(Account, accountPolicy),
  delegation: visibleById<DelegationEntity>(Delegation, delegationPolicy),
  auditEntry: visibleById<AuditEntryEntity>(AuditEntry, auditEntryPolicy),
  register: visibleById<RegisterEntity>(Register, registerPolicy),
  document: visibleById<DocumentEntity>(Document, documentPolicy),
  /** Files by id, each checked against the documents it belongs to (node(id) only: rare). */
  storedFile: ({ em, viewer }: Scope) =>
    new DataLoader<string, StoredFileEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const files = await em.find(StoredFile, { id: { $in: [...ids] }, organisation: viewer.organisationId });
      const allowed = await Promise.all(files.map(async (file) => ((await canDownload(em, viewer, file)) ? file : null)));
      const byId = new Map(allowed.filter((file) => file !== null).map((file) => [file.id, file]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  task: visibleById<TaskEntity>(Task, taskPolicy),
  assignment: visibleById<AssignmentEntity>(Assignment, assignmentPolicy),
  /**
   * Directions and their assignments of documents already checked as readable (the processing
   * slip): one query each for any number of documents.
   */
  documentDirections: childrenOf<DirectionEntity>(Direction, 'document', { createdAt: 'asc', id: 'asc' }),
  documentAssignments: childrenOf<AssignmentEntity>(Assignment, 'document', { receivedAt: 'asc', id: 'asc' }),
  /** How each sent document stands at its receivers (read across organisations: see delivery-status.ts). */
  documentDeliveries: ({ em }: Scope) =>
    new DataLoader<string, DeliveryRow[]>(async (documentIds) => {
      const rows = await deliveriesOf(em, documentIds);
      return documentIds.map((id) => rows.filter((row) => row.sourceDocumentId === id));
    }),
  /** Each organisation's working calendar (office hours, holidays), once per request. */
  calendar: ({ em }: Scope) => new DataLoader<string, WorkingCalendar>(async (organisationIds) => Promise.all(organisationIds.map((id) => loadCalendar(em, id)))),
  workFile: visibleById<WorkFileEntity>(WorkFile, workFilePolicy),
  /** The documents of each work file that the viewer may see, in the file's order, in one query. */
  workFileLinks: ({ em, viewer }: Scope) =>
    new DataLoader<string, WorkFileDocumentEntity[]>(async (fileIds) => {
      if (!viewer) return fileIds.map(() => []);
      const rows = await visibleLinks(em, fileIds, documentPolicy.visible(viewer));
      return fileIds.map((id) => rows.filter((row) => row.workFile.id === id));
    }),
  /** The work files the viewer may see that hold each document. */
  documentWorkFiles: ({ em, viewer }: Scope) =>
    new DataLoader<string, WorkFileEntity[]>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => []);
      const rows = await em.find(
        WorkFileDocument,
        { document: { $in: [...documentIds] }, workFile: workFilePolicy.visible(viewer) } as never,
        { populate: ['workFile'], orderBy: { workFile: { createdAt: 'desc', id: 'desc' } } },
      );
      return documentIds.map((id) => rows.filter((row) => row.document.id === id).map((row) => row.workFile.getEntity()));
    }),
  taskReports: childrenOf<TaskProgressReportEntity>(TaskProgressReport, 'task', { at: 'asc', id: 'asc' }),
  /** The viewer's own copies of notices, by id. */
  noticeDelivery: visibleById<NoticeDeliveryEntity>(NoticeDelivery, noticePolicy),
  /** A notice's shared text, for a delivery already checked. */
  notice: ({ em, shared }: Scope) =>
    new DataLoader<string, NoticeEntity | null>(async (ids) => {
      if (shared) return Promise.all(ids.map((id) => shared.load(Notice, id)));
      const rows = await em.find(Notice, { id: { $in: [...ids] } });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
  /** Steps with comments of each document, oldest first. */
  documentComments: childrenOf<DocumentCommentEntity>(DocumentComment, 'document', { at: 'asc', id: 'asc' }),
  documentVersions: childrenOf<DocumentVersionEntity>(DocumentVersion, 'document', { version: 'asc' }),
  /** Visible outgoing documents that answer each document (the reply link read backwards). */
  documentReplies: ({ em, viewer }: Scope) =>
    new DataLoader<string, DocumentEntity[]>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => []);
      const rows = await em.find(Document, { $and: [{ replyTo: { $in: [...documentIds] } }, documentPolicy.visible(viewer)] }, { orderBy: { createdAt: 'asc' } });
      return documentIds.map((id) => rows.filter((row) => row.replyTo?.id === id));
    }),
  /** The visible document that replaces each document, if any. */
  documentReplacedBy: ({ em, viewer }: Scope) =>
    new DataLoader<string, DocumentEntity | null>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => null);
      const rows = await em.find(Document, { $and: [{ replaces: { $in: [...documentIds] } }, documentPolicy.visible(viewer)] });
      return documentIds.map((id) => rows.find((row) => row.replaces?.id === id) ?? null);
    }),
  /** Every version of every file of each document, with the stored file, in one query. */
  documentFiles: childrenOf<DocumentFileEntity>(DocumentFile, 'document', { attachmentNo: 'asc', version: 'asc' }, ['file']),
  /**
   * Access history: one view per document and request, written together at the end of the tick.
   * A read of a classified document's content also goes on the audit trail (DESIGN).
   */
  documentViews: ({ em, viewer }: Scope) =>
    new DataLoader<{ document: DocumentEntity; contentRead: boolean }, true, string>(
      async (views) => {
        if (!viewer) return views.map(() => true as const);
        await em.fork().transactional((tx) => recordViews(tx, viewer, views));
        return views.map(() => true as const);
      },
      { cacheKeyFn: (view) => `${view.document.id}:${view.contentRead}` },
    ),
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
      const now = new Date();
      const rows = await em.find(
        Delegation,
        { to: { $in: [...accountIds] }, revokedAt: null, startsAt: { $lte: now }, endsAt: { $gt: now }, from: { status: 'ACTIVE' } },
        { populate: ['from'] },
      );
      return accountIds.map((id) => rows.filter((delegation) => delegation.to.id === id));
    }),
};

export type Loaders = { readonly [K in keyof typeof MAKERS]: ReturnType<(typeof MAKERS)[K]> };

/**
 * Each loader is made on first use: a subscription keeps a context (and a fresh one per event)
 * for as long as it lives and uses two or three loaders; thousands of subscriptions would
 * otherwise each hold all of them. The ones made are the instance's enumerable properties, so
 * `Object.values` (clearing after a mutation) sees exactly those.
 */
class LazyLoaders {
  readonly #scope: Scope;
  constructor(scope: Scope) {
    this.#scope = scope;
  }

  static {
    for (const [name, make] of Object.entries(MAKERS)) {
      Object.defineProperty(LazyLoaders.prototype, name, {
        get(this: LazyLoaders) {
          const loader = (make as (scope: Scope) => unknown)(this.#scope);
          Object.defineProperty(this, name, { value: loader, enumerable: true });
          return loader;
        },
      });
    }
  }
}

export function createLoaders(em: EntityManager, viewer: Viewer | null, shared?: SharedRows): Loaders {
  return new LazyLoaders({ em, viewer, shared }) as unknown as Loaders;
}
