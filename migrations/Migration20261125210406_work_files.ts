import { Migration } from '@mikro-orm/migrations';

export class Migration20261125210406_work_files extends Migration {

  override name = 'Migration20261125210406_work_files';

  override up(): void | Promise<void> {
    this.addSql(`create table "work_file" ("id" uuid not null, "organisation_id" uuid not null, "code" varchar(50) not null, "year" int not null, "title" varchar(500) not null, "description" varchar(2000) null, "retention_years" int null, "language" varchar(10) not null default 'vi', "creator_id" uuid not null, "creator_unit_id" uuid not null, "status" text not null, "start_date" varchar(10) not null, "end_date" varchar(10) null, "search_text" text not null, "handler_ids" text[] not null default '{}', "handler_unit_ids" text[] not null default '{}', "created_at" timestamptz not null, "closed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "work_file_organisation_id_created_at_id_index" on "work_file" ("organisation_id", "created_at", "id");`);
    this.addSql(`alter table "work_file" add constraint "work_file_organisation_id_year_code_unique" unique ("organisation_id", "year", "code");`);

    this.addSql(`create table "work_file_document" ("id" uuid not null, "organisation_id" uuid not null, "work_file_id" uuid not null, "document_id" uuid not null, "ordinal" int not null, "added_by_id" uuid not null, "added_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "work_file_document_document_id_index" on "work_file_document" ("document_id");`);
    this.addSql(`alter table "work_file_document" add constraint "work_file_document_work_file_id_document_id_unique" unique ("work_file_id", "document_id");`);

    this.addSql(`alter table "work_file" add constraint "work_file_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "work_file" add constraint "work_file_creator_id_foreign" foreign key ("creator_id") references "account" ("id");`);
    this.addSql(`alter table "work_file" add constraint "work_file_creator_unit_id_foreign" foreign key ("creator_unit_id") references "unit" ("id");`);
    this.addSql(`alter table "work_file" add constraint "work_file_status_check" check ("status" in ('OPEN', 'CLOSED'));`);

    this.addSql(`alter table "work_file_document" add constraint "work_file_document_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "work_file_document" add constraint "work_file_document_work_file_id_foreign" foreign key ("work_file_id") references "work_file" ("id");`);
    this.addSql(`alter table "work_file_document" add constraint "work_file_document_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "work_file_document" add constraint "work_file_document_added_by_id_foreign" foreign key ("added_by_id") references "account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "work_file_document" drop constraint "work_file_document_work_file_id_foreign";`);

    this.addSql(`drop table if exists "work_file" cascade;`);
    this.addSql(`drop table if exists "work_file_document" cascade;`);
  }

}
