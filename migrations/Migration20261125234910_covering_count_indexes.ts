import { Migration } from '@mikro-orm/migrations';

export class Migration20261125234910_covering_count_indexes extends Migration {

  override name = 'Migration20261125234910_covering_count_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "document_organisation_id_kind_created_at_id_index";`);
    this.addSql(`drop index "document_organisation_id_urgency_created_at_id_index";`);
    this.addSql(`create index "document_organisation_kind_created_at_id_index" on "document" ("organisation_id", "kind", "created_at", "id") include ("urgency", "status", "confidentiality", "direction");`);
    this.addSql(`create index "document_organisation_urgency_created_at_id_index" on "document" ("organisation_id", "urgency", "created_at", "id") include ("kind", "status", "confidentiality", "direction");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "document_organisation_kind_created_at_id_index";`);
    this.addSql(`drop index "document_organisation_urgency_created_at_id_index";`);
    this.addSql(`create index "document_organisation_id_kind_created_at_id_index" on "document" ("organisation_id", "kind", "created_at", "id");`);
    this.addSql(`create index "document_organisation_id_urgency_created_at_id_index" on "document" ("organisation_id", "urgency", "created_at", "id");`);

  }

}
