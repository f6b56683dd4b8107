import { seenBy, Document, type DocumentEntity } from '../documents/public.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct, auditActs } from '../../core/audit/trail.ts';
import { carries, type Carrier } from '../../core/carrier.ts';
import { Account, OPEN_UNIT, unitsAndDescendants, Unit, unitsAndAncestors } from '../accounts/public.ts';
import { loadCalendar, type WorkingCalendar, reminderTime } from '../calendar/public.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { assignTask } from '../tasks/public.ts';
import { Assignment, Direction, type AssignmentEntity, type DirectionEntity } from './assignment.ts';
import { handledOnTime, type AssignmentRole } from './assignment-rules.ts';

export interface AssigneeInput {
  accountId?: string | null;
  unitId?: string | null;
  role: AssignmentRole;
  deadline?: Date | null;
  /** A deadline counted in office time from now, instead of an instant (e.g. "within 3 working days"). */
  withinWorkingHours?: number | null;
  withinWorkingDays?: number | null;
}

/** The instant an assignment is due: given, or counted in office time from `now` on the calendar. */
function dueAt(problems: Problems, field: string[], input: AssigneeInput, now: Date, calendar: WorkingCalendar): Date | null {
  const given = [input.deadline, input.withinWorkingHours, input.withinWorkingDays].filter((value) => value != null).length;
  if (given > 1) {
    problems.add([...field, 'deadline'], 'INVALID', 'Chỉ ghi một trong: hạn xử lý, số giờ làm việc, số ngày làm việc.');
    return null;
  }
  const count = (value: number | null | undefined, max: number, name: string, label: string, minutes: number) => {
    if (value == null) return null;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      problems.add([...field, name], 'INVALID', `${label} phải là số nguyên từ 1 đến ${max}.`);
      return null;
    }
    return calendar.addWorkingMinutes(now, value * minutes);
  };
  return (
    input.deadline ??
    count(input.withinWorkingHours, 2000, 'withinWorkingHours', 'Số giờ làm việc', 60) ??
    count(input.withinWorkingDays, 260, 'withinWorkingDays', 'Số ngày làm việc', calendar.workingDayMinutes)
  );
}

export interface DirectDocumentInput {
  documentId: string;
  note: string;
  assignees: readonly AssigneeInput[];
  /** Also open a task for the lead, closed when the reply is issued (seed 004 Art. 7 §3). */
  trackAsTask?: boolean | null;
}

interface Resolved {
  input: AssigneeInput;
  account: { id: string; unitId: string } | null;
  unitId: string | null;
}

const OPEN = { doneAt: null };

/**
 * Checks the people and units a direction names: exactly one of person or unit each, active
 * accounts and units of this organisation, no one twice, at most one lead, deadlines in the future
 * (and none for information), each within `latest` when the direction passes on a deadline.
 */
async function resolveAssignees(
  em: EntityManager,
  problems: Problems,
  given: readonly AssigneeInput[],
  now: Date,
  latest: Date | null,
  calendar: WorkingCalendar,
): Promise<Resolved[]> {
  const assignees = given.map((input, index) => ({ ...input, deadline: dueAt(problems, ['input', 'assignees', String(index)], input, now, calendar) }));
  const accountIds = assignees.flatMap((a) => (a.accountId ? [a.accountId] : []));
  const unitIds = assignees.flatMap((a) => (a.unitId ? [a.unitId] : []));
  const accounts = accountIds.length > 0 ? await em.find(Account, { id: { $in: accountIds } }) : [];
  const units = unitIds.length > 0 ? await em.find(Unit, { id: { $in: unitIds }, ...OPEN_UNIT }) : [];
  if (assignees.length === 0) problems.add(['input', 'assignees'], 'REQUIRED', 'Chọn ít nhất một đơn vị hoặc người xử lý.');
  if (assignees.filter((a) => a.role === 'LEAD').length > 1) {
    problems.add(['input', 'assignees'], 'DUPLICATE', 'Mỗi ý kiến chỉ đạo chỉ giao một đơn vị hoặc người chủ trì.');
  }
  const seen = new Set<string>();
  return assignees.map((input, index) => {
    const field = ['input', 'assignees', String(index)];
    if (Boolean(input.accountId) === Boolean(input.unitId)) problems.add([...field, 'accountId'], 'INVALID', 'Mỗi dòng giao cho đúng một người hoặc một đơn vị.');
    const account = input.accountId ? accounts.find((a) => a.id === input.accountId) : undefined;
    if (input.accountId && !account) problems.add([...field, 'accountId'], 'NOT_FOUND', 'Người nhận không tồn tại.');
    else if (account && account.status !== 'ACTIVE') problems.add([...field, 'accountId'], 'INVALID_STATE', 'Tài khoản người nhận không hoạt động.');
    const unit = input.unitId ? units.find((u) => u.id === input.unitId) : undefined;
    if (input.unitId && !unit) problems.add([...field, 'unitId'], 'INVALID_UNIT', 'Đơn vị nhận không tồn tại.');
    const key = input.accountId ?? input.unitId ?? '';
    if (key && seen.has(key)) problems.add(field, 'DUPLICATE', 'Một người hoặc đơn vị chỉ được giao một lần trong một ý kiến chỉ đạo.');
    seen.add(key);
    if (input.role === 'INFORM' && input.deadline) problems.add([...field, 'deadline'], 'INVALID', 'Văn bản để biết không có hạn xử lý.');
    else if (input.deadline && !(input.deadline > now)) problems.add([...field, 'deadline'], 'INVALID', 'Hạn xử lý phải ở tương lai.');
    else if (input.deadline && latest && input.deadline > latest) {
      problems.add([...field, 'deadline'], 'INVALID', 'Hạn xử lý không được muộn hơn hạn của đơn vị được giao.');
    }
    return { input, account: account ? { id: account.id, unitId: account.unit.id } : null, unitId: unit?.id ?? null };
  });
}

