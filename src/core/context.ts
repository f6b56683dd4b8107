import type { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Viewer } from './viewer.ts';
import type { ApiClient } from './client.ts';
import type { Actor } from './actor.ts';
import type { AuthProblem } from './errors.ts';
import type { LoaderFactory, Loaders } from './loaders.ts';
import type { SharedRows } from './shared-rows.ts';
import type { FanOutRoutes } from './routes.ts';
import type { NodeType } from './ids.ts';

/**
 * What every resolver gets. One EntityManager fork per request (or per subscription event), with
 * the tenant filter set to the viewer's organisation; without a viewer the filter has no argument
 * and any tenant query fails rather than reading across organisations.
 */
export interface Context {
  requestId: string;
  /** The client's address: the peer's, or the one a trusted proxy forwarded (TRUSTED_PROXIES). */
  clientAddress: string;
  log: Logger;
  em: EntityManager;
  viewer: Viewer | null;
  /**
   * The API key behind the request, when a machine asks (then `viewer` is null): a principal of
   * its own, let in only where a field names a scope it holds (core/client.ts).
   */
  client: ApiClient | null;
  authProblem: AuthProblem | null;
  /** Set by @auth on root fields: who acts, and on whose behalf. */
  actor: Actor | null;
  loaders: Loaders;
  /** Makes a fresh set of loaders (the areas' loaders, assembled by the server). */
  makeLoaders: LoaderFactory;
  /** Whether the viewer may see a record of any node type, through that type's loader (its policy). */
  sees: (type: NodeType, id: string) => Promise<boolean>;
  orm: MikroORM;
  /** The WebSocket connection an operation runs on; absent over HTTP. */
  connection?: ConnectionState;
  /** Domain events of every instance (LISTEN/NOTIFY), read once here and routed to subscriptions. */
  fanOut?: FanOutRoutes;
  /** What the request's log line says of it beyond the HTTP facts (HTTP only): its operation's name. */
  requestFacts?: { operation?: string | null };
}

/**
 * A WebSocket connection's live authentication: `viewer` is replaced whenever an input of the
 * account's rights changes (an event, or the clock: a delegation starting or ending); `events`
 * emits `viewer-updated` after that, and `closed` when the connection ends.
 */
export interface ConnectionState {
  viewer: Viewer;
  events: EventEmitter;
  /**
   * The viewer with the rights the account holds at this moment: waits for a rebuild under way
   * (one an account change started), and rebuilds first when the clock has passed an instant at
   * which the rights change. Null once the connection is closing. What a subscription sends is
   * checked against this, so nothing goes out on rights that have just ended.
   */
  fresh(): Promise<Viewer | null>;
}

/** The viewer of a resolver that @auth has let through; reaching one without is a bug. */
export function viewerOf(context: Context): Viewer {
  if (!context.viewer) throw new Error('resolver reached without a viewer: @auth is missing');
  return context.viewer;
}

export function forkFor(orm: MikroORM, viewer: Viewer | null): EntityManager {
  return viewer ? forkForOrganisation(orm, viewer.organisationId) : orm.em.fork({ clear: true });
}

export function forkForOrganisation(orm: MikroORM, organisationId: string): EntityManager {
  const em = orm.em.fork({ clear: true });
  em.setFilterParams('tenant', { organisationId });
  return em;
}

/**
 * A fresh identity map and loaders (after a mutation, or for the next subscription event; then
 * over the rows read once for every subscriber of that event, when it came through the FanOut).
 */
export function refreshContext(context: Context, viewer: Viewer | null = context.viewer, shared?: SharedRows): void {
  context.viewer = viewer;
  context.em = !viewer && context.client ? forkForOrganisation(context.orm, context.client.organisationId) : forkFor(context.orm, viewer);
  context.loaders = context.makeLoaders(context.em, viewer, shared);
}
