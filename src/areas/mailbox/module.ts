import { sdlOf, type AreaModule } from '../../core/module.ts';
import { archiveAndPurge } from './archive.ts';
import { mailArchiveRoute } from './archive-route.ts';
import { mailAttachmentRoute } from './attachment-route.ts';
import { mailLoaders } from './loaders.ts';
import { MailAccess, MailArchive, MailAttachment, Mailbox, MailboxDesignation, MailMessage, MailRead, type MailMessageEntity } from './mailbox.ts';
import { mailMessageRecordKind } from './record-kind.ts';
import { smtpReceiver } from './receiver.ts';
import { mailResolvers, openMessage } from './resolvers.ts';
import { mailSearchWords } from './search.ts';
import { sendQueuedMail } from './sending.ts';

const entities = [Mailbox, MailboxDesignation, MailMessage, MailAttachment, MailRead, MailAccess, MailArchive];

/** The shared mailbox (hộp thư chung, seed 000 Art. 12): real mail in over SMTP, out through a relay, read only by whom the leaders designate. */
export const mailboxModule: AreaModule = {
  name: 'mailbox',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [mailResolvers],
  entities,
  tenantEntities: entities,
  routines: [mailSearchWords],
  loaders: mailLoaders,
  nodes: {
    Mailbox: { loader: (loaders) => loaders.mailbox },
    MailMessage: { loader: (loaders) => loaders.mailMessage, read: (context, message: MailMessageEntity) => openMessage(context, message) },
    MailAttachment: { loader: (loaders) => loaders.mailAttachment },
  },
  recordKinds: [mailMessageRecordKind as never],
  httpRoutes: [mailAttachmentRoute, mailArchiveRoute],
  // Queued replies and forwards to the relay; a relay that is down is retried (sending.ts).
  jobs: [
    { queue: 'mail-send', cron: '* * * * *', cronVariable: 'JOBS_MAIL_SEND_CRON', retryLimit: 10, retryDelaySeconds: 30, expireInSeconds: 600, run: (parts) => sendQueuedMail(parts) },
    // The previous month's work mail backed up, and what is older than 12 months purged (archive.ts).
    { queue: 'mail-archive', cron: '0 1 1 * *', cronVariable: 'JOBS_MAIL_ARCHIVE_CRON', retryLimit: 5, retryDelaySeconds: 300, expireInSeconds: 3600, run: (parts, data) => archiveAndPurge(parts, data) },
  ],
  listeners: [smtpReceiver],
};
