import { notWithdrawn } from '../documents/public.ts';
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { endOfVietnamDay, startOfVietnamMonth } from '../../core/vietnam-time.ts';
import { Assignment, type AssignmentEntity } from './assignment.ts';
import { carriedBy, type Carrier } from '../../core/carrier.ts';

/** Who "my work" is about: the person, and the units whose work they carry (core/carrier.ts). */
export type Worker = Carrier;

export interface WorkCountsData {
  waiting: number;
  overdue: number;
  dueToday: number;
  assignedByMe: number;
  assignedByMeOverdue: number;
  tasks: number;
  tasksOverdue: number;
}

export interface UnitWorkRow {
  unitId: string;
  open: number;
  overdue: number;
  doneThisMonth: number;
}

export function waitingFor(worker: Worker): FilterQuery<AssignmentEntity> {
  return { $and: [{ doneAt: null }, carriedBy(worker)] } as FilterQuery<AssignmentEntity>;
}

export function assignedBy(worker: Worker, openOnly: boolean): FilterQuery<AssignmentEntity> {
  return (openOnly ? { assignedBy: worker.accountId, doneAt: null } : { assignedBy: worker.accountId }) as FilterQuery<AssignmentEntity>;
}



/**
 * Open work and this month's done work per unit, in one statement: the units given `unitIds`
 * (a head's units and below), or every unit of the organisation when null (the leaders).
 * Person assignments count in the person's unit.
 */
export async function unitWork(em: EntityManager, organisationId: string, unitIds: readonly string[] | null, now: Date): Promise<UnitWorkRow[]> {
  if (unitIds !== null && unitIds.length === 0) return [];
  const month = startOfVietnamMonth(now);
  const rows = await em.execute<{ unit_id: string; open: string; overdue: string; done_this_month: string }[]>(
    `select coalesce(a.assignee_unit_id, acc.unit_id) as unit_id,
            count(*) filter (where a.done_at is null) as open,
            count(*) filter (where a.done_at is null and a.deadline < ?) as overdue,
            count(*) filter (where a.done_at >= ?) as done_this_month
       from assignment a
       left join account acc on acc.id = a.assignee_account_id
      where a.organisation_id = ? and (a.done_at is null or a.done_at >= ?) and ${notWithdrawn('a.document_id')}
        ${unitIds === null ? '' : 'and coalesce(a.assignee_unit_id, acc.unit_id) in (?)'}
      group by 1 order by 1`,
    [now, month, organisationId, month, ...(unitIds === null ? [] : [[...unitIds]])],
  );
  return rows.map((row) => ({ unitId: row.unit_id, open: Number(row.open), overdue: Number(row.overdue), doneThisMonth: Number(row.done_this_month) }));
}

/**
 * The assignment counts of a start page in one statement: open work waiting for the worker (overdue,
 * due today) and open work they gave, among the assignments `visible` lets them see.
 */
export async function assignmentCounts(
  em: EntityManager,
  visible: FilterQuery<AssignmentEntity>,
  worker: Worker,
  now: Date,
): Promise<Pick<WorkCountsData, 'waiting' | 'overdue' | 'dueToday' | 'assignedByMe' | 'assignedByMeOverdue'>> {
  // The raw form of carriedBy(worker), for the counts' FILTER clauses.
  const units = [...worker.carriesForUnitIds];
  const mine = `(a.assignee_account_id = ?${units.length > 0 ? ` or a.assignee_unit_id in (${units.map(() => '?').join(', ')})` : ''})`;
  const me = [worker.accountId, ...units];
  const row = await em
    .createQueryBuilder(Assignment, 'a')
    .select([
      raw(`count(*) filter (where ${mine}) as waiting`, me),
      raw(`count(*) filter (where ${mine} and a.deadline < ?) as overdue`, [...me, now]),
      raw(`count(*) filter (where ${mine} and a.deadline >= ? and a.deadline < ?) as due_today`, [...me, now, endOfVietnamDay(now)]),
      raw(`count(*) filter (where a.assigned_by_id = ?) as assigned_by_me`, [worker.accountId]),
      raw(`count(*) filter (where a.assigned_by_id = ? and a.deadline < ?) as assigned_by_me_overdue`, [worker.accountId, now]),
    ])
    .where({ $and: [visible, { doneAt: null }, { $or: [waitingFor(worker), { assignedBy: worker.accountId }] }] } as never)
    .execute<Record<string, string | number>>('get');
  const number = (key: string) => Number(row?.[key] ?? 0);
  return { waiting: number('waiting'), overdue: number('overdue'), dueToday: number('due_today'), assignedByMe: number('assigned_by_me'), assignedByMeOverdue: number('assigned_by_me_overdue') };
}
