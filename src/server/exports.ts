import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { documentAccessFor } from '../areas/documents/document-policy.ts';
import { registerPolicy } from '../areas/documents/register-policy.ts';
import { workFilePolicy } from '../areas/workfiles/work-file-policy.ts';
import { answerError as failure, type ViewerOfRequest } from '../core/http-answers.ts';
import { authorityFor, type Viewer } from '../core/viewer.ts';
import type { Role } from '../core/titles.ts';
import { Organisation } from '../core/organisation.ts';
import { registerBook, registerBookCsv } from '../areas/documents/register-book.ts';
import { registerBookPdf } from '../areas/documents/register-book-pdf.ts';
import { Register } from '../areas/documents/register.ts';
import { recordViews } from '../areas/documents/views.ts';
import { foldVietnamese } from '../core/text.ts';
import { Rejection } from '../core/user-error.ts';
import { workFileIndex } from '../areas/workfiles/work-file-index.ts';
import { workFilePdf } from '../areas/workfiles/work-file-pdf.ts';
import { workFileXml } from '../areas/workfiles/work-file-xml.ts';
import { WorkFile } from '../areas/workfiles/work-file.ts';
import { decodeId } from '../core/ids.ts';
import { forkFor } from '../core/context.ts';

/**
 * Exports for integrators, printing and the archive, each under the same rules as its GraphQL field
 * and read with the same bearer token:
 * - `GET /registers/<id>/book.csv?from=YYYY-MM-DD&to=…` and `book.pdf`: the register book with the
 *   Decree's headings, for integrators and for printing;
 * - `GET /work-files/<id>.pdf` and `.xml`: a work file with its index (Decree 30 Appendix VI), only
 *   the documents its reader may see, recorded in their access history.
 * A record the reader may not see is 404, exactly like one that does not exist.
 */
const notFound = (response: ServerResponse) => failure(response, 404, 'NOT_FOUND', 'Không tìm thấy.');

function send(response: ServerResponse, type: string, fileName: string, body: string | Buffer): void {
  response.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'private, no-store' });
  response.end(body);
}

/** Who may read a register book: as `registerBook`'s @auth (IT officers see the register list only). */
const BOOK_READERS: Role[] = ['CLERK', 'CONFIDENTIAL_CLERK', 'LEADER', 'DEPUTY_LEADER'];

async function registerBookExport(em: EntityManager, viewer: Viewer, response: ServerResponse, id: string, format: 'csv' | 'pdf', url: URL): Promise<void> {
  if (!authorityFor(viewer, BOOK_READERS).allowed) return failure(response, 403, 'FORBIDDEN', 'Bạn không có quyền đọc sổ văn bản.');
  const registerId = decodeId(id, 'Register');
  const register = registerId ? await em.findOne(Register, { id: registerId }) : null;
  if (!register || !registerPolicy.canSee(viewer, register)) return notFound(response);
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  try {
    const book = await registerBook(em, register, from, to, documentAccessFor(viewer));
    const name = `so-${register.code.toLowerCase()}.${format}`;
    let body: string | Buffer;
    if (format === 'csv') body = registerBookCsv(register.direction, book.rows);
    else {
      const organisation = await em.findOneOrFail(Organisation, { id: viewer.organisationId });
      body = await registerBookPdf({ organisation: organisation.name, registerName: register.name, direction: register.direction, from, to, rows: book.rows }, new Date());
    }
    // Recorded once the book is made, and only when it shows classified content.
    if (book.classifiedRead.length > 0) {
      const read = book.classifiedRead.map((document) => ({ document, contentRead: true }));
      await em.transactional((tx) => recordViews(tx, viewer, read, { via: 'register_book_export', registerId: register.id }));
    }
    send(response, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf', name, body);
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    failure(response, 400, 'BAD_USER_INPUT', error.errors[0]?.message ?? 'Tham số không hợp lệ.');
  }
}

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
  send(response, format === 'pdf' ? 'application/pdf' : 'application/xml; charset=utf-8', name, body);
}

export function createExportRoutes(options: { orm: MikroORM; viewerOf: ViewerOfRequest }) {
  const { orm, viewerOf } = options;
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const book = /^\/registers\/([\w-]+)\/book\.(csv|pdf)$/.exec(url.pathname);
    const workFile = /^\/work-files\/([\w-]+)\.(pdf|xml)$/.exec(url.pathname);
    if ((!book && !workFile) || request.method !== 'GET') return false;
    const viewer = await viewerOf(request, response);
    if (!viewer) return true;
    const em = forkFor(orm, viewer);
    if (book) await registerBookExport(em, viewer, response, book[1] as string, book[2] as 'csv' | 'pdf', url);
    else if (workFile) await workFileExport(em, viewer, response, workFile[1] as string, workFile[2] as 'pdf' | 'xml');
    return true;
  };
}