type Act = Parameters<typeof auditActs>[2][number];

/**
 * Writes the assignments and hands the document to everyone named (and the heads above them); the
 * assignments and the act that made them (`act`) go on the audit trail in one append.
 */
async function assign(
  em: EntityManager,
  actor: Actor,
  document: DocumentEntity,
  direction: DirectionEntity,
  resolved: Resolved[],
  calendar: WorkingCalendar,
  now: Date,
  act: (assignments: AssignmentEntity[]) => Act,
): Promise<AssignmentEntity[]> {
  const assignments = resolved.map(({ input, account, unitId }) =>
    em.create(Assignment, {
      organisation: actor.organisationId,
      document: document.id,
      direction: direction.id,
      role: input.role,
      assignedBy: actor.accountId!,
      assigneeAccount: account?.id ?? null,
      assigneeUnit: unitId,
      deadline: input.deadline ?? null,
      receivedAt: now,
      remindAt: input.deadline ? reminderTime(now, input.deadline, calendar) : null,
    }),
  );
  const people = resolved.flatMap((r) => (r.account ? [r.account.id] : []));
  const units = await unitsAndAncestors(em, resolved.map((r) => r.account?.unitId ?? r.unitId!));
  document.handlerIds = [...new Set([...document.handlerIds, actor.accountId!, ...people])];
  document.handlerUnitIds = [...new Set([...document.handlerUnitIds, ...units])].sort();
  await em.flush();
  await auditActs(em, actor, [
    ...assignments.map((assignment) => ({ action: 'assignment.received', target: { type: 'Assignment' as const, id: assignment.id }, details: { role: assignment.role } })),
    act(assignments),
  ]);
  return assignments;
}

/**
 * The leader's direction on a registered incoming document (Decree 30 Art. 22; seed 004 Art. 12 §2):
 * the lead and coordinating units or people with a deadline each, or "for information".
 */
export async function directDocument(em: EntityManager, actor: Actor, input: DirectDocumentInput, now = new Date()): Promise<DirectionEntity> {
  // Seed 000 Art. 8 §4: the head directs incoming documents; a deputy only under a delegation.
  const leader = actor.ownRoles.includes('LEADER') || actor.onBehalfOfId !== null;
  if (!actor.accountId || !leader) reject(null, 'NOT_ALLOWED', 'Chỉ thủ trưởng cơ quan (hoặc người được ủy quyền) cho ý kiến chỉ đạo.');
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'INCOMING' }));
  if (!document || document.status === 'WITHDRAWN') reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  if (document.status !== 'REGISTERED') reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ văn bản đến đã vào sổ mới được chỉ đạo xử lý.');
  const problems = new Problems();
  const note = requiredText(problems, ['input', 'note'], input.note, 2000, 'Ý kiến chỉ đạo');
  const calendar = await loadCalendar(em, actor.organisationId);
  const resolved = await resolveAssignees(em, problems, input.assignees, now, null, calendar);
  const lead = resolved.find((r) => r.input.role === 'LEAD');
  if (lead) {
    const earlier = await em.count(Assignment, { document: document.id, role: 'LEAD', direction: { fromAssignment: null }, ...OPEN });
    if (earlier > 0) problems.add(['input', 'assignees'], 'DUPLICATE', 'Văn bản đã có đơn vị chủ trì đang xử lý.');
  }
  if (input.trackAsTask && !lead?.input.deadline) {
    problems.add(['input', 'trackAsTask'], 'INVALID', 'Theo dõi nhiệm vụ cần đơn vị chủ trì có hạn xử lý.');
  }
  problems.throwIfAny();
  const direction = em.create(Direction, {
    organisation: actor.organisationId,
    document: document.id,
    author: actor.accountId,
    onBehalfOf: actor.onBehalfOfId,
    note: note!,
    createdAt: now,
  });
  await assign(em, actor, document, direction, resolved, calendar, now, (assignments) => ({
    action: 'document.directed',
    target: { type: 'Document', id: document.id },
    details: { assignments: assignments.length },
  }));
  if (input.trackAsTask && lead) {
    await assignTask(
      em,
      actor,
      { title: document.subject, description: note, assigneeAccountId: lead.account?.id ?? null, assigneeUnitId: lead.unitId, deadline: lead.input.deadline!, sourceDocumentId: document.id, copiedFromSource: true },
      // Only leaders direct: the task is theirs to give anywhere, whatever units they carry.
      { accountId: actor.accountId!, carriesForUnitIds: [] },
      now,
    );
  }
  return direction;
}

