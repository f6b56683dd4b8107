import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Document, notWithdrawn, type DocumentEntity } from '../documents/public.ts';
import { endOfVietnamDate, startOfVietnamDay } from '../../core/vietnam-time.ts';

/**
 * The handling report (seed 000 Art. 8 §7: the clerk reports every quarter how each person and each
 * unit handled incoming documents): the assignments received in the period, by person and by unit,
 * and how they stand now — handled by their deadline, handled late, still open (and of those,
 * overdue). "For information" assignments ask for no handling and are left out.
 */
export interface HandlingLineData {
  accountId: string | null;
  unitId: string | null;
  received: number;
  handledOnTime: number;
  handledLate: number;
  stillOpen: number;
  openOverdue: number;
}

export interface HandlingReportData {
  from: string;
  to: string;
  byPerson: HandlingLineData[];
  byUnit: HandlingLineData[];
  total: HandlingLineData;
}

interface Row {
  account_id: string | null;
  unit_id: string | null;
  by_account: number;
  by_unit: number;
  received: string;
  on_time: string;
  late: string;
  open: string;
  open_overdue: string;
}

/** One statement whatever the period or the data: GROUPING SETS give person, unit and total lines. */
export async function handlingReport(
  em: EntityManager,
  organisationId: string,
  period: { from: string; to: string },
  /** A unit head's units and below; null for the whole organisation. */
  unitIds: readonly string[] | null,
  /**
   * The documents the reader may see, or null when they see every document the report counts: a
   * count is a record too (an ordinary clerk must not learn that a classified letter went to someone).
   */
  documents: FilterQuery<DocumentEntity> | null,
  now: Date,
): Promise<HandlingReportData> {
  const from = startOfVietnamDay(period.from);
  const until = endOfVietnamDate(period.to);
  const seen = documents ? em.createQueryBuilder(Document).select('id').where(documents as never).toQuery() : null;
  const rows =
    unitIds !== null && unitIds.length === 0
      ? []
      : await em.execute<Row[]>(
          `select a.assignee_account_id as account_id, coalesce(a.assignee_unit_id, acc.unit_id) as unit_id,
                  grouping(a.assignee_account_id) as by_account, grouping(coalesce(a.assignee_unit_id, acc.unit_id)) as by_unit,
                  count(*) as received,
                  count(*) filter (where a.done_at is not null and (a.deadline is null or a.done_at <= a.deadline)) as on_time,
                  count(*) filter (where a.done_at > a.deadline) as late,
                  count(*) filter (where a.done_at is null) as open,
                  count(*) filter (where a.done_at is null and a.deadline < ?) as open_overdue
             from assignment a
             left join account acc on acc.id = a.assignee_account_id
            where a.organisation_id = ? and a.received_at >= ? and a.received_at < ? and a.role <> 'INFORM'
              and ${notWithdrawn('a.document_id')}
              ${unitIds === null ? '' : 'and coalesce(a.assignee_unit_id, acc.unit_id) in (?)'}
              ${seen ? `and a.document_id in (${seen.sql})` : ''}
            group by grouping sets ((a.assignee_account_id, coalesce(a.assignee_unit_id, acc.unit_id)), (coalesce(a.assignee_unit_id, acc.unit_id)), ())`,
          [now, organisationId, from, until, ...(unitIds === null ? [] : [[...unitIds]]), ...(seen?.params ?? [])],
        );
  const line = (row: Row): HandlingLineData => ({
    accountId: row.account_id,
    unitId: row.unit_id,
    received: Number(row.received),
    handledOnTime: Number(row.on_time),
    handledLate: Number(row.late),
    stillOpen: Number(row.open),
    openOverdue: Number(row.open_overdue),
  });
  const total = rows.find((row) => Number(row.by_account) === 1 && Number(row.by_unit) === 1);
  return {
    from: period.from,
    to: period.to,
    byPerson: rows.filter((row) => Number(row.by_account) === 0 && row.account_id !== null).map(line),
    byUnit: rows.filter((row) => Number(row.by_account) === 1 && Number(row.by_unit) === 0).map(line),
    total: total ? line(total) : { accountId: null, unitId: null, received: 0, handledOnTime: 0, handledLate: 0, stillOpen: 0, openOverdue: 0 },
  };
}
