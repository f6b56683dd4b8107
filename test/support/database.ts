import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { inject } from 'vitest';
import { ormOptions } from '../../src/db/config.ts';

/** A database of this test file's own, cloned from the migrated template. */
export interface TestDatabase {
  url: string;
  orm: MikroORM;
  close(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('testDatabase').adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject('testDatabase');
  const name = `${template.replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
  // Cloning takes a lock on the template; files starting together may have to wait for each other.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin((client) => client.query(`create database "${name}" template "${template}"`));
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(ormOptions(url.toString()));
  await orm.connect();
  return {
    url: url.toString(),
    orm,
    async close() {
      await orm.close(true);
      await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * An empty database (no migrations, no demo) for a test about what a start does to one: `use`
 * gets its URL; it is dropped afterwards, whatever happened.
 */
export async function withEmptyDatabase<T>(label: string, use: (url: string) => Promise<T>): Promise<T> {
  const { adminUrl } = inject('testDatabase');
  const name = `vanthu_test_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}"`);
  await admin.query(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
