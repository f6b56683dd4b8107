import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import type { Viewer } from '../../core/viewer.ts';
import { reject } from '../../core/user-error.ts';
import { MailAccess, MailMessage, MailRead, type MailFolder, type MailMessageEntity } from './mailbox.ts';
import { mailMessagePolicy } from './mail-policy.ts';

/**
 * Reading the mailbox (issue 15 §3): every open of a message is kept in its access history and
 * marks it read for the reader; read state is the reader's own; a received message moves between
 * the inbox, needing direction and unrelated to work (sent mail stays sent).
 */
export async function recordOpen(em: EntityManager, viewer: Viewer, message: MailMessageEntity, via: string): Promise<void> {
  const at = new Date();
  em.create(MailAccess, { organisation: viewer.organisationId, message: message.id, account: viewer.accountId, at, via } as never);
  await em.flush();
  await em.execute(`insert into "mail_read" ("message_id", "account_id", "organisation_id", "read_at") values (?, ?, ?, ?) on conflict do nothing`, [message.id, viewer.accountId, viewer.organisationId, at]);
}

async function findMessage(em: EntityManager, actor: Actor, id: string): Promise<MailMessageEntity> {
  if (!actor.viewer) reject(null, 'NOT_ALLOWED', 'Chỉ người đọc hộp thư được thao tác trên thư.');
  await em.execute('select 1 from "mail_message" where "id" = ? for update', [id]);
  const message = await em.findOne(MailMessage, { $and: [{ id }, mailMessagePolicy.visible(actor.viewer)] } as never);
  if (!message) reject(['input', 'messageId'], 'NOT_FOUND', 'Thư không tồn tại.');
  return message;
}

export async function markRead(em: EntityManager, actor: Actor, id: string, read: boolean): Promise<MailMessageEntity> {
  const message = await findMessage(em, actor, id);
  if (read) await em.execute(`insert into "mail_read" ("message_id", "account_id", "organisation_id", "read_at") values (?, ?, ?, now()) on conflict do nothing`, [message.id, actor.accountId, actor.organisationId]);
  else await em.nativeDelete(MailRead, { message: message.id, account: actor.accountId! });
  return message;
}

// Reporting to the leaders is askMailDirection's (it tells them).
const MOVABLE: readonly MailFolder[] = ['INBOX', 'UNRELATED'];

export async function moveMail(em: EntityManager, actor: Actor, id: string, folder: MailFolder): Promise<MailMessageEntity> {
  const message = await findMessage(em, actor, id);
  if (message.outgoing || !MOVABLE.includes(folder)) reject(['input', 'folder'], 'INVALID', 'Thư nhận chỉ chuyển về Hộp thư đến hoặc Không liên quan công việc.');
  if (message.folder === folder) return message;
  const from = message.folder;
  message.folder = folder;
  await em.flush();
  await auditAct(em, actor, 'mail.moved', { type: 'MailMessage', id: message.id }, { from, to: folder });
  return message;
}
