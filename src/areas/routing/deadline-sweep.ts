import { notWithdrawn } from '../documents/public.ts';
import { OPEN_TASK_STATUSES } from '../tasks/public.ts';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { auditActs } from '../../core/audit/trail.ts';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { loadCalendar, PROGRESS_PERIOD_MS } from '../calendar/public.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { sendSystemNotice, type SystemNotice } from '../notices/public.ts';
import { systemActor } from '../../core/actor.ts';

/**
 * The deadline sweep: what has come due since the last run is claimed in bounded batches, each
 * with one `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) … RETURNING` and told
 * in that batch's own short transaction (issue 22, point 6: one transaction per organisation held
 * its row locks for 28.7 s once under load). Two sweeps at once (two server instances) take
 * different rows: a row one has locked the other skips, and a claimed row no longer matches the
 * condition; so each reminder goes out exactly once, and none goes out for a change that rolled back.
 */
export interface SweepResult {
  reminders: number;
  overdue: number;
  progressRequests: number;
  replyReminders: number;
  replyOverdue: number;
  recallReminders: number;
}

export interface SweepOptions {
  /** Items claimed and told per transaction (SWEEP_BATCH, 200 by default). */
  batchSize?: number;
  /** Called after each batch's transaction has committed: what it claimed. */
  onBatch?: (step: string, claimed: number) => void | Promise<void>;
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
const LIVE_DOCUMENT = notWithdrawn('t.document_id');
const DEFAULT_BATCH = Number(process.env.SWEEP_BATCH ?? 200);

/** `update <table> set <mark> = ? where id in (<at most limit rows matching condition, skipping locked ones>)`. */
function claimSql(table: string, mark: string, condition: string, returning: string): string {
  return `update ${table} set ${mark} = ? where id in (select t.id from ${table} t where t.organisation_id = ? and ${condition} limit ? for update skip locked) ${returning}`;
}

const emptyResult = (): SweepResult => ({ reminders: 0, overdue: 0, progressRequests: 0, replyReminders: 0, replyOverdue: 0, recallReminders: 0 });

/** One kind of claim: takes at most `limit` items in the transaction given, tells their people, says how many it claimed. */
type Step = (batch: Batch, limit: number) => Promise<{ claimed: number; counts: Partial<SweepResult> }>;

export async function sweepDeadlines(orm: MikroORM, now = new Date(), options: SweepOptions = {}): Promise<SweepResult> {
  const limit = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const total = emptyResult();
  const organisations = await orm.em.fork().find(Organisation, {}, { fields: ['id'] });
  for (const { id } of organisations) {
    const reader = orm.em.fork();
    reader.setFilterParams('tenant', { organisationId: id });
    const calendar = await loadCalendar(reader, id);
    const today = vietnamDate(now);
    const days = { today, horizon: calendar.nextWorkingDay(today) };
    for (const [name, step] of Object.entries(STEPS)) {
      for (;;) {
        const em = orm.em.fork();
        em.setFilterParams('tenant', { organisationId: id });
        const { claimed, counts } = await em.transactional((tx) => step(new Batch(tx, id, now, days), limit));
        for (const [key, value] of Object.entries(counts) as [keyof SweepResult, number][]) total[key] += value;
        await options.onBatch?.(name, claimed);
        if (claimed < limit) break;
      }
    }
  }
  return total;
}

/** What a batch's steps share: its transaction, the organisation, who is told. */
class Batch {
  readonly em: EntityManager;
  readonly organisationId: string;
  readonly now: Date;
  readonly days: { today: string; horizon: string };
  readonly people: Awaited<ReturnType<typeof recipientsOf>>;
  readonly actor: ReturnType<typeof systemActor>;

  constructor(em: EntityManager, organisationId: string, now: Date, days: { today: string; horizon: string }) {
    this.em = em;
    this.organisationId = organisationId;
    this.now = now;
    this.days = days;
    this.people = recipientsOf(em, organisationId);
    this.actor = systemActor(organisationId);
  }

