import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { bookAccessFor } from '../auth/policies/document-policy.ts';
import { registerPolicy } from '../auth/policies/register-policy.ts';
import { authenticate } from '../auth/sign-in.ts';
import { registerBook, registerBookCsv } from '../domain/documents/register-book.ts';
import { Register } from '../domain/documents/register.ts';
import { Rejection } from '../domain/shared/user-error.ts';
import { fromGlobalId } from '../resolvers/global-id.ts';
import { forkFor } from './context.ts';

/**
 * Exports for integrators and printing: `GET /registers/<id>/book.csv?from=YYYY-MM-DD&to=…`, the
 * register book with the Decree's headings, under the same rules as the GraphQL field.
 */
function failure(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code, message } }));
}

export function createExportRoutes(options: { orm: MikroORM }) {
  const { orm } = options;
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const match = /^\/registers\/([\w-]+)\/book\.csv$/.exec(url.pathname);
    if (!match || request.method !== 'GET') return false;
    const header = request.headers.authorization;
    const authentication = await authenticate(orm.em.fork(), header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : null);
    if (!authentication.viewer || authentication.viewer.mustChangePassword) {
      failure(response, 401, 'UNAUTHENTICATED', 'Chưa đăng nhập hoặc phiên đã hết hạn.');
      return true;
    }
    const viewer = authentication.viewer;
    const decoded = fromGlobalId(match[1] as string);
    const em = forkFor(orm, viewer);
    const register = decoded?.type === 'Register' ? await em.findOne(Register, { id: decoded.id }) : null;
    if (!register || !registerPolicy.canSee(viewer, register)) {
      failure(response, 404, 'NOT_FOUND', 'Không tìm thấy.');
      return true;
    }
    try {
      const rows = await registerBook(em, register, url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? '', bookAccessFor(viewer));
      response.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="so-${register.code.toLowerCase()}.csv"`,
        'cache-control': 'private, no-store',
      });
      response.end(registerBookCsv(register.direction, rows));
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      failure(response, 400, 'BAD_USER_INPUT', error.errors[0]?.message ?? 'Tham số không hợp lệ.');
    }
    return true;
  };
}
