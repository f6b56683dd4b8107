import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../core/viewer.ts';
import { Document, documentPolicy } from '../documents/public.ts';
import { OPEN_TASK_STATUSES, Task, taskWhere } from '../tasks/public.ts';
import { periodLabel, type Span, type StatisticsPeriod } from './statistics-period.ts';

/**
 * The statistics of issue 18 §3, each answered by ONE aggregate statement. Figures follow the
 * reader's visibility: a key (an organisation's machine) counts the organisation's documents of
 * record — never a classified one, nor a draft still in the making; a person counts what the
 * documents' (or tasks') own policy lets them see, asked as a sub-select in the same statement.
 */
export type StatisticsReader = { kind: 'key'; organisationId: string } | { kind: 'person'; viewer: Viewer };

export const DOCUMENT_DIMENSIONS = ['DIRECTION', 'KIND', 'URGENCY', 'CHANNEL', 'UNIT'] as const;
export type DocumentDimension = (typeof DOCUMENT_DIMENSIONS)[number];

/** A dimension's column; UNIT is the unit in charge: the drafting unit of an outgoing document, the first handling unit of an incoming one. */
const DIMENSION_SQL: Record<DocumentDimension, { expression: string; alias: string }> = {
  DIRECTION: { expression: 'd.direction', alias: 'direction' },
  KIND: { expression: 'd.kind', alias: 'kind' },
  URGENCY: { expression: 'd.urgency', alias: 'urgency' },
  CHANNEL: { expression: 'd.channel', alias: 'channel' },
  UNIT: { expression: 'coalesce(d.drafting_unit_id::text, d.handler_unit_ids[1])', alias: 'unit_id' },
};

/** Not yet a document of record: an outgoing draft on its way to signature. */
const IN_THE_MAKING = `('DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED')`;

function organisationOf(reader: StatisticsReader): string {
  return reader.kind === 'key' ? reader.organisationId : reader.viewer.organisationId;
}

/** The condition on `d` (a document row) that keeps only what the reader may count. */
function documentsCounted(em: EntityManager, reader: StatisticsReader, alias = 'd'): { sql: string; params: unknown[] } {
  if (reader.kind === 'key') return { sql: `${alias}.confidentiality = 'NONE' and ${alias}.status not in ${IN_THE_MAKING}`, params: [] };
  const seen = em.createQueryBuilder(Document).select('id').where(documentPolicy.visible(reader.viewer) as never).toQuery();
  return { sql: `${alias}.id in (${seen.sql})`, params: [...seen.params] };
}

export interface DocumentFigureRow {
  period: string;
  direction?: string;
  kind?: string;
  urgency?: string;
  channel?: string;
  unit_id?: string | null;
  count: number;
}

export async function documentFigures(em: EntityManager, reader: StatisticsReader, span: Span, period: StatisticsPeriod, by: readonly DocumentDimension[]): Promise<DocumentFigureRow[]> {
  const dimensions = [...new Set(by)].map((dimension) => DIMENSION_SQL[dimension]);
  const counted = documentsCounted(em, reader);
  const groups = ['1', ...dimensions.map((_, index) => String(index + 2))].join(', ');
  return em.execute<DocumentFigureRow[]>(
    `select ${periodLabel('d.created_at', period)} as period${dimensions.map((d) => `, ${d.expression} as ${d.alias}`).join('')}, count(*)::int as count
       from document d
      where d.organisation_id = ? and d.created_at >= ? and d.created_at < ? and d.status <> 'WITHDRAWN' and ${counted.sql}
      group by ${groups}
      order by ${groups}`,
    [organisationOf(reader), span.from, span.until, ...counted.params],
  );
}

export interface HandlingFigureRow {
  period: string;
  received: number;
  handled_on_time: number;
  handled_late: number;
  still_open: number;
  open_overdue: number;
}

/** Assignments to handle (not "for information") received in each period, and how they stand now. */
export async function handlingFigures(em: EntityManager, reader: StatisticsReader, span: Span, period: StatisticsPeriod, now: Date): Promise<HandlingFigureRow[]> {
  const counted = documentsCounted(em, reader);
  return em.execute<HandlingFigureRow[]>(
    `select ${periodLabel('a.received_at', period)} as period, count(*)::int as received,
            (count(*) filter (where a.done_at is not null and (a.deadline is null or a.done_at <= a.deadline)))::int as handled_on_time,
            (count(*) filter (where a.done_at > a.deadline))::int as handled_late,
            (count(*) filter (where a.done_at is null))::int as still_open,
            (count(*) filter (where a.done_at is null and a.deadline < ?))::int as open_overdue
       from assignment a join document d on d.id = a.document_id
      where a.organisation_id = ? and a.received_at >= ? and a.received_at < ? and a.role <> 'INFORM' and d.status <> 'WITHDRAWN' and ${counted.sql}
      group by 1 order by 1`,
    [now, organisationOf(reader), span.from, span.until, ...counted.params],
  );
}

export interface TaskFigureRow {
  period: string;
  assigned: number;
  done_on_time: number;
  done_late: number;
  open: number;
  open_overdue: number;
  cancelled: number;
}

/** Tasks assigned in each period, and how they stand now. A key counts none made from a classified document. */
export async function taskFigures(em: EntityManager, reader: StatisticsReader, span: Span, period: StatisticsPeriod, now: Date): Promise<TaskFigureRow[]> {
  let visibility: { sql: string; params: unknown[] };
  if (reader.kind === 'key') {
    visibility = { sql: `(t.source_document_id is null or exists (select 1 from document d where d.id = t.source_document_id and d.confidentiality = 'NONE'))`, params: [] };
  } else {
    const seen = em.createQueryBuilder(Task).select('id').where(taskWhere(reader.viewer, null, now) as never).toQuery();
    visibility = { sql: `t.id in (${seen.sql})`, params: [...seen.params] };
  }
  const open = `(${OPEN_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})`;
  return em.execute<TaskFigureRow[]>(
    `select ${periodLabel('t.created_at', period)} as period, count(*)::int as assigned,
            (count(*) filter (where t.status = 'DONE' and t.closed_at <= t.deadline))::int as done_on_time,
            (count(*) filter (where t.status = 'DONE' and t.closed_at > t.deadline))::int as done_late,
            (count(*) filter (where t.status in ${open}))::int as open,
            (count(*) filter (where t.status in ${open} and t.deadline < ?))::int as open_overdue,
            (count(*) filter (where t.status = 'CANCELLED'))::int as cancelled
       from task t
      where t.organisation_id = ? and t.created_at >= ? and t.created_at < ? and ${visibility.sql}
      group by 1 order by 1`,
    [now, organisationOf(reader), span.from, span.until, ...visibility.params],
  );
}