  notify(notice: SystemNotice) {
    return sendSystemNotice(this.em, this.organisationId, notice);
  }
}

const when = (at: Date) => at.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });
const dayOf = (date: string) => date.split('-').reverse().join('/');

const STEPS: Record<string, Step> = {
  // Assignments on documents: a reminder before the deadline, then overdue.
  async assignmentReminders(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const due = await em.execute<Claimed[]>(
      claimSql('assignment', 'reminded_at', `t.reminded_at is null and t.remind_at <= ? and t.done_at is null and ${LIVE_DOCUMENT}`, `${RETURNING}, document_id`),
      [now, organisationId, now, limit],
    );
    const upcoming = due.filter((row) => new Date(row.deadline) > now);
    for (const row of upcoming) {
      await batch.notify({
        kind: 'REMINDER',
        text: `Sắp đến hạn xử lý (${when(new Date(row.deadline))})`,
        recipients: await people.carrying(row),
        documentId: row.document_id,
      });
    }
    return { claimed: due.length, counts: { reminders: upcoming.length } };
  },

  async assignmentsOverdue(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const late = await em.execute<Claimed[]>(
      claimSql('assignment', 'overdue_at', `t.overdue_at is null and t.deadline <= ? and t.done_at is null and ${LIVE_DOCUMENT}`, `${RETURNING}, document_id`),
      [now, organisationId, now, limit],
    );
    for (const row of late) {
      await batch.notify({
        kind: 'OVERDUE',
        text: `Quá hạn xử lý (hạn ${when(new Date(row.deadline))})`,
        recipients: [...(await people.carrying(row)), row.assigned_by_id],
        documentId: row.document_id,
      });
    }
    await auditActs(em, batch.actor, late.map((row) => ({ action: 'assignment.overdue', target: { type: 'Assignment', id: row.id } })));
    return { claimed: late.length, counts: { overdue: late.length } };
  },

  // Tasks: the same, and a progress request every two weeks for long ones (seed 000 Art. 3 §4).
  async taskReminders(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const due = await em.execute<Claimed[]>(
      claimSql('task', 'reminded_at', `t.reminded_at is null and t.remind_at <= ? and t.${OPEN_TASK}`, RETURNING),
      [now, organisationId, now, limit],
    );
    const upcoming = due.filter((row) => new Date(row.deadline) > now);
    for (const row of upcoming) {
      await batch.notify({ kind: 'REMINDER', text: `Sắp đến hạn nhiệm vụ (${when(new Date(row.deadline))})`, recipients: await people.carrying(row), taskId: row.id });
    }
    return { claimed: due.length, counts: { reminders: upcoming.length } };
  },

  async tasksOverdue(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const late = await em.execute<Claimed[]>(
      claimSql('task', 'overdue_at', `t.overdue_at is null and t.deadline <= ? and t.${OPEN_TASK}`, RETURNING),
      [now, organisationId, now, limit],
    );
    for (const row of late) {
      await batch.notify({
        kind: 'OVERDUE',
        text: `Nhiệm vụ quá hạn (hạn ${when(new Date(row.deadline))})`,
        recipients: [...(await people.carrying(row)), row.assigned_by_id],
        taskId: row.id,
      });
    }
    await auditActs(em, batch.actor, late.map((row) => ({ action: 'task.overdue', target: { type: 'Task', id: row.id } })));
    return { claimed: late.length, counts: { overdue: late.length } };
  },

  async progressRequests(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const progress = await em.execute<Claimed[]>(
      claimSql(
        'task',
        'progress_requested_at',
        `t.${OPEN_TASK} and t.deadline > ? and t.deadline - t.created_at >= ? * interval '1 millisecond'
          and greatest(t.created_at, t.last_progress_at, t.progress_requested_at) <= ?`,
        RETURNING,
      ),
      [now, organisationId, now, PROGRESS_PERIOD_MS, new Date(now.getTime() - PROGRESS_PERIOD_MS), limit],
    );
    for (const row of progress) {
      await batch.notify({ kind: 'PROGRESS_REQUEST', text: 'Đề nghị báo cáo tiến độ nhiệm vụ', recipients: await people.carrying(row), taskId: row.id });
    }
    return { claimed: progress.length, counts: { progressRequests: progress.length } };
  },

  // Documents waiting for a reply: reminded on the working day before, then overdue.
  async repliesOverdue(batch, limit) {
    const claimed = await claimReplies(batch, 'reply_overdue_at', 't.reply_by < ?', [batch.days.today], limit);
    await tellReplies(batch, claimed, 'OVERDUE', 'Quá hạn trả lời');
    return { claimed: claimed.length, counts: { replyOverdue: claimed.length } };
  },

  async repliesDue(batch, limit) {
    const claimed = await claimReplies(batch, 'reply_reminded_at', 't.reply_reminded_at is null and t.reply_by >= ? and t.reply_by <= ?', [batch.days.today, batch.days.horizon], limit);
    await tellReplies(batch, claimed, 'REPLY_DUE', 'Sắp đến hạn trả lời');
    return { claimed: claimed.length, counts: { replyReminders: claimed.length } };
  },

  // Confidential documents to be recalled: reminded on the working day before.
  async recalls(batch, limit) {
    const { em, now, organisationId, people } = batch;
    const recalls = await em.execute<{ id: string; recall_by: string }[]>(
      claimSql(
        'document',
        'recall_reminded_at',
        `t.recall_by is not null and t.recall_reminded_at is null and t.recall_by <= ? and t.status = 'REGISTERED' and t.direction = 'INCOMING'`,
        'returning id, recall_by',
      ),
      [now, organisationId, batch.days.horizon, limit],
    );
    const confidentialClerks = recalls.length > 0 ? await people.withRole('CONFIDENTIAL_CLERK') : [];
    for (const row of recalls) {
      await batch.notify({
        kind: 'RECALL_DUE',
        text: `Đến hạn thu hồi văn bản mật (hạn ${dayOf(row.recall_by)})`,
        recipients: confidentialClerks,
        documentId: row.id,
      });
    }
    return { claimed: recalls.length, counts: { recallReminders: recalls.length } };
  },
};

