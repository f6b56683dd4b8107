import { OPEN_TASK_STATUSES } from '../tasks/task-states.ts';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { auditActs } from '../../core/audit/trail.ts';
import { Account } from '../accounts/account.ts';
import { Organisation } from '../../core/organisation.ts';
import { loadCalendar } from '../calendar/calendar-service.ts';
import { isClassified } from '../documents/kinds.ts';
import { formatArrivalNumber, numberNotationOf } from '../documents/notation.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { sendSystemNotice, type SystemNotice } from '../notices/notice-service.ts';
import { systemActor } from '../../core/actor.ts';
import { PROGRESS_PERIOD_MS } from '../calendar/reminder-time.ts';

/**
 * The deadline sweep: what has come due since the last run is claimed with one
 * `UPDATE … WHERE <mark> IS NULL … RETURNING`, and told in the same transaction. Two sweeps at once
 * (two server instances) contend for the same rows: the second waits for the first's row locks,
 * re-reads the condition, finds the mark set and claims nothing; so each reminder goes out exactly
 * once, and none goes out for a change that rolled back.
 */
export interface SweepResult {
  reminders: number;
  overdue: number;
  progressRequests: number;
  replyReminders: number;
  replyOverdue: number;
  recallReminders: number;
}

interface Claimed {
  id: string;
  document_id: string | null;
  assignee_account_id: string | null;
  assignee_unit_id: string | null;
  assigned_by_id: string;
  deadline: Date;
}

const OPEN_TASK = `status in (${OPEN_TASK_STATUSES.map((status) => `'${status}'`).join(', ')})`;
const RETURNING = 'returning id, assignee_account_id, assignee_unit_id, assigned_by_id, deadline';
/** A withdrawn copy's assignments are gone from everyone's work: nothing to remind of. */
const LIVE_DOCUMENT = `not exists (select 1 from document d where d.id = document_id and d.status = 'WITHDRAWN')`;

export async function sweepDeadlines(orm: MikroORM, now = new Date()): Promise<SweepResult> {
  const total: SweepResult = { reminders: 0, overdue: 0, progressRequests: 0, replyReminders: 0, replyOverdue: 0, recallReminders: 0 };
  const organisations = await orm.em.fork().find(Organisation, {}, { fields: ['id'] });
  for (const { id } of organisations) {
    const em = orm.em.fork();
    em.setFilterParams('tenant', { organisationId: id });
    const result = await em.transactional((tx) => sweepOrganisation(tx, id, now));
    for (const key of Object.keys(total) as (keyof SweepResult)[]) total[key] += result[key];
  }
  return total;
}

