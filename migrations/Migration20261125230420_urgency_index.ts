import { Migration } from '@mikro-orm/migrations';

export class Migration20261125230420_urgency_index extends Migration {

  override name = 'Migration20261125230420_urgency_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "document_organisation_id_urgency_created_at_id_index" on "document" ("organisation_id", "urgency", "created_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_organisation_id_urgency_created_at_id_index";`);

  }

}
