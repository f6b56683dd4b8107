import { forkFor } from '../../core/context.ts';
import { notFound } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import { MailAccess, MailAttachment } from './mailbox.ts';
import { visibleAttachments } from './mail-policy.ts';

/**
 * `GET /mail/attachments/<id>`: an attachment for its mailbox's designated readers, kept in the
 * message's access history. Anyone else, and a quarantined (executable) attachment, gets 404,
 * like one that does not exist.
 */
export const attachmentPath = (globalId: string) => `/mail/attachments/${globalId}`;

export const mailAttachmentRoute: HttpRoute = async (request, response, url, { orm, store, viewerOf }) => {
  const match = /^\/mail\/attachments\/([\w-]+)$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const id = decodeId(match[1]!, 'MailAttachment');
  const em = forkFor(orm, viewer);
  const attachment = id ? await em.findOne(MailAttachment, { $and: [{ id }, visibleAttachments(viewer), { quarantined: false }] } as never) : null;
  const bytes = attachment ? await store.read(attachment.sha256) : null;
  if (!attachment || !bytes) {
    notFound(response);
    return true;
  }
  await em.transactional(async (tx) => {
    tx.create(MailAccess, { organisation: viewer.organisationId, message: attachment.message.id, account: viewer.accountId, at: new Date(), via: 'attachment' } as never);
    await tx.flush();
  });
  const name = attachment.fileName.replace(/[^\w.-]+/g, '_');
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  bytes.pipe(response);
  return true;
};
