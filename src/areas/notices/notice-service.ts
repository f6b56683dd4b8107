import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, unitsAndDescendants } from '../accounts/public.ts';
import type { Actor } from '../../core/actor.ts';
import { publish } from '../../core/events.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Notice, NoticeDelivery, type NoticeAudience, type NoticeDeliveryEntity, type NoticeKind } from './notice.ts';

export interface SendNoticeInput {
  audience: NoticeAudience;
  /** People (audience PEOPLE) or units, each with its sub-units (audience UNITS). */
  audienceIds?: readonly string[] | null;
  text: string;
  documentId?: string | null;
  taskId?: string | null;
  workFileId?: string | null;
}

type LinkedType = 'Document' | 'Task' | 'WorkFile';

const LINKS = [
  { type: 'Document', field: 'documentId', message: 'Văn bản không tồn tại.' },
  { type: 'Task', field: 'taskId', message: 'Nhiệm vụ không tồn tại.' },
  { type: 'WorkFile', field: 'workFileId', message: 'Hồ sơ không tồn tại.' },
] as const;

/**
 * Sends a notice: fixes its recipients (active accounts) and announces it on commit. The sender may
 * link a document, task or work file they can see (`sees`: their own rules; one they cannot is
 * answered as missing); a recipient who may not see it gets the notice without it.
 */
export async function sendNotice(
  em: EntityManager,
  actor: Actor,
  input: SendNoticeInput,
  sees: (type: LinkedType, id: string) => Promise<boolean>,
): Promise<{ noticeId: string; recipients: number }> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được gửi thông báo.');
  const problems = new Problems();
  const text = requiredText(problems, ['input', 'text'], input.text, 2000, 'Nội dung thông báo');
  const ids = [...new Set(input.audienceIds ?? [])];
  if (input.audience !== 'EVERYONE' && ids.length === 0) problems.add(['input', 'audienceIds'], 'REQUIRED', 'Chọn người hoặc đơn vị nhận thông báo.');
  if (input.audience === 'EVERYONE' && ids.length > 0) problems.add(['input', 'audienceIds'], 'INVALID', 'Thông báo toàn cơ quan không kèm danh sách người nhận.');
  for (const link of LINKS) {
    const id = input[link.field];
    if (id && !(await sees(link.type, id))) problems.add(['input', link.field], 'NOT_FOUND', link.message);
  }
  problems.throwIfAny();

  let recipients: string[];
  if (input.audience === 'EVERYONE') {
    recipients = (await em.find(Account, { status: 'ACTIVE' }, { fields: ['id'] })).map((account) => account.id);
  } else if (input.audience === 'PEOPLE') {
    const accounts = await em.find(Account, { id: { $in: ids }, status: 'ACTIVE' }, { fields: ['id'] });
    if (accounts.length !== ids.length) reject(['input', 'audienceIds'], 'NOT_FOUND', 'Người nhận không tồn tại hoặc không hoạt động.');
    recipients = accounts.map((account) => account.id);
  } else {
    const units = await unitsAndDescendants(em, ids);
    if (units.requested !== ids.length) reject(['input', 'audienceIds'], 'INVALID_UNIT', 'Đơn vị nhận không tồn tại.');
    recipients = (await em.find(Account, { unit: { $in: units.ids }, status: 'ACTIVE' }, { fields: ['id'] })).map((account) => account.id);
  }
  const notice = em.create(Notice, {
    organisation: actor.organisationId,
    sender: actor.accountId,
    audience: input.audience,
    audienceIds: ids,
    text: text!,
    document: input.documentId ?? null,
    task: input.taskId ?? null,
    workFile: input.workFileId ?? null,
  });
  for (const account of recipients) em.create(NoticeDelivery, { organisation: actor.organisationId, notice: notice.id, account });
  await em.flush();
  await publish(em, { type: 'notice.sent', organisationId: actor.organisationId, noticeId: notice.id });
  return { noticeId: notice.id, recipients: recipients.length };
}

export async function markNoticeRead(em: EntityManager, actor: Actor, deliveryId: string): Promise<NoticeDeliveryEntity> {
  const delivery = await em.findOne(NoticeDelivery, { id: deliveryId, account: actor.accountId ?? undefined });
  if (!delivery) reject(['input', 'id'], 'NOT_FOUND', 'Thông báo không tồn tại.');
  delivery.readAt ??= new Date();
  await em.flush();
  return delivery;
}

export async function markAllNoticesRead(em: EntityManager, actor: Actor): Promise<number> {
  return em.nativeUpdate(NoticeDelivery, { account: actor.accountId ?? undefined, readAt: null }, { readAt: new Date() });
}

export interface SystemNotice {
  kind: Exclude<NoticeKind, 'MESSAGE'>;
  /** The reminder's own words; the linked task's or document's name is added when it is read. */
  text: string;
  recipients: readonly string[];
  documentId?: string | null;
  taskId?: string | null;
}

/** A reminder from the system itself (no sender) to the people named, announced on commit; its id, null when it had no one to go to. */
export async function sendSystemNotice(em: EntityManager, organisationId: string, notice: SystemNotice): Promise<string | null> {
  const recipients = [...new Set(notice.recipients)];
  if (recipients.length === 0) return null;
  const created = em.create(Notice, {
    organisation: organisationId,
    sender: null,
    kind: notice.kind,
    audience: 'PEOPLE',
    audienceIds: recipients,
    text: notice.text.slice(0, 2000),
    namesRecord: Boolean(notice.documentId ?? notice.taskId),
    document: notice.documentId ?? null,
    task: notice.taskId ?? null,
  });
  for (const account of recipients) em.create(NoticeDelivery, { organisation: organisationId, notice: created.id, account });
  await em.flush();
  await publish(em, { type: 'notice.sent', organisationId, noticeId: created.id });
  return created.id;
}
