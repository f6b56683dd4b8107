import { Migration } from '@mikro-orm/migrations';

/**
 * Functions that call functions name them with their schema (issue 22, point 1). pg_restore runs
 * with an empty search_path, so `document_organisation_words` calling a bare
 * `document_search_words` failed while the `document` rows were copied in (the generated
 * `content_words` column calls it): the whole table was lost from the restored database. The
 * body is only text to PostgreSQL, so pg_dump cannot qualify the name itself; generated columns
 * and indexes are dumped qualified already. The `document` rows are not rewritten: the words
 * themselves do not change.
 */
export class Migration20261202142500_qualified_functions extends Migration {

  override name = 'Migration20261202142500_qualified_functions';

  override up(): void | Promise<void> {
    // search-words.ts (documentOrganisationWords): the words of a folded text, prefixed with the organisation.
    this.addSql(`create or replace function "public"."document_organisation_words"("organisation" uuid, "folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array(select replace(organisation::text, '-', '') || ':' || word from unnest(tsvector_to_array(public.document_search_words(folded))) as word)) \$\$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create or replace function "public"."document_organisation_words"("organisation" uuid, "folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array(select replace(organisation::text, '-', '') || ':' || word from unnest(tsvector_to_array(document_search_words(folded))) as word)) \$\$;`);
  }

}
