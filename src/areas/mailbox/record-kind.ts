import type { RecordKind } from '../../core/record-kind.ts';
import { Mailbox, MailMessage, type MailMessageEntity } from './mailbox.ts';
import { mailMessagePolicy } from './mail-policy.ts';

/** mailMessageChanged: a message, for those who read its mailbox at the moment of the event (its mailbox row read with it). */
export const mailMessageRecordKind: RecordKind<MailMessageEntity> = {
  type: 'MailMessage',
  entity: MailMessage,
  policy: mailMessagePolicy,
  alongside: (message, rows) => rows.load(Mailbox, message.mailbox.id),
};
