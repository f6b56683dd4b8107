import { AuditEntry, AuditHead } from '../auth/audit/audit-entry.ts';
import { LoginThrottle, Session } from '../auth/session.ts';
import { Account } from '../domain/accounts/account.ts';
import { Delegation } from '../domain/accounts/delegation.ts';
import { Organisation } from '../domain/accounts/organisation.ts';
import { Unit } from '../domain/accounts/unit.ts';
import { Document, DocumentComment, DocumentVersion, DocumentView } from '../domain/documents/document.ts';
import { Register, RegisterCounter } from '../domain/documents/register.ts';
import { documentOrganisationWords, documentSearchWords } from '../domain/documents/search-words.ts';
import { DocumentFile } from '../domain/documents/document-file.ts';
import { StoredFile } from '../domain/files/stored-file.ts';
import { CalendarDay, OfficeHours } from '../domain/calendar/calendar-settings.ts';
import { Notice, NoticeDelivery } from '../domain/notices/notice.ts';
import { Task, TaskProgressReport } from '../domain/tasks/task.ts';
import { Assignment, Direction } from '../domain/routing/assignment.ts';
import { IdempotencyKey } from '../domain/shared/idempotency.ts';
import { WorkFile, WorkFileDocument } from '../domain/workfiles/work-file.ts';

export const entities = [Organisation, Unit, Account, Delegation, Session, LoginThrottle, AuditEntry, AuditHead, IdempotencyKey, Register, RegisterCounter, Document, DocumentView, StoredFile, DocumentFile, DocumentVersion, DocumentComment, OfficeHours, CalendarDay, Notice, NoticeDelivery, Task, TaskProgressReport, Direction, Assignment, WorkFile, WorkFileDocument];

/** Entities carrying an organisation: the tenant filter applies to all of them. */
export const tenantEntities = [Unit, Account, Delegation, Session, AuditEntry, IdempotencyKey, Register, Document, DocumentView, StoredFile, DocumentFile, DocumentVersion, DocumentComment, OfficeHours, CalendarDay, Notice, NoticeDelivery, Task, TaskProgressReport, Direction, Assignment, WorkFile, WorkFileDocument];

/** SQL functions the schema needs (generated columns, indexes), declared so migrations keep them. */
export const routines = [documentSearchWords, documentOrganisationWords];