interface ClaimedReply {
  id: string;
  reply_by: string;
  registered_by_id: string | null;
}

function claimReplies(batch: Batch, mark: 'reply_overdue_at' | 'reply_reminded_at', condition: string, params: unknown[], limit: number): Promise<ClaimedReply[]> {
  return batch.em.execute<ClaimedReply[]>(
    claimSql(
      'document',
      mark,
      `t.reply_required and t.replied_at is null and t.reply_overdue_at is null and t.status = 'REGISTERED' and ${condition}`,
      'returning id, reply_by, registered_by_id',
    ),
    [batch.now, batch.organisationId, ...params, limit],
  );
}

async function tellReplies(batch: Batch, claimed: ClaimedReply[], kind: 'OVERDUE' | 'REPLY_DUE', prefix: string): Promise<void> {
  if (claimed.length === 0) return;
  const ids = claimed.map((row) => row.id);
  const leads = await batch.people.leadsOf(ids);
  for (const row of claimed) {
    await batch.notify({
      kind,
      text: `${prefix} (hạn ${dayOf(row.reply_by)})`,
      recipients: [...(leads.get(row.id) ?? []), ...(row.registered_by_id ? [row.registered_by_id] : [])],
      documentId: row.id,
    });
  }
}

/**
 * Who is told: the person an item was given to, or the heads of the unit it was given to.
 * Memoized per sweep so that many reminders to one unit cost one query.
 */
function recipientsOf(em: EntityManager, organisationId: string) {
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
