import type { FilterQuery } from '@mikro-orm/core';
import { paginate } from '../../core/connection.ts';
import { forkFor, viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { createOnce, mutate } from '../../core/mutate.ts';
import { NOTHING } from '../../core/policy.ts';
import { recordStream } from '../../core/record-stream.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { archivePath } from './archive-route.ts';
import { attachmentPath } from './attachment-route.ts';
import { createMailbox, designate, withdraw } from './designation-service.ts';
import { MailArchive, Mailbox, MailMessage, type MailboxEntity, type MailMessageEntity } from './mailbox.ts';
import { mailboxPolicy, mailMessagePolicy, readsMailbox } from './mail-policy.ts';
import { markRead, moveMail, recordOpen } from './reading-service.ts';
import { mailMessageRecordKind } from './record-kind.ts';
import { wordSearchCondition } from '../../core/word-search.ts';
import { composeOutgoing } from './sending.ts';
import { approveDraft, askDirection, draftMail, giveDirection, returnDraft, reviseDraft } from './leader-service.ts';

/** The shared mailbox over GraphQL: thin, every rule in the area's services and policies. */

/** A message read by id is an open, kept in its access history (and it reads as read). */
export async function openMessage(context: Context, message: MailMessageEntity, via = 'by_id'): Promise<MailMessageEntity> {
  const viewer = viewerOf(context);
  await forkFor(context.orm, viewer).transactional((em) => recordOpen(em, viewer, message, via));
  context.loaders.mailReadByViewer.clear(message.id);
  context.loaders.mailAccessesOf.clear(message.id);
  return message;
}

/** The messages of a mailbox the viewer reads, with a condition; none when they do not read it. */
function messagesOf(context: Context, mailbox: MailboxEntity, condition: FilterQuery<MailMessageEntity> | null): FilterQuery<MailMessageEntity> {
  const viewer = viewerOf(context);
  if (!readsMailbox(viewer, mailbox)) return NOTHING as FilterQuery<MailMessageEntity>;
  return { $and: [{ mailbox: mailbox.id }, mailMessagePolicy.visible(viewer), ...(condition ? [condition] : [])] } as FilterQuery<MailMessageEntity>;
}

const ORDER = { sentAt: 'desc', id: 'desc' } as const;
const messagePayload = (work: Promise<MailMessageEntity>) => work.then((message) => ({ message }));

export const mailResolvers: Resolvers = {
  Subscription: {
    mailMessageChanged: {
      subscribe: (_, { mailboxId }, context) => {
        const mailbox = optionalIdOf(mailboxId, 'Mailbox', ['mailboxId']);
        return recordStream(context, mailMessageRecordKind, mailbox ? { accept: (_event, message) => message.mailbox.id === mailbox } : {}) as never;
      },
      resolve: (message: MailMessageEntity) => message,
    },
  },
  Query: {
    mailboxes: (_, __, context) => context.em.find(Mailbox, mailboxPolicy.visible(viewerOf(context)), { orderBy: { address: 'asc' } }),
    mailbox: async (_, { id }, context) => (await context.loaders.mailbox.load(idOf(id, 'Mailbox', ['id']))) ?? Promise.reject(notFound()),
    mailForLeaders: (_, args, context, info) => {
      const viewer = viewerOf(context);
      const reported = { $or: [{ folder: 'NEEDS_DIRECTION' }, { outgoingKind: 'NEW', sendState: 'AWAITING_APPROVAL' }] };
      return paginate(context.em, MailMessage, { $and: [mailMessagePolicy.visible(viewer), reported] } as FilterQuery<MailMessageEntity>, ORDER, args, info);
    },
    mailMessage: async (_, { id }, context) => {
      const message = await context.loaders.mailMessage.load(idOf(id, 'MailMessage', ['id']));
      if (!message) throw notFound();
      return openMessage(context, message);
    },
  },
  Mutation: {
    createMailbox: (_, { input }, context) =>
      createOnce(context, 'createMailbox', input.idempotencyKey, 'mailbox', context.loaders.mailbox, (em, actor) => createMailbox(em, actor, { address: input.address, displayName: input.displayName })),
    designateMailboxReader: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        mailbox: await designate(em, actor, { mailboxId: idOf(input.mailboxId, 'Mailbox', ['input', 'mailboxId']), accountId: idOf(input.accountId, 'Account', ['input', 'accountId']), role: input.role }),
      })),
    withdrawMailboxReader: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        mailbox: await withdraw(em, actor, { mailboxId: idOf(input.mailboxId, 'Mailbox', ['input', 'mailboxId']), accountId: idOf(input.accountId, 'Account', ['input', 'accountId']) }),
      })),
    markMailRead: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(markRead(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId']), input.read))),
    moveMail: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(moveMail(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId']), input.folder))),
    replyToMail: (_, { input }, context) =>
      mutate(context, (em, actor) => messagePayload(composeOutgoing(em, actor, { messageId: idOf(input.messageId, 'MailMessage', ['input', 'messageId']), kind: 'REPLY', text: input.text }))),
    forwardMail: (_, { input }, context) =>
      mutate(context, (em, actor) => messagePayload(composeOutgoing(em, actor, { messageId: idOf(input.messageId, 'MailMessage', ['input', 'messageId']), kind: 'FORWARD', text: input.text, to: input.to }))),
    draftMail: (_, { input }, context) =>
      mutate(context, (em, actor) => messagePayload(draftMail(em, actor, { mailboxId: idOf(input.mailboxId, 'Mailbox', ['input', 'mailboxId']), to: input.to, subject: input.subject, text: input.text }))),
    reviseMailDraft: (_, { input }, context) =>
      mutate(context, (em, actor) => messagePayload(reviseDraft(em, actor, { messageId: idOf(input.messageId, 'MailMessage', ['input', 'messageId']), to: input.to, subject: input.subject, text: input.text }))),
    approveMailDraft: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(approveDraft(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId'])))),
    returnMailDraft: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(returnDraft(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId']), input.comment))),
    askMailDirection: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(askDirection(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId']), input.note))),
    giveMailDirection: (_, { input }, context) => mutate(context, (em, actor) => messagePayload(giveDirection(em, actor, idOf(input.messageId, 'MailMessage', ['input', 'messageId']), input.direction))),
  },
  Mailbox: {
    id: (mailbox) => toGlobalId('Mailbox', mailbox.id),
    head: (mailbox, _, context) => (mailbox.head ? context.loaders.account.load(mailbox.head.id) : null),
    readers: async (mailbox, _, context) => (await Promise.all(mailbox.readers.map((id) => context.loaders.account.load(id)))).filter((account) => account !== null),
    designations: (mailbox, _, context) => context.loaders.mailDesignationsOf.load(mailbox.id),
    messages: (mailbox, args, context, info) => paginate(context.em, MailMessage, messagesOf(context, mailbox, args.folder ? { folder: args.folder } : null), ORDER, args, info),
    search: (mailbox, args, context, info) => {
      const search = wordSearchCondition<MailMessageEntity>(args.text, mailbox.organisation.id);
      return paginate(context.em, MailMessage, messagesOf(context, mailbox, search ?? (NOTHING as FilterQuery<MailMessageEntity>)), ORDER, args, info);
    },
    unreadCount: async (mailbox, _, context) => {
      const viewer = viewerOf(context);
      if (!readsMailbox(viewer, mailbox)) return 0;
      const [row] = await context.em.execute<{ count: string }[]>(
        `select count(*) as count from "mail_message" m where m."mailbox_id" = ? and m."folder" = 'INBOX' and not exists (select 1 from "mail_read" r where r."message_id" = m."id" and r."account_id" = ?)`,
        [mailbox.id, viewer.accountId],
      );
      return Number(row?.count ?? 0);
    },
    archives: (mailbox, _, context) => (readsMailbox(viewerOf(context), mailbox) ? context.em.find(MailArchive, { mailbox: mailbox.id }, { orderBy: { month: 'desc' } }) : []),
    viewerIsHead: (mailbox, _, context) => mailbox.head?.id === viewerOf(context).accountId && readsMailbox(viewerOf(context), mailbox),
  },
  MailboxDesignation: {
    account: (designation, _, context) => context.loaders.account.load(designation.account.id),
    designatedBy: (designation, _, context) => context.loaders.account.load(designation.designatedBy.id),
    withdrawnBy: (designation, _, context) => (designation.withdrawnBy ? context.loaders.account.load(designation.withdrawnBy.id) : null),
  },
  MailMessage: {
    id: (message) => toGlobalId('MailMessage', message.id),
    mailbox: (message, _, context) => context.loaders.mailbox.load(message.mailbox.id),
    thread: (message, _, context) => context.loaders.mailThread.load(message.threadId),
    to: (message) => message.toAddresses,
    cc: (message) => message.ccAddresses,
    dkim: (message) => message.dkimResult ?? null,
    spf: (message) => message.spfResult ?? null,
    attachments: (message, _, context) => context.loaders.mailAttachmentsOf.load(message.id),
    read: (message, _, context) => context.loaders.mailReadByViewer.load(message.id),
    accessHistory: (message, _, context) => context.loaders.mailAccessesOf.load(message.id),
    draftedBy: (message, _, context) => (message.draftedBy ? context.loaders.account.load(message.draftedBy.id) : null),
    approvedBy: (message, _, context) => (message.approvedBy ? context.loaders.account.load(message.approvedBy.id) : null),
    directionAskedBy: (message, _, context) => (message.directionAskedBy ? context.loaders.account.load(message.directionAskedBy.id) : null),
    directedBy: (message, _, context) => (message.directedBy ? context.loaders.account.load(message.directedBy.id) : null),
  },
  MailAttachment: {
    id: (attachment) => toGlobalId('MailAttachment', attachment.id),
    downloadUrl: (attachment) => (attachment.quarantined ? null : attachmentPath(toGlobalId('MailAttachment', attachment.id))),
  },
  MailArchive: {
    downloadUrl: (archive) => archivePath(archive.id, 'mbox'),
    manifestUrl: (archive) => archivePath(archive.id, 'sha256'),
  },
  MailAccess: {
    account: (access, _, context) => context.loaders.account.load(access.account.id),
  },
};
