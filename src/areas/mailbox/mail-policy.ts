import type { FilterQuery } from '@mikro-orm/core';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { MailAttachmentEntity, MailboxEntity, MailMessageEntity } from './mailbox.ts';

/**
 * Who sees what of the shared mailbox (seed 000 Art. 12). Its content (messages, attachments) is
 * read only by the people a leader designated (the head among them) who also hold a mailbox role
 * now: a designation withdrawn, or the role taken away, and nothing more reaches them. Leaders see
 * the mailbox itself (its address and who is designated, which they decide), never its mail by
 * that alone. Everything else sees nothing, as if there were no mailbox.
 */
const MAIL_ROLES = ['INFORMATION_LEAD', 'MAILBOX_READER'] as const;
const LEADING_ROLES = ['LEADER', 'DEPUTY_LEADER'] as const;

export function holdsMailRole(viewer: Viewer): boolean {
  return authorityFor(viewer, [...MAIL_ROLES]).allowed;
}

export function leadsOrganisation(viewer: Viewer): boolean {
  return authorityFor(viewer, [...LEADING_ROLES]).allowed;
}

/** Whether the viewer reads the mailbox's mail (designated, with a mailbox role). */
export function readsMailbox(viewer: Viewer, mailbox: MailboxEntity): boolean {
  return mailbox.organisation.id === viewer.organisationId && holdsMailRole(viewer) && mailbox.readers.includes(viewer.accountId);
}

function readableMailboxes(viewer: Viewer): FilterQuery<MailboxEntity> {
  if (!holdsMailRole(viewer)) return NOTHING as FilterQuery<MailboxEntity>;
  return { organisation: viewer.organisationId, readers: { $overlap: [viewer.accountId] } } as FilterQuery<MailboxEntity>;
}

export const mailboxPolicy: RecordPolicy<MailboxEntity> = {
  visible(viewer) {
    if (leadsOrganisation(viewer)) return { organisation: viewer.organisationId } as FilterQuery<MailboxEntity>;
    return readableMailboxes(viewer);
  },
  canSee: (viewer, mailbox) => mailbox.organisation.id === viewer.organisationId && (leadsOrganisation(viewer) || readsMailbox(viewer, mailbox)),
};

function loaded<T extends object>(reference: { isInitialized(): boolean; getEntity(): T }): T | null {
  return reference.isInitialized() ? reference.getEntity() : null;
}

/** What of the mail reaches the leaders: mail a reader reported as needing their direction, and new messages they approve. */
function reportedToLeaders(message: MailMessageEntity): boolean {
  return message.folder === 'NEEDS_DIRECTION' || message.outgoingKind === 'NEW';
}

/**
 * A message: whoever reads its mailbox; and, for the leaders, what is reported to them. In memory,
 * its mailbox must have been read with it (record-kind `alongside`).
 */
export const mailMessagePolicy: RecordPolicy<MailMessageEntity> = {
  visible(viewer) {
    const ways: FilterQuery<MailMessageEntity>[] = [];
    if (holdsMailRole(viewer)) ways.push({ mailbox: readableMailboxes(viewer) } as FilterQuery<MailMessageEntity>);
    if (leadsOrganisation(viewer)) ways.push({ $or: [{ folder: 'NEEDS_DIRECTION' }, { outgoingKind: 'NEW' }] } as FilterQuery<MailMessageEntity>);
    if (ways.length === 0) return NOTHING as FilterQuery<MailMessageEntity>;
    return { organisation: viewer.organisationId, $or: ways } as FilterQuery<MailMessageEntity>;
  },
  canSee(viewer, message) {
    if (message.organisation.id !== viewer.organisationId) return false;
    if (leadsOrganisation(viewer) && reportedToLeaders(message)) return true;
    const mailbox = loaded(message.mailbox);
    return mailbox !== null && readsMailbox(viewer, mailbox);
  },
};

/** An attachment: whoever reads the message (quarantined ones are listed but never downloaded). */
export function visibleAttachments(viewer: Viewer): FilterQuery<MailAttachmentEntity> {
  return { organisation: viewer.organisationId, message: mailMessagePolicy.visible(viewer) } as FilterQuery<MailAttachmentEntity>;
}
