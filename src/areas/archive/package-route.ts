import type { ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import yazl from 'yazl';
import { actorOf } from '../../core/actor-of.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import { forkFor } from '../../core/context.ts';
import { notFound } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute } from '../../core/module.ts';
import type { Viewer } from '../../core/viewer.ts';
import { canReadContent, documentAccessFor, isClassified, recordViews, type DocumentAccess } from '../documents/public.ts';
import { WorkFile } from '../workfiles/public.ts';
import { archiveRecordPolicy, isArchivist } from './archive-policy.ts';
import { ArchiveRecord } from './archive.ts';
import { archivePackage } from './package-contents.ts';

/**
 * `GET /archive/packages/<archive record id>.zip`: the record's self-contained package
 * (package-contents.ts) for whoever may see the record; a record one may not see, or one
 * destroyed, is 404 like one that does not exist. The archive officer, its keeper, gets every
 * document of the file with its content, a classified one's only if they may read it anyway;
 * everyone else what their own rights show them. Each package goes into the documents' access
 * history, and the organisation's key use onto the audit trail.
 */
function accessFor(viewer: Viewer): DocumentAccess {
  const own = documentAccessFor(viewer);
  if (!isArchivist(viewer)) return own;
  return {
    visible: { organisation: viewer.organisationId },
    canReadContent: (document) => !isClassified(document.confidentiality) || canReadContent(viewer, document),
    canSeeHandOver: own.canSeeHandOver,
  };
}

async function sendPackage(em: EntityManager, store: BlobStore, viewer: Viewer, response: ServerResponse, id: string): Promise<void> {
  const recordId = decodeId(id, 'ArchiveRecord');
  const record = recordId ? await em.findOne(ArchiveRecord, { $and: [{ id: recordId, status: 'KEPT' }, archiveRecordPolicy.visible(viewer)] } as never) : null;
  if (!record) return notFound(response);
  const file = await em.findOneOrFail(WorkFile, { id: record.workFile.id });
  const now = new Date();
  const made = await em.transactional(async (tx) => {
    const built = await archivePackage(tx, actorOf(viewer, null), store, record, file, accessFor(viewer), now);
    await recordViews(tx, viewer, built.index.documents, { via: 'archive_package', archiveRecordId: record.id });
    return built;
  });
  const zip = new yazl.ZipFile();
  for (const entry of made.entries) zip.addBuffer(entry.bytes, entry.path, { mtime: now });
  zip.end();
  response.writeHead(200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${made.name}"`, 'cache-control': 'private, no-store' });
  zip.outputStream.pipe(response);
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.on('end', resolve);
    zip.outputStream.on('error', reject);
  });
}

export const archivePackageRoute: HttpRoute = async (request, response, url, { orm, store, viewerOf }) => {
  const found = /^\/archive\/packages\/([\w-]+)\.zip$/.exec(url.pathname);
  if (!found || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (viewer) await sendPackage(forkFor(orm, viewer), store, viewer, response, found[1] as string);
  return true;
};
