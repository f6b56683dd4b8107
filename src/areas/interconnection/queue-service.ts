import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { withinSight } from '../../core/policy.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Document, withdrawCopy } from '../documents/public.ts';
import { STATUS_CODES } from './edxml-format.ts';
import { InterconnectionMessage, type InterconnectionMessageEntity } from './interconnection.ts';
import { messagePolicy } from './message-policy.ts';
import { queueStatus } from './sending-service.ts';

/** What the keepers of the queue do with its messages: retry a dead one, answer a recall request. */
async function findMessage(em: EntityManager, actor: Actor, id: string): Promise<InterconnectionMessageEntity> {
  await em.execute('select 1 from interconnection_message where id = ? for update', [id]);
  const message = await em.findOne(InterconnectionMessage, withinSight(actor, messagePolicy, { id }));
  if (!message) reject(['input', 'id'], 'NOT_FOUND', 'Thông điệp không tồn tại.');
  return message;
}

export async function retryMessage(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<InterconnectionMessageEntity> {
  const message = await findMessage(em, actor, id);
  if (!actor.ownRoles.includes('IT_OFFICER')) reject(null, 'NOT_ALLOWED', 'Chỉ cán bộ CNTT gửi lại thông điệp.');
  if (message.direction !== 'OUT' || message.state !== 'DEAD') reject(['input', 'id'], 'INVALID_STATE', 'Chỉ gửi lại được thông điệp đi đã dừng gửi.');
  message.state = 'QUEUED';
  message.attempts = 0;
  message.nextAttemptAt = now;
  await em.flush();
  await auditAct(em, actor, 'interconnection.message_retried', { type: 'InterconnectionMessage', id: message.id }, { peer: message.peerOrganId });
  return message;
}

/**
 * The sender asked to recall a document it sent us (13). The clerk keeping the register accepts —
 * the copy is withdrawn as for a recall inside the deployment (Decree 30 Art. 18 §4) and 15 goes
 * back — or refuses with a reason (16).
 */
export async function answerRecall(em: EntityManager, actor: Actor, input: { id: string; accept: boolean; reason?: string | null }, now = new Date()): Promise<InterconnectionMessageEntity> {
  const message = await findMessage(em, actor, input.id);
  if (message.direction !== 'IN' || message.kind !== 'DOCUMENT' || !message.recallRequested || !message.document) reject(['input', 'id'], 'INVALID_STATE', 'Không có đề nghị thu hồi nào chờ trả lời cho thông điệp này.');
  if (!actor.ownRoles.includes('CLERK')) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư trả lời đề nghị thu hồi.');
  const problems = new Problems();
  const reason = input.reason?.trim() ? requiredText(problems, ['input', 'reason'], input.reason, 500, 'Lý do') : null;
  if (!input.accept && !reason) problems.add(['input', 'reason'], 'REQUIRED', 'Từ chối thu hồi phải nêu lý do.');
  problems.throwIfAny();
  const copy = await em.findOneOrFail(Document, { id: message.document.id }, { filters: false });
  message.recallRequested = false;
  if (input.accept) {
    await withdrawCopy(em, copy, { byExternalSender: message.peerOrganId, reason });
    await queueStatus(em, message, '15', reason ?? STATUS_CODES['15'], now);
  } else {
    await queueStatus(em, message, '16', reason, now);
  }
  await em.flush();
  await auditAct(em, actor, input.accept ? 'interconnection.recall_accepted' : 'interconnection.recall_refused', { type: 'InterconnectionMessage', id: message.id }, { peer: message.peerOrganId });
  return message;
}
