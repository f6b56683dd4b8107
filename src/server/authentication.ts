import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticate, type Authentication } from '../areas/accounts/sign-in.ts';
import { passwordChangeRequired, unauthenticated } from '../core/errors.ts';
import { answerError, type ViewerOfRequest } from '../core/http-answers.ts';

/**
 * One authentication for every way in: GraphQL over HTTP, the HTTP routes (files, exports) and
 * WebSocket connections read the same token the same way, and refuse with the same codes — no
 * valid session is UNAUTHENTICATED (401 on a route), a temporary password not yet changed is
 * FORBIDDEN with reason PASSWORD_CHANGE_REQUIRED (403 on a route; GraphQL lets the fields marked
 * `beforePasswordChange` through).
 */

/** The token of `Authorization: Bearer <token>`, or of a socket's connection parameters. */
export function tokenOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:Bearer\s+)?(\S+)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

export function authenticateRequest(orm: MikroORM, request: IncomingMessage): Promise<Authentication> {
  return authenticate(orm.em.fork(), tokenOf(request.headers.authorization));
}

export function tokenFromParams(params: Readonly<Record<string, unknown>> | undefined): string | null {
  return tokenOf(params?.['authorization'] ?? params?.['Authorization'] ?? params?.['token']);
}

/** The viewer of a request to an HTTP route, or null once the refusal is answered. */
export function viewerOfRequest(orm: MikroORM): ViewerOfRequest {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const authentication = await authenticateRequest(orm, request);
    if (!authentication.viewer) {
      const error = unauthenticated(authentication.problem);
      answerError(response, 401, 'UNAUTHENTICATED', error.message, authentication.problem);
      return null;
    }
    if (authentication.viewer.mustChangePassword) {
      answerError(response, 403, 'FORBIDDEN', passwordChangeRequired().message, 'PASSWORD_CHANGE_REQUIRED');
      return null;
    }
    return authentication.viewer;
  };
}