async function sweepOrganisation(em: EntityManager, organisationId: string, now: Date): Promise<SweepResult> {
  const people = await recipientsOf(em, organisationId);
  const documents = new DocumentLabels(em);
  const notify = (notice: SystemNotice) => sendSystemNotice(em, organisationId, notice);
  const actor = systemActor(organisationId);
  const when = (at: Date) => at.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

  // Assignments on documents: a reminder before the deadline, then overdue.
  const due = await em.execute<Claimed[]>(
    `update assignment set reminded_at = ? where organisation_id = ? and reminded_at is null and remind_at <= ? and done_at is null and ${LIVE_DOCUMENT} ${RETURNING}, document_id`,
    [now, organisationId, now],
  );
  const upcoming = due.filter((row) => new Date(row.deadline) > now);
  await documents.load(upcoming.map((row) => row.document_id));
  for (const row of upcoming) {
    await notify({
      kind: 'REMINDER',
      text: `Sắp đến hạn xử lý (${when(new Date(row.deadline))}): ${await documents.label(row.document_id!)}.`,
      recipients: await people.carrying(row),
      documentId: row.document_id,
    });
  }
  const late = await em.execute<Claimed[]>(
    `update assignment set overdue_at = ? where organisation_id = ? and overdue_at is null and deadline <= ? and done_at is null and ${LIVE_DOCUMENT} ${RETURNING}, document_id`,
    [now, organisationId, now],
  );
  await documents.load(late.map((row) => row.document_id));
  for (const row of late) {
    await notify({
      kind: 'OVERDUE',
      text: `Quá hạn xử lý (hạn ${when(new Date(row.deadline))}): ${await documents.label(row.document_id!)}.`,
      recipients: [...(await people.carrying(row)), row.assigned_by_id],
      documentId: row.document_id,
    });
  }
  await auditActs(em, actor, late.map((row) => ({ action: 'assignment.overdue', target: { type: 'Assignment', id: row.id } })));

  // Tasks: the same, and a progress request every two weeks for long ones (seed 000 Art. 3 §4).
  const taskDue = await em.execute<(Claimed & { title: string })[]>(
    `update task set reminded_at = ? where organisation_id = ? and reminded_at is null and remind_at <= ? and ${OPEN_TASK} ${RETURNING}, title`,
    [now, organisationId, now],
  );
  const taskUpcoming = taskDue.filter((row) => new Date(row.deadline) > now);
  for (const row of taskUpcoming) {
    await notify({ kind: 'REMINDER', text: `Sắp đến hạn nhiệm vụ (${when(new Date(row.deadline))}): ${row.title}.`, recipients: await people.carrying(row), taskId: row.id });
  }
  const taskLate = await em.execute<(Claimed & { title: string })[]>(
    `update task set overdue_at = ? where organisation_id = ? and overdue_at is null and deadline <= ? and ${OPEN_TASK} ${RETURNING}, title`,
    [now, organisationId, now],
  );
  for (const row of taskLate) {
    await notify({
      kind: 'OVERDUE',
      text: `Nhiệm vụ quá hạn (hạn ${when(new Date(row.deadline))}): ${row.title}.`,
      recipients: [...(await people.carrying(row)), row.assigned_by_id],
      taskId: row.id,
    });
  }
  await auditActs(em, actor, taskLate.map((row) => ({ action: 'task.overdue', target: { type: 'Task', id: row.id } })));
  const progress = await em.execute<(Claimed & { title: string })[]>(
    `update task set progress_requested_at = ? where organisation_id = ? and ${OPEN_TASK} and deadline > ?
       and deadline - created_at >= ? * interval '1 millisecond'
       and greatest(created_at, last_progress_at, progress_requested_at) <= ? ${RETURNING}, title`,
    [now, organisationId, now, PROGRESS_PERIOD_MS, new Date(now.getTime() - PROGRESS_PERIOD_MS)],
  );
  for (const row of progress) {
    await notify({ kind: 'PROGRESS_REQUEST', text: `Đề nghị báo cáo tiến độ nhiệm vụ: ${row.title}.`, recipients: await people.carrying(row), taskId: row.id });
  }

  // Documents waiting for a reply or a recall: reminded on the working day before, then overdue.
  const calendar = await loadCalendar(em, organisationId);
  const today = vietnamDate(now);
  const horizon = calendar.nextWorkingDay(today);
  const replies = await em.execute<{ id: string; reply_by: string; reply_reminded_at: Date | null; registered_by_id: string | null }[]>(
    `select id, reply_by, reply_reminded_at, registered_by_id from document
      where organisation_id = ? and reply_required and replied_at is null and reply_overdue_at is null and reply_by <= ? and status = 'REGISTERED'`,
    [organisationId, horizon],
  );
  const replyLate = await claim(em, 'reply_overdue_at', replies.filter((row) => row.reply_by < today).map((row) => row.id), now);
  const replyDue = await claim(em, 'reply_reminded_at', replies.filter((row) => row.reply_by >= today && !row.reply_reminded_at).map((row) => row.id), now);
  await documents.load([...replyDue, ...replyLate]);
  const replyById = new Map(replies.map((row) => [row.id, row]));
  const leads = await people.leadsOf([...replyDue, ...replyLate]);
  for (const [ids, kind, prefix] of [
    [replyDue, 'REPLY_DUE', 'Sắp đến hạn trả lời'],
    [replyLate, 'OVERDUE', 'Quá hạn trả lời'],
  ] as const) {
    for (const id of ids) {
      const row = replyById.get(id)!;
      await notify({
        kind,
        text: `${prefix} (hạn ${row.reply_by.split('-').reverse().join('/')}): ${await documents.label(id)}.`,
        recipients: [...(leads.get(id) ?? []), ...(row.registered_by_id ? [row.registered_by_id] : [])],
        documentId: id,
      });
    }
  }
  const recalls = await em.execute<{ id: string; recall_by: string }[]>(
    `update document set recall_reminded_at = ? where organisation_id = ? and recall_by is not null and recall_reminded_at is null
        and recall_by <= ? and status = 'REGISTERED' and direction = 'INCOMING' returning id, recall_by`,
    [now, organisationId, horizon],
  );
  await documents.load(recalls.map((row) => row.id));
  const confidentialClerks = recalls.length > 0 ? await people.withRole('CONFIDENTIAL_CLERK') : [];
  for (const row of recalls) {
    await notify({
      kind: 'RECALL_DUE',
      text: `Đến hạn thu hồi văn bản mật (hạn ${row.recall_by.split('-').reverse().join('/')}): ${await documents.label(row.id)}.`,
      recipients: confidentialClerks,
      documentId: row.id,
    });
  }
  return {
    reminders: upcoming.length + taskUpcoming.length,
    overdue: late.length + taskLate.length,
    progressRequests: progress.length,
    replyReminders: replyDue.length,
    replyOverdue: replyLate.length,
    recallReminders: recalls.length,
  };
}

