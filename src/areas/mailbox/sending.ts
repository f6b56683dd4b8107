import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import nodemailer from 'nodemailer';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import type { ServerParts } from '../../core/module.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { putBytes, readBytes } from '../../core/blob-bytes.ts';
import { Mailbox, MailAttachment, MailMessage, type MailMessageEntity, type OutgoingKind } from './mailbox.ts';
import { mailMessagePolicy } from './mail-policy.ts';
import { mailSearchText } from './search.ts';

/**
 * Replies and forwards (issue 15 §4), the head's alone. The message is composed here once, with
 * its Message-ID and threading headers (In-Reply-To, References), kept by SHA-256 as the sent
 * copy, and queued; the `mail-send` job hands those exact bytes to the relay (SMTP_RELAY_URL),
 * retrying while it is down. Each queued message is sent under a row lock and marked sent in the
 * same transaction, so two workers never both send it; a retry resends the same bytes with the
 * same Message-ID, which receivers deduplicate.
 */
const ADDRESS = /^[^\s@<>()",;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export interface OutgoingInput {
  messageId: string;
  kind: OutgoingKind;
  text: string;
  /** Forward only: who it goes to. */
  to?: readonly string[] | null;
}

export async function composeOutgoing(em: EntityManager, actor: Actor, input: OutgoingInput): Promise<MailMessageEntity> {
  const viewer = actor.viewer;
  if (!viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được trả lời thư.');
  const original = await em.findOne(MailMessage, { $and: [{ id: input.messageId }, mailMessagePolicy.visible(viewer)] } as never, { populate: ['mailbox'] });
  if (!original) reject(['input', 'messageId'], 'NOT_FOUND', 'Thư không tồn tại.');
  const mailbox = await em.findOneOrFail(Mailbox, { id: original.mailbox.id });
  if (mailbox.head?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người phụ trách hộp thư được trả lời hoặc chuyển tiếp thư.');
  const problems = new Problems();
  const text = input.text.trim();
  if (!text) problems.add(['input', 'text'], 'REQUIRED', 'Nội dung thư không được để trống.');
  if (text.length > 100_000) problems.add(['input', 'text'], 'TOO_LONG', 'Nội dung thư quá dài.');
  const to = input.kind === 'REPLY' ? [original.fromAddress] : [...new Set((input.to ?? []).map((address) => address.trim().toLowerCase()))];
  if (input.kind === 'FORWARD' && to.length === 0) problems.add(['input', 'to'], 'REQUIRED', 'Chọn người nhận thư chuyển tiếp.');
  if (to.some((address) => !ADDRESS.test(address))) problems.add(['input', 'to'], 'INVALID', 'Địa chỉ người nhận không hợp lệ.');
  problems.throwIfAny();

  const domain = mailbox.address.split('@')[1]!;
  const messageId = `${randomUUID()}@${domain}`;
  const references = [...original.references, original.messageId];
  const prefix = input.kind === 'REPLY' ? 'Re: ' : 'Fwd: ';
  const subject = original.subject.startsWith(prefix) ? original.subject : `${prefix}${original.subject}`;
  // A forward carries the original's attachments (never a quarantined one).
  const attachments = input.kind === 'FORWARD' ? await em.find(MailAttachment, { message: original.id, quarantined: false }) : [];
  const quoted = input.kind === 'FORWARD' ? `\n\n---------- Thư chuyển tiếp ----------\nTừ: ${original.fromName ? `${original.fromName} <${original.fromAddress}>` : original.fromAddress}\nTiêu đề: ${original.subject}\n\n${original.text}` : '';
  const body = `${text}${quoted}`;
  const sent = em.create(MailMessage, {
    organisation: actor.organisationId,
    mailbox: mailbox.id,
    messageId,
    inReplyTo: input.kind === 'REPLY' ? original.messageId : null,
    references: input.kind === 'REPLY' ? references : [],
    threadId: input.kind === 'REPLY' ? original.threadId : randomUUID(),
    outgoing: true,
    folder: 'SENT',
    fromAddress: mailbox.address,
    fromName: mailbox.displayName,
    toAddresses: to,
    ccAddresses: [],
    subject,
    text: body,
    html: null,
    sentAt: new Date(),
    rawSha256: null,
    rawSize: 0,
    searchText: mailSearchText(subject, mailbox.address, mailbox.displayName, body),
    outgoingKind: input.kind,
    sendState: 'QUEUED',
    draftedBy: actor.accountId,
  } as never);
  if (input.kind === 'FORWARD') sent.threadId = sent.id;
  for (const attachment of attachments) em.create(MailAttachment, { organisation: actor.organisationId, message: sent.id, fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size, sha256: attachment.sha256, quarantined: false } as never);
  await em.flush();
  await auditAct(em, actor, input.kind === 'REPLY' ? 'mail.replied' : 'mail.forwarded', { type: 'MailMessage', id: sent.id }, { originalId: original.id });
  return sent;
}

/**
 * The bytes of an outgoing message: composed on its first attempt (with the Message-ID and
 * threading headers fixed when it was queued) and kept by SHA-256 as the sent copy; a retry
 * sends the kept bytes.
 */
async function rawOf(em: EntityManager, store: BlobStore, message: MailMessageEntity): Promise<Buffer> {
  if (message.rawSha256) {
    const kept = await readBytes(store, message.rawSha256);
    if (!kept) throw new Error(`the raw bytes of queued mail ${message.id} are missing`);
    return kept;
  }
  const mailbox = message.mailbox.getEntity();
  const attachments = await em.find(MailAttachment, { message: message.id }, { filters: false });
  const files = await Promise.all(attachments.map(async (attachment) => ({ filename: attachment.fileName, contentType: attachment.contentType, content: (await readBytes(store, attachment.sha256)) ?? Buffer.alloc(0) })));
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const built = await composer.sendMail({
    from: { name: mailbox.displayName, address: mailbox.address },
    to: [...message.toAddresses],
    subject: message.subject,
    text: message.text,
    messageId: `<${message.messageId}>`,
    date: message.sentAt,
    ...(message.inReplyTo ? { inReplyTo: `<${message.inReplyTo}>`, references: message.references.map((reference) => `<${reference}>`) } : {}),
    attachments: files,
  });
  const raw = built.message as Buffer;
  message.rawSha256 = await putBytes(store, raw);
  message.rawSize = raw.length;
  return raw;
}

/**
 * The `mail-send` job: every queued message to the relay. Fails (so pg-boss retries it after a
 * delay) when some could not be handed over; those sent stay sent.
 */
export async function sendQueuedMail({ orm, store, log }: Pick<ServerParts, 'orm' | 'store' | 'log'>, relayUrl = process.env.SMTP_RELAY_URL): Promise<{ sent: number; failed: number }> {
  if (!relayUrl) return { sent: 0, failed: 0 };
  const relay = nodemailer.createTransport(relayUrl);
  let sent = 0;
  let failed = 0;
  try {
    const queued = await orm.em.fork().find(MailMessage, { sendState: 'QUEUED' }, { filters: false, fields: ['id'], orderBy: { sentAt: 'asc' }, limit: 500 });
    for (const { id } of queued) {
      const outcome = await orm.em.fork().transactional(async (em) => {
        // Skipped when another worker holds it, or it was sent in between.
        const [row] = await em.execute<{ id: string }[]>(`select "id" from "mail_message" where "id" = ? and "send_state" = 'QUEUED' for update skip locked`, [id]);
        if (!row) return 'skipped';
        const message = await em.findOneOrFail(MailMessage, { id }, { filters: false, populate: ['mailbox'] });
        const raw = await rawOf(em, store, message);
        message.sendAttempts += 1;
        try {
          await relay.sendMail({ envelope: { from: message.mailbox.getEntity().address, to: [...message.toAddresses] }, raw });
        } catch (error) {
          message.lastSendError = String((error as Error).message ?? error).slice(0, 2000);
          await em.flush();
          return 'failed';
        }
        message.sendState = 'SENT';
        message.deliveredAt = new Date();
        message.lastSendError = null;
        await em.flush();
        return 'sent';
      });
      if (outcome === 'sent') sent += 1;
      if (outcome === 'failed') failed += 1;
    }
  } finally {
    relay.close();
  }
  if (failed > 0) {
    log.warn({ failed }, 'the mail relay refused or could not be reached; retrying');
    throw new Error(`${failed} message(s) could not be handed to the relay`);
  }
  return { sent, failed };
}
