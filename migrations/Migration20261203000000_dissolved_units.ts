import { Migration } from '@mikro-orm/migrations';

/**
 * Units can be dissolved (giải thể) and kept in history (issue 14: a removed unit's folder is kept
 * read-only); folders are searched by name as items are, through the same word function.
 */
export class Migration20261203000000_dissolved_units extends Migration {

  override name = 'Migration20261203000000_dissolved_units';

  override up(): void | Promise<void> {
    this.addSql(`alter table "unit" add "dissolved_at" timestamptz null;`);
    this.addSql(`alter table "folder" add "search_words" tsvector generated always as (folder_search_words(organisation_id, name_key)) stored null;`);
    this.addSql(`create index "folder_search_words_gin" on "folder" using gin ("organisation_id", "search_words");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "folder_search_words_gin";`);
    this.addSql(`alter table "folder" drop column "search_words";`);
    this.addSql(`alter table "unit" drop column "dissolved_at";`);
  }

}
