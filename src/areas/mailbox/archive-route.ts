import { forkFor } from '../../core/context.ts';
import { notFound } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import { MailArchive, Mailbox } from './mailbox.ts';
import { readsMailbox } from './mail-policy.ts';

/**
 * `GET /mail/archives/<id>.mbox` and `.sha256`: a monthly archive and its manifest, for the
 * mailbox's designated readers only; anyone else gets 404, like an archive that does not exist.
 */
export const archivePath = (id: string, kind: 'mbox' | 'sha256') => `/mail/archives/${id}.${kind}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const mailArchiveRoute: HttpRoute = async (request, response, url, { orm, store, viewerOf }) => {
  const match = /^\/mail\/archives\/([\w-]+)\.(mbox|sha256)$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (!viewer) return true;
  const em = forkFor(orm, viewer);
  const archive = UUID.test(match[1]!) ? await em.findOne(MailArchive, { id: match[1]! }) : null;
  const mailbox = archive ? await em.findOne(Mailbox, { id: archive.mailbox.id }) : null;
  const sha = match[2] === 'mbox' ? archive?.sha256 : archive?.manifestSha256;
  const bytes = archive && mailbox && readsMailbox(viewer, mailbox) && sha ? await store.read(sha) : null;
  if (!archive || !mailbox || !bytes) {
    notFound(response);
    return true;
  }
  const name = `${mailbox.address.replace(/[^\w.-]+/g, '_')}-${archive.month}.${match[2]}`;
  response.writeHead(200, {
    'content-type': match[2] === 'mbox' ? 'application/mbox' : 'text/plain; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  bytes.pipe(response);
  return true;
};
