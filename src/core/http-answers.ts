import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Viewer } from './viewer.ts';

/** A JSON answer of an HTTP route (files, exports, health). */
export function answerJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * An HTTP route's refusal, in the shape every route answers: `{ error: { code, message, reason? } }`
 * with the codes of the GraphQL API (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT…).
 */
export function answerError(response: ServerResponse, status: number, code: string, message: string, reason?: string): void {
  answerJson(response, status, { error: { code, message, ...(reason ? { reason } : {}) } });
}

/**
 * Who sends a request to an HTTP route, asked the same way by every route (the server makes it:
 * server/authentication.ts): the viewer, or null once the refusal has been answered.
 */
export type ViewerOfRequest = (request: IncomingMessage, response: ServerResponse) => Promise<Viewer | null>;

/** Not allowed and not there answer the same: 404. */
export function notFound(response: ServerResponse): void {
  answerError(response, 404, 'NOT_FOUND', 'Không tìm thấy.');
}

/** A file to download (an export, a print), never cached: it is made for its reader. */
export function sendAttachment(response: ServerResponse, type: string, fileName: string, body: string | Buffer): void {
  response.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'private, no-store' });
  response.end(body);
}
