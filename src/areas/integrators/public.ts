/**
 * What other areas may use of the integrators area: the scopes of API keys, and the one check
 * a resolver or route makes to let a key in (a field may instead name the scope in
 * `@auth(scope: "…")`, which asks the same question).
 */
import type { ApiClient } from '../../core/client.ts';
import type { Context } from '../../core/context.ts';
import { forbidden, unauthenticated } from '../../core/errors.ts';
import type { ApiKeyScope } from './scopes.ts';

export { API_KEY_SCOPES, isApiKeyScope, type ApiKeyScope } from './scopes.ts';
export type { ApiClient } from '../../core/client.ts';

/** Whether a key holds a scope. */
export function clientHasScope(client: ApiClient, scope: ApiKeyScope): boolean {
  return client.scopes.includes(scope);
}

/**
 * The API key behind the request when it holds `scope`; otherwise the request is refused:
 * UNAUTHENTICATED with no principal (or a bad key), FORBIDDEN for a person or a key without the
 * scope (the same answer whatever exists). E.g. `requireClientScope(context, 'portal:submit')`.
 */
export function requireClientScope(context: Pick<Context, 'client' | 'viewer' | 'authProblem'>, scope: ApiKeyScope): ApiClient {
  const client = context.client;
  if (!client) throw context.viewer ? forbidden() : unauthenticated(context.authProblem ?? 'MISSING');
  if (!clientHasScope(client, scope)) throw forbidden();
  return client;
}
