import { numberNotationOf, seenBy, Document, type DocumentEntity } from '../documents/public.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { carries, type Carrier } from '../../core/carrier.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Account, OPEN_UNIT, Unit, unitsAndAncestors } from '../accounts/public.ts';
import type { Role } from '../../core/titles.ts';
import { loadCalendar, reminderTime } from '../calendar/public.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { nextTaskStatus, type TaskAction, type TaskStatus } from './task-states.ts';
import { Task, TaskProgressReport, type TaskEntity } from './task.ts';

export interface AssignTaskInput {
  title: string;
  description?: string | null;
  assigneeAccountId?: string | null;
  assigneeUnitId?: string | null;
  deadline: Date;
  sourceDocumentId?: string | null;
  /**
   * The title and description are the source document's (its subject, the direction's note), not
   * the assigner's words: they are read under the source's rules (task-policy.ts).
   */
  copiedFromSource?: boolean;
}

/** A leader (or a unit head, within their unit) assigns a task to one person or one unit. */
export async function assignTask(em: EntityManager, actor: Actor, input: AssignTaskInput, carrier: Carrier, now = new Date()): Promise<TaskEntity> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được giao nhiệm vụ.');
  const problems = new Problems();
  const title = requiredText(problems, ['input', 'title'], input.title, 500, 'Tên nhiệm vụ');
  const description = input.description?.trim() ? requiredText(problems, ['input', 'description'], input.description, 2000, 'Mô tả') : null;
  if (Boolean(input.assigneeAccountId) === Boolean(input.assigneeUnitId)) {
    problems.add(['input', 'assigneeAccountId'], 'INVALID', 'Giao cho đúng một người hoặc một đơn vị.');
  }
  if (!(input.deadline > now)) problems.add(['input', 'deadline'], 'INVALID', 'Hạn hoàn thành phải ở tương lai.');
  const person = input.assigneeAccountId ? await em.findOne(Account, { id: input.assigneeAccountId }) : null;
  if (input.assigneeAccountId && !person) problems.add(['input', 'assigneeAccountId'], 'NOT_FOUND', 'Người nhận nhiệm vụ không tồn tại.');
  else if (person && person.status !== 'ACTIVE') problems.add(['input', 'assigneeAccountId'], 'INVALID_STATE', 'Tài khoản người nhận không hoạt động.');
  const unit = input.assigneeUnitId ? await em.findOne(Unit, { id: input.assigneeUnitId, ...OPEN_UNIT }) : null;
  if (input.assigneeUnitId && !unit) problems.add(['input', 'assigneeUnitId'], 'INVALID_UNIT', 'Đơn vị nhận nhiệm vụ không tồn tại.');
  const source = input.sourceDocumentId ? await em.findOne(Document, seenBy(actor, { id: input.sourceDocumentId })) : null;
  if (input.sourceDocumentId && !source) problems.add(['input', 'sourceDocumentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  problems.throwIfAny();

  // A unit head assigns within the unit they head; leaders anywhere.
  const leader = actor.ownRoles.includes('LEADER') || actor.ownRoles.includes('DEPUTY_LEADER') || actor.onBehalfOfId !== null;
  const targetUnit = unit?.id ?? person?.unit.id;
  if (!leader && !(targetUnit && carrier.carriesForUnitIds.includes(targetUnit))) {
    reject(null, 'NOT_ALLOWED', 'Trưởng đơn vị chỉ giao nhiệm vụ trong đơn vị mình.');
  }
  const assigneeUnits = await unitsAndAncestors(em, [targetUnit!]);
  const task = em.create(Task, {
    organisation: actor.organisationId,
    title: title!,
    description,
    assignedBy: actor.accountId,
    onBehalfOf: actor.onBehalfOfId,
    assigneeAccount: person?.id ?? null,
    assigneeUnit: unit?.id ?? null,
    deadline: input.deadline,
    status: 'ASSIGNED',
    sourceDocument: source?.id ?? null,
    copiedFromSource: Boolean(source) && input.copiedFromSource === true,
    handlerIds: [actor.accountId, ...(person ? [person.id] : [])],
    handlerUnitIds: assigneeUnits,
    createdAt: now,
    remindAt: reminderTime(now, input.deadline, await loadCalendar(em, actor.organisationId)),
  });
  await em.flush();
  await auditAct(em, actor, 'task.assigned', { type: 'Task', id: task.id }, { deadline: input.deadline.toISOString() });
  return task;
}

async function findTask(em: EntityManager, id: string): Promise<TaskEntity> {
  const task = await em.findOne(Task, { id });
  if (!task) reject(['input', 'id'], 'NOT_FOUND', 'Nhiệm vụ không tồn tại.');
  return task;
}

function move(task: TaskEntity, action: TaskAction): TaskStatus {
  const to = nextTaskStatus(task.status as TaskStatus, action);
  if (!to) reject(['input', 'id'], 'INVALID_STATE', 'Nhiệm vụ đã hoàn thành hoặc đã hủy.');
  return to;
}

export async function reportProgress(
  em: EntityManager,
  actor: Actor,
  input: { id: string; percent: number; note: string },
  carrier: Carrier,
): Promise<TaskEntity> {
  const task = await findTask(em, input.id);
  const to = move(task, 'REPORT_PROGRESS');
  if (!carries(carrier, task)) reject(null, 'NOT_ALLOWED', 'Chỉ người hoặc đơn vị được giao báo cáo tiến độ.');
  const problems = new Problems();
  if (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100) problems.add(['input', 'percent'], 'INVALID', 'Tiến độ là số nguyên từ 0 đến 100.');
  const note = requiredText(problems, ['input', 'note'], input.note, 2000, 'Nội dung báo cáo');
  problems.throwIfAny();
  task.status = to;
  task.progress = input.percent;
  task.lastProgressAt = new Date();
  em.create(TaskProgressReport, { organisation: actor.organisationId, task: task.id, author: actor.accountId!, percent: input.percent, note: note! });
  await em.flush();
  await auditAct(em, actor, 'task.progress', { type: 'Task', id: task.id }, { percent: input.percent });
  return task;
}

/** Seed 004 Art. 7 §3: a task closes when the document that fulfils it is issued and linked. */
export async function closeTask(
  em: EntityManager,
  actor: Actor,
  input: { id: string; documentId: string | null },
  carrier: Carrier,
  roles: (required: Role[]) => boolean,
): Promise<TaskEntity> {
  const task = await findTask(em, input.id);
  move(task, 'CLOSE'); // refuses a task already closed or cancelled
  if (!carries(carrier, task) && task.assignedBy.id !== actor.accountId && !roles(['LEADER'])) {
    reject(null, 'NOT_ALLOWED', 'Chỉ người được giao hoặc người giao được đóng nhiệm vụ.');
  }
  if (!input.documentId) reject(['input', 'documentId'], 'REQUIRED', 'Đóng nhiệm vụ phải kèm văn bản đã ban hành thực hiện nhiệm vụ.');
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (document.status !== 'ISSUED') reject(['input', 'documentId'], 'INVALID_STATE', 'Văn bản chưa được ban hành.');
  fulfil(em, task, document, new Date());
  await em.flush();
  await auditAct(em, actor, 'task.closed', { type: 'Task', id: task.id }, fulfilment(document));
  return task;
}

/** A task done by an issued document (closed by hand, or by the reply to its source: reply-tracking.ts). */
export function fulfil(em: EntityManager, task: TaskEntity, document: DocumentEntity, now: Date): void {
  task.status = 'DONE';
  task.progress = 100;
  task.fulfilledBy = em.getReference(Document, document.id, { wrapped: true });
  task.closedAt = now;
}

/** What the audit trail keeps of the document that fulfilled a task: its number and date. */
export function fulfilment(document: DocumentEntity): Record<string, unknown> {
  return { document: numberNotationOf(document), issuedOn: document.issuedOn };
}

export async function cancelTask(em: EntityManager, actor: Actor, input: { id: string; reason: string }, roles: (required: Role[]) => boolean): Promise<TaskEntity> {
  const task = await findTask(em, input.id);
  const to = move(task, 'CANCEL');
  if (task.assignedBy.id !== actor.accountId && !roles(['LEADER'])) reject(null, 'NOT_ALLOWED', 'Chỉ người giao nhiệm vụ được hủy.');
  const problems = new Problems();
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 500, 'Lý do hủy');
  problems.throwIfAny();
  task.status = to;
  task.cancelReason = reason;
  task.closedAt = new Date();
  await em.flush();
  await auditAct(em, actor, 'task.cancelled', { type: 'Task', id: task.id }, { reason });
  return task;
}
