import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SchemaMismatchError } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * The server refuses to start on a database that is not the one its migrations make (issue 22,
 * point 1): a restore that lost objects, or a newer version's database, stops it with a clear
 * message instead of serving what is left.
 */
let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function damaged(sql: string): Promise<string> {
  db = await createTestDatabase();
  await db.orm.em.fork().getConnection().execute(sql);
  return db.url;
}

describe('starting on a database', () => {
  it('opens the migrated one, with its schema compared in a fraction of a second', async () => {
    db = await createTestDatabase();
    const started = performance.now();
    const database = await openDatabase({ url: db.url });
    const ms = performance.now() - started;
    await database.close();
    expect(ms).toBeLessThan(3000);
  });

  it('refuses one with a migration this version does not have', async () => {
    const url = await damaged(`insert into mikro_orm_migrations (name, executed_at) values ('Migration20991231000000_future', now())`);
    const opening = openDatabase({ url });
    await expect(opening).rejects.toThrow(SchemaMismatchError);
    await expect(opening).rejects.toThrow(/migrations applied that this version of Vanthu does not have \(Migration20991231000000_future\)/);
  });

  it.each([
    ['a lost index', 'drop index document_content_words_gin', /document_content_words_gin/],
    ['a lost column', 'alter table notice_delivery drop column read_at', /read_at/],
    [
      'a function body that names a function without its schema',
      `create or replace function document_organisation_words(organisation uuid, folded text) returns tsvector immutable language sql as $$ select array_to_tsvector(array(select replace(organisation::text, '-', '') || ':' || word from unnest(tsvector_to_array(document_search_words(folded))) as word)) $$`,
      /document_organisation_words/,
    ],
  ])('refuses one with %s, saying what differs', async (_, sql, names) => {
    const opening = openDatabase({ url: await damaged(sql) });
    await expect(opening).rejects.toThrow(/does not match what its migrations make/);
    await expect(opening).rejects.toThrow(names);
  });
});
