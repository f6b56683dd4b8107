import { sendSystemNotice } from '../notices/public.ts';
import type { ServerParts } from '../../core/module.ts';

/**
 * Who handles a step and who stands over them (issue 17 §3): the unit's specialists and its heads
 * for the unit's step, the unit's heads and the leaders for the head's, the leaders for theirs,
 * the one-stop desk for intake and return. Read in the statement that finds the late steps.
 */
const HANDLERS = `
  select coalesce(array_agg(distinct a.id::text), '{}') from account a
  where a.organisation_id = s.organisation_id and a.status = 'ACTIVE' and (
    (s.stage = 'UNIT' and a.unit_id = c.handling_unit_id and ('SPECIALIST' = any(a.roles) or a.title in ('UNIT_HEAD', 'DEPUTY_UNIT_HEAD')))
    or (s.stage = 'UNIT_HEAD' and ((a.unit_id = c.handling_unit_id and a.title in ('UNIT_HEAD', 'DEPUTY_UNIT_HEAD')) or a.roles && array['LEADER', 'DEPUTY_LEADER']::text[]))
    or (s.stage = 'LEADER' and a.roles && array['LEADER', 'DEPUTY_LEADER']::text[])
    or (s.stage in ('INTAKE', 'RETURN') and 'ONE_STOP_DESK' = any(a.roles)))`;

/**
 * Flags each open step past its deadline once: its handlers and their heads get an OVERDUE
 * notice, in the transaction that marks it (skip locked: two instances never tell twice). A case
 * waiting for the applicant's papers is not late on anyone's part.
 */
export async function tellLateSteps(parts: Pick<ServerParts, 'orm'>, batch = 200): Promise<{ lateSteps: number }> {
  return parts.orm.em.fork().transactional(async (em) => {
    const rows = await em.execute<{ id: string; organisation_id: string; receipt_code: string; stage: string; handlers: string[] }[]>(
      `select s.id, s.organisation_id, c.receipt_code, s.stage, (${HANDLERS}) as handlers
       from one_stop_step s join one_stop_case c on c.id = s.case_id
       where s.done_at is null and s.late_notified_at is null and s.deadline < now() and c.paused_at is null
       order by s.deadline limit ? for update of s skip locked`,
      [batch],
    );
    for (const row of rows) {
      await sendSystemNotice(em, row.organisation_id, { kind: 'OVERDUE', text: `Hồ sơ một cửa ${row.receipt_code} quá hạn ở bước ${row.stage}.`, recipients: row.handlers });
      await em.execute('update one_stop_step set late_notified_at = now() where id = ?', [row.id]);
    }
    return { lateSteps: rows.length };
  });
}
