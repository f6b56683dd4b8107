import type { ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { documentAccessFor, recordViews } from '../documents/public.ts';
import { workFilePolicy } from './work-file-policy.ts';
import { notFound, sendAttachment } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import type { Viewer } from '../../core/viewer.ts';
import { foldVietnamese } from '../../core/text.ts';
import { workFileIndex } from './work-file-index.ts';
import { workFilePdf } from './work-file-pdf.ts';
import { workFileXml } from './work-file-xml.ts';
import { WorkFile } from './work-file.ts';
import { decodeId } from '../../core/ids.ts';
import { forkFor } from '../../core/context.ts';

/**
 * `GET /work-files/<id>.pdf` and `.xml`: a work file with its index (Decree 30 Appendix VI), only
 * the documents its reader may see, recorded in their access history. A work file the reader may
 * not see is 404, like one that does not exist.
 */
async function workFileExport(em: EntityManager, viewer: Viewer, response: ServerResponse, id: string, format: 'pdf' | 'xml'): Promise<void> {
  const fileId = decodeId(id, 'WorkFile');
  const file = fileId ? await em.findOne(WorkFile, { $and: [{ id: fileId }, workFilePolicy.visible(viewer)] } as never) : null;
  if (!file) return notFound(response);
  const index = await workFileIndex(em, file, documentAccessFor(viewer));
  const now = new Date();
  const body = format === 'pdf' ? await workFilePdf(index, now) : workFileXml(index, now);
  await em.transactional((tx) => recordViews(tx, viewer, index.documents, { via: 'work_file_export', workFileId: file.id }));
  // Header values are ASCII: the code folded (Đ → d) and anything else replaced.
  const name = `ho-so-${foldVietnamese(file.code).replace(/[^\w.-]+/g, '-')}.${format}`;
  sendAttachment(response, format === 'pdf' ? 'application/pdf' : 'application/xml; charset=utf-8', name, body);
}

export const workFileExportRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const workFile = /^\/work-files\/([\w-]+)\.(pdf|xml)$/.exec(url.pathname);
  if (!workFile || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (viewer) await workFileExport(forkFor(orm, viewer), viewer, response, workFile[1] as string, workFile[2] as 'pdf' | 'xml');
  return true;
};
