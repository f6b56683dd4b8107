import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A machine principal: an integrator's API key, never a person. It is a separate kind of principal
 * in the context (`context.client`, with `context.viewer` null), so every field and route written
 * for people stays closed to it: @auth lets a key in only on a field that names a scope the key
 * holds (`@auth(scope: "…")`), and a resolver may ask for one with the integrators area's
 * `requireClientScope`.
 */
export interface ApiClient {
  keyId: string;
  organisationId: string;
  name: string;
  scopes: readonly string[];
}

/** What an authenticator answers for a bearer it claims: the key, or why not (the same answer for expired, revoked and unknown keys). */
export type ClientAuthentication =
  | { client: ApiClient }
  | { client: null; problem: 'INVALID' }
  | { client: null; problem: 'RATE_LIMITED'; retryAfterSeconds: number };

/**
 * A way a machine authenticates with a bearer token, provided by an area (AreaModule.authenticators):
 * the server asks the first authenticator that claims a token's form; tokens none claims are
 * people's sessions.
 */
export interface ClientAuthenticator {
  /** Whether the token has this authenticator's form (its prefix). */
  claims(token: string): boolean;
  authenticate(em: EntityManager, token: string, request: { clientAddress: string; method: string; path: string }): Promise<ClientAuthentication>;
}
