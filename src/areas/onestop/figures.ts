import type { EntityManager } from '@mikro-orm/postgresql';
import { startOfVietnamDay } from '../../core/vietnam-time.ts';
import type { OneStopFigureModel } from './models.ts';

const LOCAL = `'Asia/Ho_Chi_Minh'`;

/**
 * The figures of an organisation by month of intake, procedure and handling unit, in one statement
 * (issue 17 §4): received; handed over early (before the appointment's day), on time (on that
 * day, by the appointment) or late (after the appointment given at intake: an apology does not
 * make a late case on time); still in progress; asked to supplement; returned as invalid.
 */
export async function oneStopFigures(em: EntityManager, organisationId: string, fromMonth: string, toMonth: string): Promise<OneStopFigureModel[]> {
  const from = startOfVietnamDay(`${fromMonth}-01`);
  const [year, month] = toMonth.split('-').map(Number) as [number, number];
  const to = startOfVietnamDay(`${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01`);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select to_char(c.received_at at time zone ${LOCAL}, 'YYYY-MM') as month, c.procedure_id, c.handling_unit_id,
       count(*)::int as received,
       count(*) filter (where c.status = 'DONE' and c.finished_at <= c.first_appointment_at
                          and (c.finished_at at time zone ${LOCAL})::date = (c.first_appointment_at at time zone ${LOCAL})::date)::int as on_time,
       count(*) filter (where c.status = 'DONE' and (c.finished_at at time zone ${LOCAL})::date < (c.first_appointment_at at time zone ${LOCAL})::date)::int as early,
       count(*) filter (where c.status = 'DONE' and c.finished_at > c.first_appointment_at)::int as late,
       count(*) filter (where c.finished_at is null)::int as in_progress,
       count(*) filter (where c.supplement_count > 0)::int as returned_for_supplement,
       count(*) filter (where c.status = 'REFUSED')::int as refused
     from one_stop_case c
     where c.organisation_id = ? and c.received_at >= ? and c.received_at < ?
     group by 1, 2, 3 order by 1, 2, 3`,
    [organisationId, from, to],
  );
  return rows.map((row) => ({
    month: row.month as string,
    procedureId: row.procedure_id as string,
    unitId: row.handling_unit_id as string,
    received: row.received as number,
    onTime: row.on_time as number,
    early: row.early as number,
    late: row.late as number,
    inProgress: row.in_progress as number,
    returnedForSupplement: row.returned_for_supplement as number,
    refused: row.refused as number,
  }));
}
