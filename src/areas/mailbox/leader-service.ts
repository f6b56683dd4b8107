import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account } from '../accounts/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import { Mailbox, MailMessage, type MailMessageEntity } from './mailbox.ts';
import { leadsOrganisation, mailMessagePolicy, mailboxPolicy } from './mail-policy.ts';
import { mailSearchText } from './search.ts';

/**
 * What goes to the leaders (issue 15 §4 and §5; seed 000 Art. 12): a new message from the shared
 * address is drafted by the head and sent only once a leader other than its author approves it
 * (or returns it with a comment, and the head revises it); a reader reports a mail as needing a
 * leader's direction, the leaders are told, and a leader writes the direction. The notices carry
 * no subject: the leaders open the mail itself, under its own rule.
 */
const ADDRESS = /^[^\s@<>()",;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

async function leaderIds(em: EntityManager): Promise<string[]> {
  const accounts = await em.find(Account, { status: 'ACTIVE', roles: { $overlap: ['LEADER', 'DEPUTY_LEADER'] } } as never, { fields: ['id'] });
  return accounts.map((account) => account.id);
}

async function findMessage(em: EntityManager, actor: Actor, id: string): Promise<MailMessageEntity> {
  if (!actor.viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được thao tác trên thư.');
  await em.execute('select 1 from "mail_message" where "id" = ? for update', [id]);
  const message = await em.findOne(MailMessage, { $and: [{ id }, mailMessagePolicy.visible(actor.viewer)] } as never, { populate: ['mailbox'] });
  if (!message) reject(['input', 'messageId'], 'NOT_FOUND', 'Thư không tồn tại.');
  return message;
}

interface DraftInput {
  to: readonly string[];
  subject: string;
  text: string;
}

function cleanDraft(input: DraftInput) {
  const problems = new Problems();
  const to = [...new Set(input.to.map((address) => address.trim().toLowerCase()))];
  if (to.length === 0) problems.add(['input', 'to'], 'REQUIRED', 'Chọn người nhận thư.');
  if (to.some((address) => !ADDRESS.test(address))) problems.add(['input', 'to'], 'INVALID', 'Địa chỉ người nhận không hợp lệ.');
  const subject = requiredText(problems, ['input', 'subject'], input.subject, 998, 'Tiêu đề thư');
  const text = input.text.trim();
  if (!text) problems.add(['input', 'text'], 'REQUIRED', 'Nội dung thư không được để trống.');
  problems.throwIfAny();
  return { to, subject: subject!, text };
}

/** The head drafts a new message; it waits for a leader. */
export async function draftMail(em: EntityManager, actor: Actor, input: DraftInput & { mailboxId: string }): Promise<MailMessageEntity> {
  if (!actor.viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được soạn thư.');
  const mailbox = await em.findOne(Mailbox, { $and: [{ id: input.mailboxId }, mailboxPolicy.visible(actor.viewer)] } as never);
  if (!mailbox) reject(['input', 'mailboxId'], 'NOT_FOUND', 'Hộp thư không tồn tại.');
  if (mailbox.head?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người phụ trách hộp thư được soạn thư mới.');
  const { to, subject, text } = cleanDraft(input);
  const id = randomUUID();
  const draft = em.create(MailMessage, {
    id,
    organisation: actor.organisationId,
    mailbox: mailbox.id,
    messageId: `${randomUUID()}@${mailbox.address.split('@')[1]}`,
    references: [],
    threadId: id,
    outgoing: true,
    folder: 'DRAFTS',
    fromAddress: mailbox.address,
    fromName: mailbox.displayName,
    toAddresses: to,
    ccAddresses: [],
    subject,
    text,
    sentAt: new Date(),
    searchText: mailSearchText(subject, mailbox.address, mailbox.displayName, text),
    outgoingKind: 'NEW',
    sendState: 'AWAITING_APPROVAL',
    draftedBy: actor.accountId,
  } as never);
  await em.flush();
  await auditAct(em, actor, 'mail.drafted', { type: 'MailMessage', id: draft.id });
  await sendSystemNotice(em, actor.organisationId, { kind: 'MAIL_APPROVAL', text: `Có thư mới từ hộp thư chung ${mailbox.address} chờ lãnh đạo duyệt.`, recipients: (await leaderIds(em)).filter((leader) => leader !== actor.accountId) });
  return draft;
}

/** The head revises a returned draft; it waits for a leader again. */
export async function reviseDraft(em: EntityManager, actor: Actor, input: DraftInput & { messageId: string }): Promise<MailMessageEntity> {
  const draft = await findMessage(em, actor, input.messageId);
  if (draft.draftedBy?.id !== actor.accountId || draft.mailbox.getEntity().head?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người phụ trách hộp thư đã soạn thư được sửa thư.');
  if (draft.outgoingKind !== 'NEW' || !['AWAITING_APPROVAL', 'RETURNED'].includes(draft.sendState ?? '')) reject(['input', 'messageId'], 'INVALID_STATE', 'Thư đã được duyệt, không sửa được nữa.');
  const { to, subject, text } = cleanDraft(input);
  Object.assign(draft, { toAddresses: to, subject, text, sendState: 'AWAITING_APPROVAL', searchText: mailSearchText(subject, draft.fromAddress, draft.fromName ?? null, text) });
  await em.flush();
  await auditAct(em, actor, 'mail.draft_revised', { type: 'MailMessage', id: draft.id });
  return draft;
}

async function awaitingLeader(em: EntityManager, actor: Actor, id: string): Promise<MailMessageEntity> {
  if (!actor.viewer || !leadsOrganisation(actor.viewer)) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo duyệt thư mới.');
  const draft = await findMessage(em, actor, id);
  if (draft.outgoingKind !== 'NEW' || draft.sendState !== 'AWAITING_APPROVAL') reject(['input', 'messageId'], 'INVALID_STATE', 'Thư không ở trạng thái chờ duyệt.');
  if (draft.draftedBy?.id === actor.accountId) reject(['input', 'messageId'], 'NOT_ALLOWED', 'Không tự duyệt thư mình soạn.');
  return draft;
}

/** A leader approves: the message is queued for the relay (the `mail-send` job). */
export async function approveDraft(em: EntityManager, actor: Actor, id: string): Promise<MailMessageEntity> {
  const draft = await awaitingLeader(em, actor, id);
  Object.assign(draft, { sendState: 'QUEUED', folder: 'SENT', approvedBy: actor.accountId, returnComment: null, sentAt: new Date() });
  await em.flush();
  await auditAct(em, actor, 'mail.approved', { type: 'MailMessage', id: draft.id });
  return draft;
}

/** A leader returns the draft to the head with a comment. */
export async function returnDraft(em: EntityManager, actor: Actor, id: string, comment: string): Promise<MailMessageEntity> {
  const draft = await awaitingLeader(em, actor, id);
  const problems = new Problems();
  const clean = requiredText(problems, ['input', 'comment'], comment, 2000, 'Ý kiến');
  problems.throwIfAny();
  Object.assign(draft, { sendState: 'RETURNED', returnComment: clean });
  await em.flush();
  await auditAct(em, actor, 'mail.returned', { type: 'MailMessage', id: draft.id });
  const head = draft.draftedBy?.id;
  if (head) await sendSystemNotice(em, actor.organisationId, { kind: 'MAIL_APPROVAL', text: 'Lãnh đạo trả lại thư mới của hộp thư chung kèm ý kiến.', recipients: [head] });
  return draft;
}

/** A reader reports a received mail as needing a leader's direction; the leaders are told. */
export async function askDirection(em: EntityManager, actor: Actor, id: string, note: string | null | undefined): Promise<MailMessageEntity> {
  const message = await findMessage(em, actor, id);
  if (!actor.viewer || !message.mailbox.getEntity().readers.includes(actor.accountId!)) reject(['input', 'messageId'], 'NOT_FOUND', 'Thư không tồn tại.');
  if (message.outgoing) reject(['input', 'messageId'], 'INVALID_STATE', 'Chỉ thư nhận được mới xin ý kiến chỉ đạo.');
  if (message.folder === 'NEEDS_DIRECTION') reject(['input', 'messageId'], 'INVALID_STATE', 'Thư đã được báo cáo lãnh đạo.');
  Object.assign(message, { folder: 'NEEDS_DIRECTION', directionAskedBy: actor.accountId, directionNote: note?.trim() ? note.trim().slice(0, 2000) : null });
  await em.flush();
  await auditAct(em, actor, 'mail.direction_asked', { type: 'MailMessage', id: message.id });
  await sendSystemNotice(em, actor.organisationId, { kind: 'MAIL_DIRECTION', text: `Có thư trong hộp thư chung ${message.mailbox.getEntity().address} cần lãnh đạo cho ý kiến chỉ đạo.`, recipients: await leaderIds(em) });
  return message;
}

/** A leader writes the direction on a reported mail. */
export async function giveDirection(em: EntityManager, actor: Actor, id: string, direction: string): Promise<MailMessageEntity> {
  if (!actor.viewer || !leadsOrganisation(actor.viewer)) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo cho ý kiến chỉ đạo.');
  const message = await findMessage(em, actor, id);
  if (message.folder !== 'NEEDS_DIRECTION') reject(['input', 'messageId'], 'INVALID_STATE', 'Thư chưa được báo cáo xin ý kiến chỉ đạo.');
  const problems = new Problems();
  const text = requiredText(problems, ['input', 'direction'], direction, 4000, 'Ý kiến chỉ đạo');
  problems.throwIfAny();
  Object.assign(message, { leaderDirection: text, directedBy: actor.accountId, directedAt: new Date() });
  await em.flush();
  await auditAct(em, actor, 'mail.directed', { type: 'MailMessage', id: message.id });
  const asker = message.directionAskedBy?.id;
  if (asker) await sendSystemNotice(em, actor.organisationId, { kind: 'MAIL_DIRECTION', text: 'Lãnh đạo đã cho ý kiến chỉ đạo về thư trong hộp thư chung.', recipients: [asker] });
  return message;
}
