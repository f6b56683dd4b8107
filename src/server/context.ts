import type { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Viewer } from '../core/viewer.ts';
import type { Actor } from '../core/actor.ts';
import type { AuthProblem } from '../core/errors.ts';
import type { FanOut } from './fan-out.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { SharedRows } from './shared-rows.ts';

/**
 * What every resolver gets. One EntityManager fork per request (or per subscription event), with
 * the tenant filter set to the viewer's organisation; without a viewer the filter has no argument
 * and any tenant query fails rather than reading across organisations.
 */
export interface Context {
  requestId: string;
  log: Logger;
  em: EntityManager;
  viewer: Viewer | null;
  authProblem: AuthProblem | null;
  /** Set by @auth on root fields: who acts, and on whose behalf. */
  actor: Actor | null;
  loaders: Loaders;
  orm: MikroORM;
  /** The WebSocket connection an operation runs on; absent over HTTP. */
  connection?: ConnectionState;
  /** Domain events of every instance (LISTEN/NOTIFY), read once here and routed to subscriptions. */
  fanOut?: FanOut;
}

/**
 * A WebSocket connection's live authentication: `viewer` is replaced whenever the account changes;
 * `events` emits `viewer-updated` after that, and `closed` when the connection ends.
 */
export interface ConnectionState {
  viewer: Viewer;
  events: EventEmitter;
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

export function createContext(
  orm: MikroORM,
  requestId: string,
  log: Logger,
  viewer: Viewer | null,
  authProblem: AuthProblem | null,
): Context {
  const em = forkFor(orm, viewer);
  return { requestId, log, em, viewer, authProblem, actor: null, loaders: createLoaders(em, viewer), orm };
}

/**
 * A fresh identity map and loaders (after a mutation, or for the next subscription event; then
 * over the rows read once for every subscriber of that event, when it came through the FanOut).
 */
export function refreshContext(context: Context, viewer: Viewer | null = context.viewer, shared?: SharedRows): void {
  context.viewer = viewer;
  context.em = forkFor(context.orm, viewer);
  context.loaders = createLoaders(context.em, viewer, shared);
}
