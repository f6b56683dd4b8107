import { Migration } from '@mikro-orm/migrations';

export class Migration20261125192123_sending extends Migration {

  override name = 'Migration20261125192123_sending';

  override up(): void | Promise<void> {
    this.addSql(`alter table "document" drop constraint "document_status_check";`);
    this.addSql(`alter table "document" add "source_document_id" uuid null;`);
    this.addSql(`alter table "document" add constraint "document_source_document_id_foreign" foreign key ("source_document_id") references "document" ("id") on delete set null;`);
    this.addSql(`create index "document_source_document_id_index" on "document" ("source_document_id");`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('RECEIVED', 'REGISTERED', 'RETURNED', 'WITHDRAWN', 'DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED', 'ISSUED', 'RECALLED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document" drop constraint "document_source_document_id_foreign";`);

    this.addSql(`drop index "document_source_document_id_index";`);
    this.addSql(`alter table "document" drop constraint "document_status_check";`);
    this.addSql(`alter table "document" drop column "source_document_id";`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('REGISTERED', 'RETURNED', 'DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED', 'ISSUED', 'RECALLED'));`);
  }

}
