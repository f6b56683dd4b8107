import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from '../documents/public.ts';
import { Task } from '../tasks/public.ts';
import { WorkFile } from '../workfiles/public.ts';

/**
 * A notice or reminder (thông báo, nhắc việc; seed 002 Art. 9): sent by anyone to people, units or
 * the whole organisation, optionally about a record the recipient may or may not be able to open.
 */
export const NOTICE_AUDIENCES = ['PEOPLE', 'UNITS', 'EVERYONE'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/**
 * A message someone sent, or one the system sends when a deadline comes near (REMINDER) or passes
 * (OVERDUE), a reply is due (REPLY_DUE), a confidential document must be recalled (RECALL_DUE), or
 * long work owes a progress report (PROGRESS_REQUEST; seed 000 Art. 3 §4); and from the cabinet
 * (seed 002 Art. 10): a right given on a folder or item (FOLDER_SHARED), an author asked for consent
 * (CHANGE_REQUESTED), a request answered (CHANGE_ANSWERED) or expired unanswered (CHANGE_EXPIRED);
 * an incoming file with an invalid signature (SIGNATURE_INVALID); and from the archive: a hand-over list returned or accepted (ARCHIVE_HANDOVER).
 */
export const NOTICE_KINDS = ['MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED', 'SIGNATURE_INVALID', 'ARCHIVE_HANDOVER'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const Notice = defineEntity({
  name: 'Notice',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    /** Null for the system's own reminders. */
    sender: () => p.manyToOne(Account).ref().nullable(),
    kind: p.enum(NOTICE_KINDS).default('MESSAGE'),
    audience: p.enum(NOTICE_AUDIENCES),
    /** The people or units named, as the sender chose them. */
    audienceIds: p.array().default([]),
    text: p.string().length(2000),
    /**
     * The system's reminders: `text` is followed, when read, by the name of the linked task or
     * document as the reader may read it then — never stored, so it follows the record's rules
     * and recall (issue 11).
     */
    namesRecord: p.boolean().default(false),
    document: () => p.manyToOne(Document).ref().nullable(),
    task: () => p.manyToOne(Task).ref().nullable(),
    workFile: () => p.manyToOne(WorkFile).ref().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type NoticeEntity = InferEntity<typeof Notice>;

/** One recipient's copy of a notice, with its read state; the recipients are fixed when it is sent. */
export const NoticeDelivery = defineEntity({
  name: 'NoticeDelivery',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    notice: () => p.manyToOne(Notice).ref(),
    account: () => p.manyToOne(Account).ref(),
    deliveredAt: p.datetime().onCreate(() => new Date()),
    readAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['notice', 'account'] }],
  indexes: [{ properties: ['account', 'deliveredAt', 'id'] }],
});
export type NoticeDeliveryEntity = InferEntity<typeof NoticeDelivery>;
