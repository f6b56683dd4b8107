import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './config.ts';
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
  log?: (message: string) => void;
  /** The embedded server's own output (checkpoints, connections): chatty, so kept apart. */
  postgresLog?: (message: string) => void;
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
    if (options.migrate !== false) {
      const applied = await orm.migrator.up();
      if (applied.length > 0) options.log?.(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    }
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
