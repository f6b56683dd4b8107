import { Migration } from '@mikro-orm/migrations';

/**
 * Withdrawn copies in a partial index: "not withdrawn" (work, reminders, the handling report) is
 * an anti-join on it instead of a lookup of every assignment's document.
 */
export class Migration20261204000000_withdrawn_documents extends Migration {

  override name = 'Migration20261204000000_withdrawn_documents';

  override up(): void | Promise<void> {
    this.addSql(`create index "document_withdrawn" on "document" ("id") where "status" = 'WITHDRAWN';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_withdrawn";`);
  }

}
