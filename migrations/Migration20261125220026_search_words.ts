import { Migration } from '@mikro-orm/migrations';

/**
 * Search by words instead of by any substring (npm run bench: 40-60 ms of trigram index scans over
 * every organisation's documents for a three-word search). The words of a document's folded content
 * text are kept in a generated column and indexed per organisation (btree_gin); search-words.ts
 * builds the queries and says which words are made.
 */
export class Migration20261125220026_search_words extends Migration {

  override name = 'Migration20261125220026_search_words';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists btree_gin;`);
    // search-words.ts: the words of a folded text.
    this.addSql(`create or replace function "document_search_words"("folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array_remove(regexp_split_to_array(folded, '[^[:alnum:]/]+') || regexp_split_to_array(folded, '[^[:alnum:]]+'), '')) \$\$;`);
    this.addSql(`drop index "document_content_text_trgm";`);
    this.addSql(`drop index "document_entry_text_trgm";`);
    this.addSql(`alter table "document" add "content_words" tsvector generated always as (document_search_words(content_text)) stored null;`);
    this.addSql(`create index "document_content_words_gin" on "document" using gin ("organisation_id", "content_words");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_content_words_gin";`);
    this.addSql(`alter table "document" drop column "content_words";`);
    this.addSql(`drop function if exists "document_search_words"(text);`);
    this.addSql(`create index "document_content_text_trgm" on "document" using gin ("content_text" gin_trgm_ops);`);
    this.addSql(`create index "document_entry_text_trgm" on "document" using gin ("entry_text" gin_trgm_ops);`);
  }

}
