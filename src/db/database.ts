import { readdir } from 'node:fs/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { MIGRATIONS_DIR, ormOptions } from './config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';

export interface Database {
  orm: MikroORM;
  url: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** DATABASE_URL; when absent the embedded PostgreSQL is started under `dataDir`. */
  url?: string | undefined;
  dataDir?: string;
  embeddedPort?: number;
  migrate?: boolean;
  /** Compare the database's schema with the entities before serving (on unless false). */
  checkSchema?: boolean;
  log?: (message: string) => void;
  /** Set-up that must not run twice at once (the demo agency), done under the start lock after migrating. */
  setUp?: (orm: MikroORM) => Promise<void>;
  /** The embedded server's own output (checkpoints, connections): chatty, so kept apart. */
  postgresLog?: (message: string) => void;
}

/** The database is not the one this version of the server is made for; it does not start on it. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
}

/**
 * Refuses a database this version cannot serve safely (issue 22, point 1): one with migrations
 * applied that this version does not have (a newer version's database, or another branch's), one
 * with migrations still pending (migrate first), or one whose tables, columns, indexes or
 * functions differ from what the migrations make (a partial restore, a hand edit). The last
 * check reads the catalogue once (about 100 ms).
 */
async function refuseUnknownMigrations(orm: MikroORM): Promise<void> {
  const known = new Set((await readdir(MIGRATIONS_DIR)).filter((file) => /^Migration\w+\.ts$/.test(file)).map((file) => file.replace(/\.ts$/, '')));
  const executed = (await orm.migrator.getExecuted()).map((migration) => migration.name.replace(/\.[jt]s$/, ''));
  const unknown = executed.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new SchemaMismatchError(
      `The database has migrations applied that this version of Vanthu does not have (${unknown.join(', ')}): ` +
        'it was made by another version. Start that version, or restore a backup made by this one.',
    );
  }
}

async function refuseMismatch(orm: MikroORM, compareSchema: boolean): Promise<void> {
  const pending = (await orm.migrator.getPending()).map((migration) => migration.name);
  if (pending.length > 0) {
    throw new SchemaMismatchError(`The database has migrations pending (${pending.join(', ')}): run \`npm run migrate\` first.`);
  }
  if (!compareSchema) return;
  const difference = (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
  if (difference) {
    const lines = difference.split('\n');
    throw new SchemaMismatchError(
      'The database does not match what its migrations make (a partial restore or a change by hand?); ' +
        `these statements would make it match:\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n… (${lines.length - 20} more)` : ''}`,
    );
  }
}

/** The advisory lock key of migrations and set-up: one instance at a time per database. */
export const START_LOCK_KEY = 7_314_159_265;

/**
 * Runs `work` holding the database's start lock (a session advisory lock on a connection of its
 * own): two instances started together on an empty database migrate and set up one after the
 * other, the second finding everything done (issue 13 point 8). The lock goes with the connection,
 * so a crashed instance never leaves it held.
 */
export async function withStartLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [START_LOCK_KEY]);
    return await work();
  } finally {
    await client.end();
  }
}

/** Connects (starting the embedded server when needed) and applies pending migrations. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = options.url;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: options.dataDir ?? 'data/pg',
      ...(options.embeddedPort ? { port: options.embeddedPort } : {}),
      ...(options.postgresLog ? { log: options.postgresLog } : {}),
    });
    url = embedded.url;
  }
  const orm = await MikroORM.init(ormOptions(url));
  try {
    await orm.connect();
    await withStartLock(url, async () => {
      await refuseUnknownMigrations(orm);
      if (options.migrate !== false) {
        const applied = await orm.migrator.up();
        if (applied.length > 0) options.log?.(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
      }
      await refuseMismatch(orm, options.checkSchema !== false);
      await options.setUp?.(orm);
    });
  } catch (error) {
    await orm.close(true);
    await embedded?.stop();
    throw error;
  }
  return {
    orm,
    url,
    async close() {
      await orm.close();
      await embedded?.stop();
    },
  };
}
