import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCan } from '../../core/ability.ts';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { withinSight } from '../../core/policy.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account, unitsAndAncestors } from '../accounts/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import { WorkFile, workFilePolicy, type WorkFileEntity } from '../workfiles/public.ts';
import { acceptHandOverList, editHandOverList, handOverListPolicy, returnHandOverList, submitHandOverList } from './archive-policy.ts';
import { ArchiveRecord, HandOverItem, HandOverList, type HandOverListEntity } from './archive.ts';
import { nextHandOverStatus, type HandOverAction, type HandOverStatus } from './handover-states.ts';
import { retentionEndsOn } from './retention.ts';

/**
 * Handing work files to the archive (seed 004 Art. 16; Decree 30: finished work files go to the
 * agency's archive within a year): the specialist who keeps closed work files puts them on a
 * hand-over list and submits it; an archive officer returns it with a reason or accepts it, and
 * each accepted work file becomes an archive record, read-only for everyone. The maker is told of
 * each return and of the acceptance. Every refusal comes before any write.
 */
const MAX_FILES = 500;

/** A work file the maker may hand over: one they see, opened by them, closed, and on no list yet. */
async function handable(em: EntityManager, actor: Actor, workFileId: string, field: string[]): Promise<WorkFileEntity> {
  const file = await em.findOne(WorkFile, withinSight(actor, workFilePolicy, { id: workFileId }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!file) return reject(field, 'NOT_FOUND', 'Hồ sơ không tồn tại.');
  if (file.creator.id !== actor.accountId) reject(field, 'NOT_ALLOWED', `Chỉ người lập hồ sơ ${file.code} được nộp lưu hồ sơ đó.`);
  if (file.status !== 'CLOSED') reject(field, 'INVALID_STATE', `Hồ sơ ${file.code} đang mở: chỉ nộp lưu hồ sơ đã đóng (đã kết thúc).`);
  if (await em.findOne(HandOverItem, { workFile: file.id })) reject(field, 'DUPLICATE', `Hồ sơ ${file.code} đã có trong một mục lục hồ sơ nộp lưu.`);
  return file;
}

async function findList(em: EntityManager, actor: Actor, id: string, field: string[]): Promise<HandOverListEntity> {
  const list = await em.findOne(HandOverList, withinSight(actor, handOverListPolicy, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!list) return reject(field, 'NOT_FOUND', 'Mục lục hồ sơ nộp lưu không tồn tại.');
  return list;
}

async function append(em: EntityManager, actor: Actor, list: HandOverListEntity, files: readonly WorkFileEntity[]): Promise<void> {
  const [last] = await em.execute<{ ordinal: number | null }[]>('select max("ordinal") as "ordinal" from "hand_over_item" where "list_id" = ?', [list.id]);
  let ordinal = last?.ordinal ?? 0;
  for (const file of files) em.create(HandOverItem, { organisation: actor.organisationId, list: list.id, workFile: file.id, ordinal: ++ordinal });
}

function move(list: HandOverListEntity, action: HandOverAction): void {
  list.status = nextHandOverStatus(list.status as HandOverStatus, action)!;
}

export async function createHandOverList(em: EntityManager, actor: Actor, input: { title: string; workFileIds: readonly string[] }): Promise<HandOverListEntity> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được lập mục lục hồ sơ nộp lưu.');
  const problems = new Problems();
  const title = requiredText(problems, ['input', 'title'], input.title, 500, 'Tiêu đề mục lục');
  const ids = [...new Set(input.workFileIds)];
  if (ids.length === 0) problems.add(['input', 'workFileIds'], 'REQUIRED', 'Chọn ít nhất một hồ sơ đã đóng để nộp lưu.');
  if (ids.length > MAX_FILES) problems.add(['input', 'workFileIds'], 'INVALID', `Một mục lục có tối đa ${MAX_FILES} hồ sơ.`);
  problems.throwIfAny();
  const files: WorkFileEntity[] = [];
  for (const [index, id] of ids.entries()) files.push(await handable(em, actor, id, ['input', 'workFileIds', String(index)]));
  const maker = await em.findOneOrFail(Account, { id: actor.accountId });
  const list = em.create(HandOverList, {
    organisation: actor.organisationId,
    title: title!,
    creator: maker.id,
    creatorUnit: maker.unit.id,
    status: 'DRAFT',
    handlerIds: [maker.id],
    handlerUnitIds: await unitsAndAncestors(em, [maker.unit.id]),
    returnReason: null,
  });
  await em.flush();
  await append(em, actor, list, files);
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.created', { type: 'HandOverList', id: list.id }, { workFileIds: files.map((file) => file.id) });
  return list;
}

export async function addToHandOverList(em: EntityManager, actor: Actor, input: { listId: string; workFileId: string }): Promise<HandOverListEntity> {
  const list = await findList(em, actor, input.listId, ['input', 'listId']);
  assertCan(actor, editHandOverList, list, ['input', 'listId']);
  const file = await handable(em, actor, input.workFileId, ['input', 'workFileId']);
  await append(em, actor, list, [file]);
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.file_added', { type: 'HandOverList', id: list.id }, { workFileId: file.id }, { type: 'WorkFile', id: file.id });
  return list;
}

export async function removeFromHandOverList(em: EntityManager, actor: Actor, input: { listId: string; workFileId: string }): Promise<HandOverListEntity> {
  const list = await findList(em, actor, input.listId, ['input', 'listId']);
  assertCan(actor, editHandOverList, list, ['input', 'listId']);
  const item = await em.findOne(HandOverItem, { list: list.id, workFile: input.workFileId });
  if (!item) reject(['input', 'workFileId'], 'NOT_FOUND', 'Hồ sơ không có trong mục lục.');
  em.remove(item);
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.file_removed', { type: 'HandOverList', id: list.id }, { workFileId: input.workFileId }, { type: 'WorkFile', id: input.workFileId });
  return list;
}

export async function submitList(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<HandOverListEntity> {
  const list = await findList(em, actor, id, ['input', 'id']);
  assertCan(actor, submitHandOverList, list, ['input', 'id']);
  if ((await em.count(HandOverItem, { list: list.id })) === 0) reject(['input', 'id'], 'REQUIRED', 'Mục lục chưa có hồ sơ nào.');
  move(list, 'SUBMIT');
  list.submittedAt = now;
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.submitted', { type: 'HandOverList', id: list.id });
  return list;
}

export async function returnList(em: EntityManager, actor: Actor, input: { id: string; reason: string }, now = new Date()): Promise<HandOverListEntity> {
  const list = await findList(em, actor, input.id, ['input', 'id']);
  assertCan(actor, returnHandOverList, list, ['input', 'id']);
  const problems = new Problems();
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 1000, 'Lý do trả lại');
  problems.throwIfAny();
  move(list, 'RETURN');
  list.returnReason = reason;
  list.returnedAt = now;
  list.checkedBy = em.getReference(Account, actor.accountId!) as never;
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.returned', { type: 'HandOverList', id: list.id }, { reason });
  await sendSystemNotice(em, actor.organisationId, { kind: 'ARCHIVE_HANDOVER', text: `Mục lục hồ sơ nộp lưu "${list.title}" bị trả lại: ${reason}`, recipients: [list.creator.id] });
  return list;
}

export async function acceptList(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<HandOverListEntity> {
  const list = await findList(em, actor, id, ['input', 'id']);
  assertCan(actor, acceptHandOverList, list, ['input', 'id']);
  const items = await em.find(HandOverItem, { list: list.id }, { orderBy: { ordinal: 'asc' } });
  // Every file's row is locked, so nothing reopens one while it becomes the archive's.
  const files = await em.find(WorkFile, { id: { $in: items.map((item) => item.workFile.id) } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const file of files) {
    if (file.status !== 'CLOSED' || !file.endDate) reject(['input', 'id'], 'INVALID_STATE', `Hồ sơ ${file.code} không còn ở trạng thái đã đóng: trả lại mục lục để người lập bỏ hồ sơ đó ra.`);
  }
  move(list, 'ACCEPT');
  list.acceptedAt = now;
  list.checkedBy = em.getReference(Account, actor.accountId!) as never;
  for (const file of files) {
    em.create(ArchiveRecord, {
      organisation: actor.organisationId,
      workFile: file.id,
      handOverList: list.id,
      acceptedBy: actor.accountId!,
      acceptedAt: now,
      retentionYears: file.retentionYears ?? null,
      retentionEndsOn: retentionEndsOn(file.endDate!, file.retentionYears ?? null),
      status: 'KEPT',
      handlerIds: [...file.handlerIds],
      handlerUnitIds: [...file.handlerUnitIds],
      destroyedAt: null,
    });
  }
  await em.flush();
  await auditAct(em, actor, 'archive.hand_over.accepted', { type: 'HandOverList', id: list.id }, { workFileIds: files.map((file) => file.id) });
  await sendSystemNotice(em, actor.organisationId, { kind: 'ARCHIVE_HANDOVER', text: `Mục lục hồ sơ nộp lưu "${list.title}" đã được lưu trữ cơ quan tiếp nhận (${files.length} hồ sơ).`, recipients: [list.creator.id] });
  return list;
}
