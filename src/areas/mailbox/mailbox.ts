import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * The shared mailbox (hộp thư chung; seed 000 Art. 12): only the head of the Information group and
 * the staff the leaders designate read it, only the head replies or forwards.
 *
 * Who may read a mailbox is kept on its row (`readers`: the account ids of its designated readers,
 * the head among them), rewritten with each designation: one SQL predicate (array overlap) decides
 * lists, counts and search, and the same check runs in memory for subscriptions, on the mailbox row
 * read with each event, so a withdrawal counts from the next event on.
 */
export const Mailbox = defineEntity({
  name: 'Mailbox',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    /** Lower case; unique across the deployment (the receiver routes mail by it). */
    address: p.string().length(320).unique(),
    displayName: p.string().length(255),
    head: () => p.manyToOne(Account).ref().nullable(),
    readers: p.array().default([]),
    createdBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type MailboxEntity = InferEntity<typeof Mailbox>;

export const DESIGNATION_ROLES = ['HEAD', 'READER'] as const;
export type DesignationRole = (typeof DESIGNATION_ROLES)[number];

/** One designation of a reader or of the head, and its withdrawal: the mailbox's history of who could read it. */
export const MailboxDesignation = defineEntity({
  name: 'MailboxDesignation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    mailbox: () => p.manyToOne(Mailbox).ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).ref(),
    role: p.enum(DESIGNATION_ROLES),
    designatedBy: () => p.manyToOne(Account).ref(),
    designatedAt: p.datetime(),
    withdrawnBy: () => p.manyToOne(Account).ref().nullable(),
    withdrawnAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['mailbox', 'designatedAt'] }],
});
export type MailboxDesignationEntity = InferEntity<typeof MailboxDesignation>;

/** Where a message sits: the folders of Art. 12 (work mail, mail needing a leader's direction, mail unrelated to work) and the sent mail. */
export const MAIL_FOLDERS = ['INBOX', 'NEEDS_DIRECTION', 'UNRELATED', 'SENT', 'DRAFTS'] as const;
export type MailFolder = (typeof MAIL_FOLDERS)[number];

/** An outgoing message's way: a new message waits for a leader (who may return it), then it is queued for the relay (retried while it is down), then sent. */
export const SEND_STATES = ['AWAITING_APPROVAL', 'RETURNED', 'QUEUED', 'SENT'] as const;
export type SendState = (typeof SEND_STATES)[number];

export const OUTGOING_KINDS = ['REPLY', 'FORWARD', 'NEW'] as const;
export type OutgoingKind = (typeof OUTGOING_KINDS)[number];

/**
 * A message of a mailbox, received or sent. The raw bytes are in the blob store by SHA-256; what
 * is shown (headers, text) is parsed once on arrival. A Message-ID is stored once per mailbox.
 */
export const MailMessage = defineEntity({
  name: 'MailMessage',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    mailbox: () => p.manyToOne(Mailbox).ref().deleteRule('cascade'),
    /** Without angle brackets. */
    messageId: p.string().length(998),
    inReplyTo: p.string().length(998).nullable(),
    references: p.array().default([]),
    /** The first message of its thread (itself when it starts one). */
    threadId: p.uuid(),
    outgoing: p.boolean().default(false),
    folder: p.enum(MAIL_FOLDERS).default('INBOX'),
    fromAddress: p.string().length(320),
    fromName: p.string().length(255).nullable(),
    toAddresses: p.array().default([]),
    ccAddresses: p.array().default([]),
    subject: p.string().length(998),
    text: p.text(),
    html: p.text().nullable(),
    /** The Date header (or the arrival when it has none). */
    sentAt: p.datetime(),
    receivedAt: p.datetime().onCreate(() => new Date()),
    rawSha256: p.string().length(64).nullable(),
    rawSize: p.integer().default(0),
    /** mailauth's results as it gave them (none, pass, fail, temperror…). */
    dkimResult: p.string().length(32).nullable(),
    spfResult: p.string().length(32).nullable(),
    /** Subject, sender and text folded (no diacritics, lower case), searched by its words. */
    searchText: p.text(),
    searchWords: p.string().columnType('tsvector').generated('(mail_search_words(organisation_id, search_text)) stored').lazy().nullable(),
    // Outgoing mail.
    outgoingKind: p.enum(OUTGOING_KINDS).nullable(),
    sendState: p.enum(SEND_STATES).nullable(),
    draftedBy: () => p.manyToOne(Account).ref().nullable(),
    sendAttempts: p.integer().default(0),
    lastSendError: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
    /** A new message: the leader who approved it, or the comment it was returned with. */
    approvedBy: () => p.manyToOne(Account).ref().nullable(),
    returnComment: p.text().nullable(),
    // To the leaders (Art. 12: mail needing a leader's direction).
    directionAskedBy: () => p.manyToOne(Account).ref().nullable(),
    directionNote: p.text().nullable(),
    leaderDirection: p.text().nullable(),
    directedBy: () => p.manyToOne(Account).ref().nullable(),
    directedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['mailbox', 'messageId'] }],
  indexes: [
    { properties: ['mailbox', 'folder', 'sentAt', 'id'] },
    { properties: ['mailbox', 'sentAt', 'id'] },
    { properties: ['threadId'] },
    { name: 'mail_message_search_words_gin', expression: 'create index "mail_message_search_words_gin" on "mail_message" using gin ("search_words")' },
  ],
});
export type MailMessageEntity = InferEntity<typeof MailMessage>;

/** A file attached to a message; an executable one is kept quarantined and never handed out. */
export const MailAttachment = defineEntity({
  name: 'MailAttachment',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    message: () => p.manyToOne(MailMessage).ref().deleteRule('cascade'),
    fileName: p.string().length(255),
    contentType: p.string().length(255),
    size: p.integer(),
    sha256: p.string().length(64),
    quarantined: p.boolean().default(false),
  },
  indexes: [{ properties: ['message'] }],
});
export type MailAttachmentEntity = InferEntity<typeof MailAttachment>;

/** That a reader has read a message (read state is per reader). */
export const MailRead = defineEntity({
  name: 'MailRead',
  properties: {
    message: () => p.manyToOne(MailMessage).ref().primary().deleteRule('cascade'),
    account: () => p.manyToOne(Account).ref().primary(),
    organisation: () => p.manyToOne(Organisation).ref(),
    readAt: p.datetime(),
  },
});
export type MailReadEntity = InferEntity<typeof MailRead>;

/** Each open of a message (Art. 12: who read the shared mailbox's mail, and when). */
export const MailAccess = defineEntity({
  name: 'MailAccess',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    message: () => p.manyToOne(MailMessage).ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).ref(),
    at: p.datetime(),
    via: p.string().length(32),
  },
  indexes: [{ properties: ['message', 'at'] }],
});
export type MailAccessEntity = InferEntity<typeof MailAccess>;

/** A month's backup of a mailbox's work mail: an mbox file and its SHA-256 manifest in the blob store. */
export const MailArchive = defineEntity({
  name: 'MailArchive',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    mailbox: () => p.manyToOne(Mailbox).ref().deleteRule('cascade'),
    /** The month it holds (Vietnam time), e.g. 2026-11. */
    month: p.string().length(7),
    sha256: p.string().length(64),
    size: p.integer(),
    messageCount: p.integer(),
    /** `sha256  name` lines (sha256sum's format): each message's raw bytes, then the mbox file. */
    manifest: p.text(),
    manifestSha256: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['mailbox', 'month'] }],
});
export type MailArchiveEntity = InferEntity<typeof MailArchive>;
