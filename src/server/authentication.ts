import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticate } from '../areas/accounts/sign-in.ts';
import type { ApiClient } from '../core/client.ts';
import { forbidden, passwordChangeRequired, unauthenticated, type AuthProblem } from '../core/errors.ts';
import { answerError, type ViewerOfRequest } from '../core/http-answers.ts';
import type { PrincipalOfRequest } from '../core/module.ts';
import type { Viewer } from '../core/viewer.ts';
import { modules } from '../modules.ts';

/**
 * One authentication for every way in: GraphQL over HTTP, the HTTP routes (files, exports) and
 * WebSocket connections read the same token the same way, and refuse with the same codes — no
 * valid session is UNAUTHENTICATED (401 on a route), a temporary password not yet changed is
 * FORBIDDEN with reason PASSWORD_CHANGE_REQUIRED (403 on a route; GraphQL lets the fields marked
 * `beforePasswordChange` through).
 *
 * A bearer of a form an area's authenticator claims (an API key, `vk_…`) is a machine: it is
 * resolved by that area into `client`, never into a viewer, so paths written for people stay
 * closed to it. Over WebSocket only people's sessions are accepted.
 */

/** Every area's machine authenticators (AreaModule.authenticators). */
const authenticators = modules.flatMap((module) => module.authenticators ?? []);

/** The token of `Authorization: Bearer <token>`, or of a socket's connection parameters. */
export function tokenOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:Bearer\s+)?(\S+)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

/** Who sends a request: a person, a machine, or neither (and why). */
export interface RequestAuthentication {
  viewer: Viewer | null;
  client: ApiClient | null;
  problem: AuthProblem | null;
  /** A key over its rate: seconds until it may ask again (answered 429 with Retry-After). */
  retryAfterSeconds?: number;
}

export async function authenticateRequest(orm: MikroORM, request: IncomingMessage, clientAddress = ''): Promise<RequestAuthentication> {
  const token = tokenOf(request.headers.authorization);
  const authenticator = token ? authenticators.find((candidate) => candidate.claims(token)) : undefined;
  if (token && authenticator) {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const answer = await authenticator.authenticate(orm.em.fork(), token, { clientAddress, method: request.method ?? 'GET', path });
    if (answer.client) return { viewer: null, client: answer.client, problem: null };
    return { viewer: null, client: null, problem: 'INVALID', ...(answer.problem === 'RATE_LIMITED' ? { retryAfterSeconds: answer.retryAfterSeconds } : {}) };
  }
  const authentication = await authenticate(orm.em.fork(), token);
  return authentication.viewer ? { viewer: authentication.viewer, client: null, problem: null } : { viewer: null, client: null, problem: authentication.problem };
}

export function tokenFromParams(params: Readonly<Record<string, unknown>> | undefined): string | null {
  return tokenOf(params?.['authorization'] ?? params?.['Authorization'] ?? params?.['token']);
}

/** Answers 429 with Retry-After for a key over its rate; true when it did. */
export function answerRateLimited(response: ServerResponse, authentication: RequestAuthentication): boolean {
  if (authentication.retryAfterSeconds === undefined) return false;
  response.setHeader('retry-after', String(authentication.retryAfterSeconds));
  answerError(response, 429, 'RATE_LIMITED', 'Khóa API đã vượt giới hạn số yêu cầu. Vui lòng thử lại sau.');
  return true;
}

/** The person or machine behind a request to an HTTP route, or null once the refusal is answered. */
export function principalOfRequest(orm: MikroORM, clientAddressOf: (request: IncomingMessage) => string): PrincipalOfRequest {
  return async (request, response) => {
    const authentication = await authenticateRequest(orm, request, clientAddressOf(request));
    if (answerRateLimited(response, authentication)) return null;
    if (authentication.client) return { viewer: null, client: authentication.client };
    if (!authentication.viewer) {
      const problem = authentication.problem ?? 'MISSING';
      answerError(response, 401, 'UNAUTHENTICATED', unauthenticated(problem).message, problem);
      return null;
    }
    if (authentication.viewer.mustChangePassword) {
      answerError(response, 403, 'FORBIDDEN', passwordChangeRequired().message, 'PASSWORD_CHANGE_REQUIRED');
      return null;
    }
    return { viewer: authentication.viewer, client: null };
  };
}

/** The viewer of a request to an HTTP route for people, or null once the refusal is answered (a key: 403). */
export function viewerOfRequest(orm: MikroORM, clientAddressOf: (request: IncomingMessage) => string): ViewerOfRequest {
  const principalOf = principalOfRequest(orm, clientAddressOf);
  return async (request: IncomingMessage, response: ServerResponse) => {
    const principal = await principalOf(request, response);
    if (!principal) return null;
    if (!principal.viewer) {
      answerError(response, 403, 'FORBIDDEN', forbidden().message);
      return null;
    }
    return principal.viewer;
  };
}