async function claim(em: EntityManager, mark: 'reply_overdue_at' | 'reply_reminded_at', ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await em.execute<{ id: string }[]>(`update document set ${mark} = ? where id in (?) and ${mark} is null returning id`, [now, ids]);
  return rows.map((row) => row.id);
}

/**
 * Who is told: the person an item was given to, or the heads of the unit it was given to.
 * Memoized per sweep so that many reminders to one unit cost one query.
 */
async function recipientsOf(em: EntityManager, organisationId: string) {
  const heads = new Map<string, string[]>();
  const headsOf = async (unitId: string) => {
    if (!heads.has(unitId)) {
      const accounts = await em.find(Account, { unit: unitId, title: { $in: ['UNIT_HEAD', 'DEPUTY_UNIT_HEAD'] }, status: 'ACTIVE' }, { fields: ['id'] });
      heads.set(unitId, accounts.map((account) => account.id));
    }
    return heads.get(unitId)!;
  };
  return {
    carrying: async (row: Pick<Claimed, 'assignee_account_id' | 'assignee_unit_id'>) =>
      row.assignee_account_id ? [row.assignee_account_id] : row.assignee_unit_id ? await headsOf(row.assignee_unit_id) : [],
    /** Who answers for each document's open lead assignments: one query for all of them. */
    leadsOf: async (documentIds: readonly string[]) => {
      const byDocument = new Map<string, string[]>();
      if (documentIds.length === 0) return byDocument;
      const leads = await em.execute<(Claimed & { document_id: string })[]>(
        `select document_id, assignee_account_id, assignee_unit_id from assignment
          where document_id in (?) and role = 'LEAD' and done_at is null and organisation_id = ?`,
        [[...documentIds], organisationId],
      );
      for (const row of leads) {
        const carriers = row.assignee_account_id ? [row.assignee_account_id] : await headsOf(row.assignee_unit_id!);
        byDocument.set(row.document_id, [...(byDocument.get(row.document_id) ?? []), ...carriers]);
      }
      return byDocument;
    },
    withRole: async (role: string) =>
      (await em.find(Account, { roles: { $contains: [role] }, status: 'ACTIVE' } as never, { fields: ['id'] })).map((account) => (account as { id: string }).id),
  };
}

/**
 * How a reminder names a document: number and subject; a classified one by its numbers only.
 * The documents of a sweep's claimed items are read together (`load`), not one query each.
 */
class DocumentLabels {
  private readonly em: EntityManager;
  private readonly labels = new Map<string, string>();
  constructor(em: EntityManager) {
    this.em = em;
  }

  async load(ids: readonly (string | null)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is string => id !== null && !this.labels.has(id)))];
    if (missing.length === 0) return;
    const rows = await this.em.execute<
      { id: string; number: string | null; notation: string | null; issuing_organ: string; subject: string; confidentiality: string; register_number: number | null; register_year: number | null }[]
    >(`select id, number, notation, issuing_organ, subject, confidentiality, register_number, register_year from document where id in (?)`, [missing]);
    for (const row of rows) {
      const numberNotation = numberNotationOf(row);
      const numbered = numberNotation ? `văn bản số ${numberNotation} của ${row.issuing_organ}` : 'văn bản';
      const arrival = row.register_number ? ` (số đến ${formatArrivalNumber(row.register_number, row.register_year!)})` : '';
      this.labels.set(row.id, isClassified(row.confidentiality as never) ? `${numbered}${arrival}` : `${numbered}${arrival} về ${row.subject}`);
    }
  }

  async label(id: string): Promise<string> {
    await this.load([id]);
    return this.labels.get(id) ?? 'văn bản';
  }
}
