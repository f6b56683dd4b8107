import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { entities, routines, tenantEntities } from './entities.ts';
import { countingLoggerFactory } from './query-counter.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface TenantFilterArgs {
  organisationId: string;
}

/**
 * MikroORM options for a database URL. The tenant filter is on by default for every entity with an
 * organisation, and takes its argument per request: a query run without it fails instead of
 * reading every tenant (fail closed).
 */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    routines,
    allowGlobalContext: false,
    loggerFactory: countingLoggerFactory,
    debug: process.env.SQL_DEBUG === '1',
    // Resolvers load references in the same tick; batch them into one query.
    dataloader: true,
    // Filtered entities carry their own organisation column; joining the related row adds nothing.
    autoJoinRefsForFilters: false,
    extensions: [Migrator],
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      snapshot: false,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
    },
    filters: {
      tenant: {
        cond: (args: TenantFilterArgs) => ({ organisation: args.organisationId }),
        entity: tenantEntities,
        default: true,
      },
    },
    pool: { min: 0, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    // Propagation keeps both sides of a two-way relation in step through per-property accessors
    // installed on every loaded entity; no relation here has an inverse side, and installing
    // them was the largest single cost of reading a page of 50 documents (CPU profile: about
    // 12 % of a list request; npm run bench).
    propagationOnPrototype: false,
    ...overrides,
  });
}
