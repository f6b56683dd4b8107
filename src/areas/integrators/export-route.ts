import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { Register, registerPolicy } from '../documents/public.ts';
import { forkForOrganisation } from '../../core/context.ts';
import { answerError, notFound } from '../../core/http-answers.ts';
import { decodeId } from '../../core/ids.ts';
import type { HttpRoute, Principal } from '../../core/module.ts';
import { authorityFor } from '../../core/viewer.ts';
import type { Role } from '../../core/titles.ts';
import { Rejection } from '../../core/user-error.ts';
import { spanOf } from './statistics-period.ts';
import { CONTENT_TYPES, headerOf, lineOf, type ExportColumn, type ExportFormat } from './export-format.ts';
import { decodeCursor, DOCUMENT_COLUMNS, documentBatches, HANDLING_COLUMNS, handlingBatches, type ExportQuery } from './exports.ts';

/**
 * `GET /exports/registers/<id>.ndjson|.csv?from&to[&after]`, `/exports/documents.…` and
 * `/exports/handling.…` (issue 18 §4): streamed batch by batch with backpressure, gzip when the
 * client accepts it, resumable after the `cursor` of the last row received. A key with
 * registers:read, or a person who may read register books (as the register book route).
 */
const READERS: Role[] = ['CLERK', 'CONFIDENTIAL_CLERK', 'LEADER', 'DEPUTY_LEADER'];
const PATH = /^\/exports\/(?:registers\/([\w-]+)|(documents)|(handling))\.(csv|ndjson)$/;

function allowed(principal: Principal): boolean {
  return principal.client ? principal.client.scopes.includes('registers:read') : authorityFor(principal.viewer, READERS).allowed;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function stream<R>(request: IncomingMessage, response: ServerResponse, format: ExportFormat, name: string, columns: readonly ExportColumn<R>[], batches: AsyncGenerator<R[]>) {
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${name}.${format}"`,
    'cache-control': 'private, no-store',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  });
  const out: Writable = gzip ? createGzip() : response;
  if (gzip) (out as ReturnType<typeof createGzip>).pipe(response);
  let gone = false;
  response.on('close', () => (gone = !response.writableFinished));
  await write(out, headerOf(format, columns));
  for await (const rows of batches) {
    if (gone) break;
    let chunk = '';
    for (const row of rows) chunk += lineOf(format, columns, row);
    await write(out, chunk);
  }
  out.end();
}

export const exportRoute: HttpRoute = async (request, response, url, { orm, principalOf }) => {
  const match = PATH.exec(url.pathname);
  if (!match || request.method !== 'GET') return false;
  const principal = await principalOf(request, response);
  if (!principal) return true;
  if (!allowed(principal)) {
    answerError(response, 403, 'FORBIDDEN', 'Không có quyền thực hiện thao tác này.');
    return true;
  }
  const organisationId = principal.client ? principal.client.organisationId : principal.viewer.organisationId;
  const em = forkForOrganisation(orm, organisationId);
  const format = match[4] as ExportFormat;
  const afterValue = url.searchParams.get('after');
  const after = afterValue === null ? null : decodeCursor(afterValue);
  if (afterValue !== null && !after) {
    answerError(response, 400, 'BAD_USER_INPUT', 'Con trỏ không hợp lệ.');
    return true;
  }
  let span;
  try {
    span = spanOf(url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? '');
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    answerError(response, 400, 'BAD_USER_INPUT', error.errors[0]?.message ?? 'Tham số không hợp lệ.');
    return true;
  }
  const query: ExportQuery = { organisationId, from: span.from, until: span.until, registerId: null, after };
  if (match[1] !== undefined) {
    // A register the principal may not read answers as one that does not exist.
    const registerId = decodeId(match[1], 'Register');
    const register = registerId ? await em.findOne(Register, { id: registerId }) : null;
    const readable = register && (principal.client ? !register.confidential : registerPolicy.canSee(principal.viewer, register));
    if (!register || !readable) {
      notFound(response);
      return true;
    }
    query.registerId = register.id;
    await stream(request, response, format, `so-${register.code.toLowerCase()}`, DOCUMENT_COLUMNS, documentBatches(em, principal, query));
  } else if (match[2]) {
    await stream(request, response, format, 'van-ban', DOCUMENT_COLUMNS, documentBatches(em, principal, query));
  } else {
    await stream(request, response, format, 'xu-ly', HANDLING_COLUMNS, handlingBatches(em, principal, query));
  }
  return true;
};
