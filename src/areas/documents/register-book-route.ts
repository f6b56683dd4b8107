import type { ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { documentAccessFor } from './document-policy.ts';
import { registerPolicy } from './register-policy.ts';
import { answerError as failure, notFound, sendAttachment } from '../../core/http-answers.ts';
import type { HttpRoute } from '../../core/module.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { Role } from '../../core/titles.ts';
import { Organisation } from '../../core/organisation.ts';
import { registerBook, registerBookCsv } from './register-book.ts';
import { registerBookPdf } from './register-book-pdf.ts';
import { Register } from './register.ts';
import { recordViews } from './views.ts';
import { Rejection } from '../../core/user-error.ts';
import { decodeId } from '../../core/ids.ts';
import { forkFor } from '../../core/context.ts';

/**
 * `GET /registers/<id>/book.csv?from=YYYY-MM-DD&to=…` and `book.pdf`: the register book with the
 * Decree's headings, for integrators and for printing, under the same rules as `registerBook` and
 * read with the same bearer token. A register the reader may not see is 404, like one that does
 * not exist.
 */

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
    sendAttachment(response, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf', name, body);
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    failure(response, 400, 'BAD_USER_INPUT', error.errors[0]?.message ?? 'Tham số không hợp lệ.');
  }
}

export const registerBookRoute: HttpRoute = async (request, response, url, { orm, viewerOf }) => {
  const book = /^\/registers\/([\w-]+)\/book\.(csv|pdf)$/.exec(url.pathname);
  if (!book || request.method !== 'GET') return false;
  const viewer = await viewerOf(request, response);
  if (viewer) await registerBookExport(forkFor(orm, viewer), viewer, response, book[1] as string, book[2] as 'csv' | 'pdf', url);
  return true;
};