async function findAssignment(em: EntityManager, id: string): Promise<AssignmentEntity> {
  const assignment = await em.findOne(Assignment, { id }, { populate: ['document'] });
  if (!assignment || assignment.document.getEntity().status === 'WITHDRAWN') reject(['input', 'id'], 'NOT_FOUND', 'Việc được giao không tồn tại.');
  return assignment;
}

export interface PassOnInput {
  /** The unit's assignment being passed on. */
  id: string;
  note: string;
  assignees: readonly AssigneeInput[];
}

/** A unit head names the handlers in their unit, with deadlines within the unit's (Decree 30 Art. 22 §2). */
export async function passOnAssignment(em: EntityManager, actor: Actor, input: PassOnInput, carrier: Carrier, now = new Date()): Promise<DirectionEntity> {
  const parent = await findAssignment(em, input.id);
  if (!parent.assigneeUnit) reject(['input', 'id'], 'INVALID_STATE', 'Chỉ việc giao cho đơn vị mới được phân công tiếp.');
  if (!carries(carrier, parent)) reject(null, 'NOT_ALLOWED', 'Chỉ trưởng đơn vị được giao mới phân công xử lý.');
  if (parent.doneAt) reject(['input', 'id'], 'INVALID_STATE', 'Việc đã hoàn thành.');
  const problems = new Problems();
  const note = requiredText(problems, ['input', 'note'], input.note, 2000, 'Ý kiến phân công');
  const calendar = await loadCalendar(em, actor.organisationId);
  const resolved = await resolveAssignees(em, problems, input.assignees, now, parent.deadline ?? null, calendar);
  const inUnit = new Set((await unitsAndDescendants(em, [parent.assigneeUnit.id], actor.organisationId)).ids);
  resolved.forEach((r, index) => {
    if (r.unitId) problems.add(['input', 'assignees', String(index), 'unitId'], 'INVALID', 'Trưởng đơn vị phân công cho cán bộ trong đơn vị.');
    else if (r.account && !inUnit.has(r.account.unitId)) problems.add(['input', 'assignees', String(index), 'accountId'], 'INVALID_UNIT', 'Người nhận không thuộc đơn vị được giao.');
  });
  problems.throwIfAny();
  const document = parent.document.getEntity();
  parent.readAt ??= now;
  const direction = em.create(Direction, {
    organisation: actor.organisationId,
    document: document.id,
    fromAssignment: parent.id,
    author: actor.accountId!,
    onBehalfOf: actor.onBehalfOfId,
    note: note!,
    createdAt: now,
  });
  await assign(em, actor, document, direction, resolved, calendar, now, () => ({
    action: 'assignment.passed-on',
    target: { type: 'Assignment', id: parent.id },
    details: { handlers: resolved.length },
  }));
  return direction;
}

/** The assignee opened it; "for information" is done once read. */
export async function readAssignment(em: EntityManager, actor: Actor, id: string, carrier: Carrier, now = new Date()): Promise<AssignmentEntity> {
  const assignment = await findAssignment(em, id);
  if (!carries(carrier, assignment)) reject(null, 'NOT_ALLOWED', 'Chỉ người hoặc trưởng đơn vị được giao mới nhận việc này.');
  if (assignment.readAt) return assignment;
  assignment.readAt = now;
  if (assignment.role === 'INFORM') {
    assignment.doneAt = now;
    assignment.doneBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  }
  await em.flush();
  await auditAct(em, actor, 'assignment.read', { type: 'Assignment', id: assignment.id });
  return assignment;
}

/** The handler closes their part with what they propose or did (the slip's last section). */
export async function completeAssignment(
  em: EntityManager,
  actor: Actor,
  input: { id: string; result?: string | null },
  carrier: Carrier,
  now = new Date(),
): Promise<AssignmentEntity> {
  const assignment = await findAssignment(em, input.id);
  if (!carries(carrier, assignment)) reject(null, 'NOT_ALLOWED', 'Chỉ người hoặc trưởng đơn vị được giao mới hoàn thành việc này.');
  if (assignment.doneAt) reject(['input', 'id'], 'INVALID_STATE', 'Việc đã hoàn thành.');
  const problems = new Problems();
  const result = input.result?.trim() || assignment.role === 'LEAD' ? requiredText(problems, ['input', 'result'], input.result ?? '', 2000, 'Kết quả xử lý') : null;
  problems.throwIfAny();
  assignment.readAt ??= now;
  assignment.doneAt = now;
  assignment.doneBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  assignment.result = result;
  await em.flush();
  await auditAct(em, actor, 'assignment.done', { type: 'Assignment', id: assignment.id }, { onTime: handledOnTime(assignment) });
  return assignment;
}
