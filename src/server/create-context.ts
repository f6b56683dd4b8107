import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ApiClient } from '../core/client.ts';
import { forkFor, forkForOrganisation, type Context } from '../core/context.ts';
import type { AuthProblem } from '../core/errors.ts';
import type { Viewer } from '../core/viewer.ts';
import { makeLoaders } from './loaders.ts';
import { seesNode } from './node-readers.ts';

/** A request's (or a subscription operation's) context, with the loaders of every area. */
export function createContext(
  orm: MikroORM,
  requestId: string,
  log: Logger,
  viewer: Viewer | null,
  authProblem: AuthProblem | null,
  clientAddress = '',
  client: ApiClient | null = null,
): Context {
  // A key reads within its own organisation's tenant filter, as a person does.
  const em = !viewer && client ? forkForOrganisation(orm, client.organisationId) : forkFor(orm, viewer);
  const context: Context = {
    requestId,
    clientAddress,
    log,
    em,
    viewer,
    client: viewer ? null : client,
    authProblem,
    actor: null,
    loaders: makeLoaders(em, viewer),
    makeLoaders,
    orm,
    // Through the loaders of the moment (a subscription event replaces them).
    sees: (type, id) => seesNode(context.loaders, type, id),
  };
  return context;
}
