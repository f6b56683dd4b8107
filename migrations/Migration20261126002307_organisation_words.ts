import { Migration } from '@mikro-orm/migrations';

/**
 * Search words prefixed with their organisation (search-words.ts): a word's GIN entry then lists
 * one organisation's documents, not every organisation's, and common words stop costing a scan of
 * all of them (npm run bench: 20 → 2.3 ms for `cong van khan`). The organisation stays in the index
 * too (btree_gin): without it the planner intersected a number search with the organisation's whole
 * handler index (0.3 → 15 ms).
 */
export class Migration20261126002307_organisation_words extends Migration {

  override name = 'Migration20261126002307_organisation_words';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "document_organisation_words"("organisation" uuid, "folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array(select replace(organisation::text, '-', '') || ':' || word from unnest(tsvector_to_array(document_search_words(folded))) as word)) \$\$;`);
    this.addSql(`drop index "document_content_words_gin";`);
    this.addSql(`alter table "document" drop column "content_words";`);
    this.addSql(`alter table "document" add "content_words" tsvector generated always as (document_organisation_words(organisation_id, content_text)) stored null;`);
    this.addSql(`create index "document_content_words_gin" on "document" using gin ("organisation_id", "content_words");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_content_words_gin";`);
    this.addSql(`alter table "document" drop column "content_words";`);
    this.addSql(`alter table "document" add "content_words" tsvector generated always as (document_search_words(content_text)) stored null;`);
    this.addSql(`create index "document_content_words_gin" on "document" using gin ("organisation_id", "content_words");`);
    this.addSql(`drop function if exists "document_organisation_words"(uuid, text);`);
  }

}
