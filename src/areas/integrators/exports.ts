import type { EntityManager } from '@mikro-orm/postgresql';
import { Document, documentPolicy } from '../documents/public.ts';
import type { Principal } from '../../core/module.ts';
import type { ExportColumn } from './export-format.ts';
import { toGlobalId } from '../../core/ids.ts';

/**
 * The rows of bulk exports (issue 18 §4), read in keyset batches ordered by (created_at, id): each
 * batch is one statement that starts after the last row sent, so memory stays flat whatever the
 * size, and an export cut off resumes from the cursor of the last row received (`after`).
 * A key reads the organisation's documents of record, never a classified one; a person what the
 * documents' policy lets them see. No export carries the subject of a classified document: that is
 * content, read (and recorded as read) in the register book, not in a bulk file.
 */
export const BATCH = 1000;

export interface DocumentExportRow {
  id: string;
  created_at: Date;
  /** created_at as PostgreSQL writes it, to the microsecond (a JS Date keeps milliseconds only). */
  position: string;
  direction: string;
  status: string;
  register_number: number | null;
  register_year: number | null;
  received_at: Date | null;
  issuing_organ: string;
  number: string | null;
  notation: string | null;
  issued_on: string;
  kind: string;
  subject: string | null;
  signer_name: string | null;
  recipients: string | null;
  confidentiality: string;
  urgency: string;
  channel: string;
  page_count: number | null;
}

export interface HandlingExportRow {
  id: string;
  created_at: Date;
  position: string;
  document_id: string;
  register_number: number | null;
  role: string;
  assignee_account_id: string | null;
  assignee_unit_id: string | null;
  deadline: Date | null;
  read_at: Date | null;
  done_at: Date | null;
  result: string | null;
}

/** The position after which a batch starts: the last row's creation instant and id. */
export type ExportCursor = [string, string];

export function encodeCursor(row: { position: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.position, row.id])).toString('base64url');
}

export function decodeCursor(value: string): ExportCursor | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [at, id] = parsed as [unknown, unknown];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return null;
    return [at, id];
  } catch {
    return null;
  }
}

const IN_THE_MAKING = `('DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED')`;

/** The condition on `d` keeping the documents the principal may export. */
function exportable(em: EntityManager, principal: Principal): { sql: string; params: unknown[] } {
  if (principal.client) return { sql: `d.confidentiality = 'NONE' and d.status not in ${IN_THE_MAKING}`, params: [] };
  const seen = em.createQueryBuilder(Document).select('id').where(documentPolicy.visible(principal.viewer) as never).toQuery();
  return { sql: `d.id in (${seen.sql})`, params: [...seen.params] };
}

export interface ExportQuery {
  organisationId: string;
  from: Date;
  until: Date;
  registerId: string | null;
  after: ExportCursor | null;
}

/** Batches of documents, each one statement, until none is left. */
export async function* documentBatches(em: EntityManager, principal: Principal, query: ExportQuery): AsyncGenerator<DocumentExportRow[]> {
  const allowed = exportable(em, principal);
  let after = query.after;
  for (;;) {
    const rows = await em.execute<DocumentExportRow[]>(
      `select d.id, d.created_at, d.created_at::text as position, d.direction, d.status, d.register_number, d.register_year, d.received_at, d.issuing_organ, d.number, d.notation,
              d.issued_on, d.kind, case when d.confidentiality = 'NONE' then d.subject end as subject, d.signer_name, d.recipients,
              d.confidentiality, d.urgency, d.channel, d.page_count
         from document d
        where d.organisation_id = ? and d.created_at >= ? and d.created_at < ? and d.status <> 'WITHDRAWN'
          ${query.registerId ? 'and d.register_id = ?' : ''}
          ${after ? 'and (d.created_at, d.id) > (?::timestamptz, ?::uuid)' : ''}
          and ${allowed.sql}
        order by d.created_at, d.id
        limit ${BATCH}`,
      [query.organisationId, query.from, query.until, ...(query.registerId ? [query.registerId] : []), ...(after ?? []), ...allowed.params],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1]!;
    after = [last.position, last.id];
  }
}

