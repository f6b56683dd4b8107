import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { withDatabase } from './dataset.ts';

export interface FreshBenchDatabase {
  url: string;
  database: Database;
  /** The embedded PostgreSQL, when DATABASE_URL named none (stop it at the end). */
  embedded: EmbeddedDatabase | undefined;
}

/**
 * A benchmark's own database, dropped and created anew and migrated: `name` on DATABASE_URL's
 * server, or on an embedded PostgreSQL in the temp folder (`vanthu-<name>-pg`) when none is named.
 */
export async function freshBenchDatabase(name: string): Promise<FreshBenchDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `${name.replace(/_/g, '-')}-pg`), database: name });
    adminUrl = withDatabase(embedded.url, 'postgres');
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  return { url, database: await openDatabase({ url, log: () => {} }), embedded };
}
