import { fulfil, fulfilment, OPEN_TASK_STATUSES, Task } from '../tasks/public.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditActs } from '../../core/audit/trail.ts';
import { Document, type DocumentEntity, type DocumentIssued } from '../documents/public.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';

/**
 * An issued reply ends the tracking of what it answers (seed 004 Art. 12 §2d, Art. 14 §2): the
 * incoming document is marked replied, and the open tasks that came from it close with the reply
 * as the document that fulfils them, linked by its number and date (seed 004 Art. 7 §3).
 */
export async function replyIssued(em: EntityManager, { actor, document: reply, now }: DocumentIssued): Promise<void> {
  if (!reply.replyTo) return;
  const answered = await em.findOne(Document, { id: reply.replyTo.id });
  if (!answered) return;
  answered.repliedAt ??= now;
  const tasks = await em.find(Task, { sourceDocument: answered.id, status: { $in: [...OPEN_TASK_STATUSES] } });
  for (const task of tasks) fulfil(em, task, reply, now);
  await em.flush();
  const details = fulfilment(reply);
  await auditActs(em, actor, tasks.map((task) => ({ action: 'task.closed', target: { type: 'Task', id: task.id }, details })));
}

export type ReplyStatus = 'NOT_REQUIRED' | 'ANSWERED' | 'OVERDUE' | 'AWAITING';

/** Where a document that asks for a reply stands: answered, or awaited — overdue once its reply-by day has passed (Vietnam time). */
export function replyStatusOf(document: Pick<DocumentEntity, 'replyRequired' | 'repliedAt' | 'replyBy'>, now: Date): ReplyStatus {
  if (!document.replyRequired) return 'NOT_REQUIRED';
  if (document.repliedAt) return 'ANSWERED';
  return document.replyBy && document.replyBy < vietnamDate(now) ? 'OVERDUE' : 'AWAITING';
}
