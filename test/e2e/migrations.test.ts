import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** An entity changed without a migration fails here: the migrated schema must match the entities. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

describe('migrations', () => {
  it('leave nothing between the entities and the database', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('are all applied', async () => {
    expect(await db.orm.migrator.getPending()).toEqual([]);
  });
});
