import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCan } from '../../core/ability.ts';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Account } from '../accounts/public.ts';
import { withinSight } from '../../core/policy.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { carryOutDestruction, decideDestructionList, destructionListPolicy, isArchivist } from './archive-policy.ts';
import { ArchiveRecord, DestructionItem, DestructionList, type DestructionListEntity } from './archive.ts';
import { nextDestructionStatus, PENDING_DESTRUCTION, type DestructionAction, type DestructionStatus } from './destruction-states.ts';
import { retentionEnded } from './retention.ts';

/**
 * Destroying records past their retention (Decree 30; seed 004 Art. 16): an archive officer lists
 * records whose retention has ended, a leader approves (or refuses) the list, and only then are the
 * records destroyed. The list, its records and the decision are kept for good.
 */
const MAX_RECORDS = 1000;

function move(list: DestructionListEntity, action: DestructionAction): void {
  list.status = nextDestructionStatus(list.status as DestructionStatus, action)!;
}

async function findList(em: EntityManager, actor: Actor, id: string): Promise<DestructionListEntity> {
  const list = await em.findOne(DestructionList, withinSight(actor, destructionListPolicy, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!list) return reject(['input', 'id'], 'NOT_FOUND', 'Danh mục tài liệu hủy không tồn tại.');
  return list;
}

export async function proposeDestruction(em: EntityManager, actor: Actor, input: { title: string; reason: string; archiveRecordIds: readonly string[] }, now = new Date()): Promise<DestructionListEntity> {
  if (!actor.viewer || !isArchivist(actor.viewer)) reject(null, 'NOT_ALLOWED', 'Chỉ cán bộ lưu trữ được lập danh mục tài liệu hủy.');
  const problems = new Problems();
  const title = requiredText(problems, ['input', 'title'], input.title, 500, 'Tiêu đề danh mục');
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 1000, 'Lý do hủy');
  const ids = [...new Set(input.archiveRecordIds)];
  if (ids.length === 0) problems.add(['input', 'archiveRecordIds'], 'REQUIRED', 'Chọn ít nhất một hồ sơ hết thời hạn bảo quản.');
  if (ids.length > MAX_RECORDS) problems.add(['input', 'archiveRecordIds'], 'INVALID', `Một danh mục có tối đa ${MAX_RECORDS} hồ sơ.`);
  problems.throwIfAny();
  const records = await em.find(ArchiveRecord, { id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const today = vietnamDate(now);
  for (const [index, id] of ids.entries()) {
    const field = ['input', 'archiveRecordIds', String(index)];
    const record = records.find((candidate) => candidate.id === id);
    if (!record) reject(field, 'NOT_FOUND', 'Hồ sơ lưu trữ không tồn tại.');
    if (record.status !== 'KEPT') reject(field, 'INVALID_STATE', 'Hồ sơ đã bị hủy.');
    if (!retentionEnded(record.retentionEndsOn ?? null, today)) reject(field, 'INVALID_STATE', record.retentionEndsOn ? `Hồ sơ còn thời hạn bảo quản đến ngày ${record.retentionEndsOn}: chưa được đề nghị hủy.` : 'Hồ sơ bảo quản vĩnh viễn: không được hủy.');
    const pending = await em.findOne(DestructionItem, { record: record.id, list: { status: { $in: [...PENDING_DESTRUCTION] } } });
    if (pending) reject(field, 'DUPLICATE', 'Hồ sơ đã có trong một danh mục tài liệu hủy đang chờ.');
  }
  const list = em.create(DestructionList, { organisation: actor.organisationId, title: title!, reason: reason!, status: 'PROPOSED', creator: actor.accountId! });
  for (const id of ids) em.create(DestructionItem, { organisation: actor.organisationId, list: list.id, record: id });
  await em.flush();
  await auditAct(em, actor, 'archive.destruction.proposed', { type: 'DestructionList', id: list.id }, { archiveRecordIds: ids });
  return list;
}

export async function decideDestruction(em: EntityManager, actor: Actor, input: { id: string; approve: boolean; note?: string | null }, now = new Date()): Promise<DestructionListEntity> {
  const list = await findList(em, actor, input.id);
  assertCan(actor, decideDestructionList, list, ['input', 'id']);
  const problems = new Problems();
  const note = input.approve ? (input.note?.trim() ? requiredText(problems, ['input', 'note'], input.note, 1000, 'Ý kiến') : null) : requiredText(problems, ['input', 'note'], input.note ?? '', 1000, 'Lý do từ chối');
  problems.throwIfAny();
  move(list, input.approve ? 'APPROVE' : 'REFUSE');
  list.decidedBy = em.getReference(Account, actor.accountId!) as never;
  list.decidedAt = now;
  list.decisionNote = note;
  await em.flush();
  await auditAct(em, actor, input.approve ? 'archive.destruction.approved' : 'archive.destruction.refused', { type: 'DestructionList', id: list.id }, { note });
  return list;
}

/** Carries out an approved list: its records are destroyed (their packages are no longer made); the list stays. */
export async function carryOut(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<DestructionListEntity> {
  const list = await findList(em, actor, id);
  assertCan(actor, carryOutDestruction, list, ['input', 'id']);
  const items = await em.find(DestructionItem, { list: list.id });
  const records = await em.find(ArchiveRecord, { id: { $in: items.map((item) => item.record.id) } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const record of records) {
    record.status = 'DESTROYED';
    record.destroyedAt = now;
  }
  move(list, 'DESTROY');
  list.destroyedBy = em.getReference(Account, actor.accountId!) as never;
  list.destroyedAt = now;
  await em.flush();
  await auditAct(em, actor, 'archive.destruction.carried_out', { type: 'DestructionList', id: list.id }, { archiveRecordIds: records.map((record) => record.id) });
  return list;
}
