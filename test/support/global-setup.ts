import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';

/**
 * One PostgreSQL for the run: DATABASE_URL's server when given, else an embedded one in a temp
 * folder. Migrations are applied once, to a template database; each test file then clones its
 * own database from it (CREATE DATABASE … TEMPLATE), so files are isolated and run in parallel.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string };
  }
}

let embedded: EmbeddedDatabase | undefined;
let embeddedDir: string | undefined;
let adminUrl = '';
let prefix = '';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    // Not mkdtemp under a private folder: as root, the postgres user must be able to reach it.
    embeddedDir = path.join(os.tmpdir(), `vanthu-test-pg-${process.pid}`);
    await rm(embeddedDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, database: 'postgres_admin' });
    adminUrl = embedded.url;
  }
  prefix = `vanthu_test_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  await admin.end();
  const database = await openDatabase({ url: withDatabase(adminUrl, template) });
  await database.close();
  project.provide('testDatabase', { adminUrl, template });
}

export async function teardown() {
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`]);
    for (const row of rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
    await admin.end();
  }
  await embedded?.stop();
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
}
