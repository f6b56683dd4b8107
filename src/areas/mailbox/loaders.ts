import DataLoader from 'dataloader';
import { childrenOf, visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { MailAccess, MailAttachment, Mailbox, MailboxDesignation, MailMessage, MailRead, type MailAttachmentEntity, type MailboxEntity, type MailMessageEntity } from './mailbox.ts';
import { mailboxPolicy, mailMessagePolicy, visibleAttachments } from './mail-policy.ts';

export const mailLoaders = {
  mailbox: visibleById<MailboxEntity>(Mailbox, mailboxPolicy),
  /** Messages by id through their rule, in SQL (the rule reads the mailbox); over an event's rows, in memory with the mailbox read alongside. */
  mailMessage: ({ em, viewer, shared }: Scope) =>
    new DataLoader<string, MailMessageEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      if (shared) {
        const rows = await Promise.all(ids.map((id) => shared.load(MailMessage, id)));
        await Promise.all(rows.map((row) => (row ? shared.load(Mailbox, row.mailbox.id) : null)));
        return rows.map((row) => (row && mailMessagePolicy.canSee(viewer, row) ? row : null));
      }
      const rows = await em.find(MailMessage, { $and: [{ id: { $in: [...ids] } }, mailMessagePolicy.visible(viewer)] } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  mailAttachment: ({ em, viewer }: Scope) =>
    new DataLoader<string, MailAttachmentEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const rows = await em.find(MailAttachment, { $and: [{ id: { $in: [...ids] } }, visibleAttachments(viewer)] } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  /** Of messages the caller has checked: */
  mailAttachmentsOf: childrenOf(MailAttachment, 'message', { fileName: 'asc', id: 'asc' }),
  mailAccessesOf: childrenOf(MailAccess, 'message', { at: 'desc', id: 'desc' }),
  mailDesignationsOf: childrenOf(MailboxDesignation, 'mailbox', { designatedAt: 'desc', id: 'desc' }),
  /** Whether the viewer has read each message. */
  mailReadByViewer: ({ em, viewer }: Scope) =>
    new DataLoader<string, boolean>(async (ids) => {
      if (!viewer) return ids.map(() => false);
      const rows = await em.find(MailRead, { message: { $in: [...ids] }, account: viewer.accountId });
      const read = new Set(rows.map((row) => row.message.id));
      return ids.map((id) => read.has(id));
    }),
  /** The messages of each thread the viewer may see, oldest first. */
  mailThread: ({ em, viewer }: Scope) =>
    new DataLoader<string, MailMessageEntity[]>(async (threadIds) => {
      if (!viewer) return threadIds.map(() => []);
      const rows = await em.find(MailMessage, { $and: [{ threadId: { $in: [...threadIds] } }, mailMessagePolicy.visible(viewer)] } as never, { orderBy: { sentAt: 'asc', receivedAt: 'asc', id: 'asc' } });
      return threadIds.map((id) => rows.filter((row) => row.threadId === id));
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof mailLoaders> {}
}
