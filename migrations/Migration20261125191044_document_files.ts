import { Migration } from '@mikro-orm/migrations';

export class Migration20261125191044_document_files extends Migration {

  override name = 'Migration20261125191044_document_files';

  override up(): void | Promise<void> {
    this.addSql(`create table "stored_file" ("id" uuid not null, "organisation_id" uuid not null, "sha256" varchar(64) not null, "size" bigint not null, "media_type" varchar(100) not null, "file_name" varchar(255) not null, "uploaded_by_id" uuid not null, "uploaded_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "stored_file_sha256_index" on "stored_file" ("sha256");`);

    this.addSql(`create table "document_file" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "attachment_no" int not null, "version" int not null, "file_id" uuid not null, "added_by_id" uuid not null, "added_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "document_file_file_id_index" on "document_file" ("file_id");`);
    this.addSql(`alter table "document_file" add constraint "document_file_document_id_attachment_no_version_unique" unique ("document_id", "attachment_no", "version");`);

    this.addSql(`alter table "stored_file" add constraint "stored_file_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "stored_file" add constraint "stored_file_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "account" ("id");`);

    this.addSql(`alter table "document_file" add constraint "document_file_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_file" add constraint "document_file_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_file" add constraint "document_file_file_id_foreign" foreign key ("file_id") references "stored_file" ("id");`);
    this.addSql(`alter table "document_file" add constraint "document_file_added_by_id_foreign" foreign key ("added_by_id") references "account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document_file" drop constraint "document_file_file_id_foreign";`);

    this.addSql(`drop table if exists "stored_file" cascade;`);
    this.addSql(`drop table if exists "document_file" cascade;`);
  }

}