/** Batches of handling records (assignments of documents the principal may export). */
export async function* handlingBatches(em: EntityManager, principal: Principal, query: ExportQuery): AsyncGenerator<HandlingExportRow[]> {
  const allowed = exportable(em, principal);
  let after = query.after;
  for (;;) {
    const rows = await em.execute<HandlingExportRow[]>(
      `select a.id, a.received_at as created_at, a.received_at::text as position, a.document_id, d.register_number, a.role, a.assignee_account_id, a.assignee_unit_id,
              a.deadline, a.read_at, a.done_at, case when d.confidentiality = 'NONE' then a.result end as result
         from assignment a join document d on d.id = a.document_id
        where a.organisation_id = ? and a.received_at >= ? and a.received_at < ? and d.status <> 'WITHDRAWN'
          ${after ? 'and (a.received_at, a.id) > (?::timestamptz, ?::uuid)' : ''}
          and ${allowed.sql}
        order by a.received_at, a.id
        limit ${BATCH}`,
      [query.organisationId, query.from, query.until, ...(after ?? []), ...allowed.params],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1]!;
    after = [last.position, last.id];
  }
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
const numberNotation = (row: DocumentExportRow) => [row.number, row.notation].filter(Boolean).join('/') || null;

/** Decree 30's columns (Appendix IV) and what an integrator needs besides; `cursor` resumes after the row. */
export const DOCUMENT_COLUMNS: readonly ExportColumn<DocumentExportRow>[] = [
  { key: 'id', heading: 'Mã', value: (row) => toGlobalId('Document', row.id) },
  { key: 'direction', heading: 'Chiều', value: (row) => row.direction },
  { key: 'registerNumber', heading: 'Số đến / Số thứ tự', value: (row) => row.register_number },
  { key: 'receivedAt', heading: 'Ngày đến', value: (row) => iso(row.received_at) },
  { key: 'author', heading: 'Tác giả', value: (row) => row.issuing_organ },
  { key: 'numberNotation', heading: 'Số, ký hiệu', value: numberNotation },
  { key: 'documentDate', heading: 'Ngày tháng', value: (row) => row.issued_on },
  { key: 'kind', heading: 'Tên loại', value: (row) => row.kind },
  { key: 'subject', heading: 'Trích yếu nội dung', value: (row) => row.subject },
  { key: 'signer', heading: 'Người ký', value: (row) => row.signer_name },
  { key: 'recipients', heading: 'Nơi nhận', value: (row) => row.recipients },
  { key: 'pages', heading: 'Số trang', value: (row) => row.page_count },
  { key: 'confidentiality', heading: 'Độ mật', value: (row) => row.confidentiality },
  { key: 'urgency', heading: 'Độ khẩn', value: (row) => row.urgency },
  { key: 'channel', heading: 'Phương thức', value: (row) => row.channel },
  { key: 'status', heading: 'Trạng thái', value: (row) => row.status },
  { key: 'createdAt', heading: 'Thời điểm tạo', value: (row) => iso(row.created_at) },
  { key: 'cursor', heading: 'Con trỏ', value: (row) => encodeCursor(row) },
];

export const HANDLING_COLUMNS: readonly ExportColumn<HandlingExportRow>[] = [
  { key: 'id', heading: 'Mã', value: (row) => toGlobalId('Assignment', row.id) },
  { key: 'documentId', heading: 'Mã văn bản', value: (row) => toGlobalId('Document', row.document_id) },
  { key: 'registerNumber', heading: 'Số đến', value: (row) => row.register_number },
  { key: 'role', heading: 'Vai trò', value: (row) => row.role },
  { key: 'assigneeAccountId', heading: 'Người xử lý', value: (row) => (row.assignee_account_id ? toGlobalId('Account', row.assignee_account_id) : null) },
  { key: 'assigneeUnitId', heading: 'Đơn vị xử lý', value: (row) => (row.assignee_unit_id ? toGlobalId('Unit', row.assignee_unit_id) : null) },
  { key: 'receivedAt', heading: 'Ngày nhận', value: (row) => iso(row.created_at) },
  { key: 'deadline', heading: 'Hạn xử lý', value: (row) => iso(row.deadline) },
  { key: 'readAt', heading: 'Ngày đọc', value: (row) => iso(row.read_at) },
  { key: 'doneAt', heading: 'Ngày hoàn thành', value: (row) => iso(row.done_at) },
  { key: 'result', heading: 'Kết quả', value: (row) => row.result },
  { key: 'cursor', heading: 'Con trỏ', value: (row) => encodeCursor(row) },
];
