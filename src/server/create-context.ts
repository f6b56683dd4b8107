import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { forkFor, type Context } from '../core/context.ts';
import type { AuthProblem } from '../core/errors.ts';
import type { Viewer } from '../core/viewer.ts';
import { makeLoaders } from './loaders.ts';

/** A request's (or a subscription operation's) context, with the loaders of every area. */
export function createContext(orm: MikroORM, requestId: string, log: Logger, viewer: Viewer | null, authProblem: AuthProblem | null): Context {
  const em = forkFor(orm, viewer);
  return { requestId, log, em, viewer, authProblem, actor: null, loaders: makeLoaders(em, viewer), makeLoaders, orm };
}
