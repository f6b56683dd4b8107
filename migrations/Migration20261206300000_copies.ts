import { Migration } from '@mikro-orm/migrations';

/** Copies (sao y, trích sao, sao lục) with their own series, circulation marks, restriction from publication and paper delivery (issue 21 §3-4). */
export class Migration20261206300000_copies extends Migration {

  override name = 'Migration20261206300000_copies';

  override up(): void | Promise<void> {
    this.addSql(`create table "document_copy_counter" ("organisation_id" uuid not null, "series" varchar(10) not null, "year" int not null, "last_number" int not null default 0, primary key ("organisation_id", "series", "year"));`);

    this.addSql(`create table "document_paper_delivery" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "recipient" varchar(300) not null, "received_by" varchar(100) null, "delivered_at" timestamptz not null, "delivered_by_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "document_paper_delivery_document_id_delivered_at_index" on "document_paper_delivery" ("document_id", "delivered_at");`);

    this.addSql(`create table "document_copy" ("id" uuid not null, "organisation_id" uuid not null, "original_id" uuid not null, "form" text not null, "confidentiality" text not null, "year" int not null, "number" int not null, "number_notation" varchar(30) not null, "part" varchar(500) null, "signer_position" varchar(100) null, "signer_name" varchar(50) null, "recipients" varchar(1000) null, "copied_on" varchar(10) not null, "made_by_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "document_copy_original_id_index" on "document_copy" ("original_id");`);
    this.addSql(`create index "document_copy_organisation_id_created_at_id_index" on "document_copy" ("organisation_id", "created_at", "id");`);
    this.addSql(`alter table "document_copy" add constraint "document_copy_organisation_id_form_confidentialit_fe304_unique" unique ("organisation_id", "form", "confidentiality", "year", "number");`);

    this.addSql(`alter table "document" add "circulation_mark" text null, add "publication_restricted_at" timestamptz null, add "publication_restricted_by_id" uuid null, add "publication_restriction_reason" varchar(500) null;`);
    this.addSql(`alter table "document" add constraint "document_publication_restricted_by_id_foreign" foreign key ("publication_restricted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_circulation_mark_check" check ("circulation_mark" in ('RETURN_AFTER_READING', 'INTERNAL_ONLY'));`);

    this.addSql(`alter table "document_copy_counter" add constraint "document_copy_counter_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "document_paper_delivery" add constraint "document_paper_delivery_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_paper_delivery" add constraint "document_paper_delivery_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_paper_delivery" add constraint "document_paper_delivery_delivered_by_id_foreign" foreign key ("delivered_by_id") references "account" ("id");`);

    this.addSql(`alter table "document_copy" add constraint "document_copy_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_copy" add constraint "document_copy_original_id_foreign" foreign key ("original_id") references "document" ("id");`);
    this.addSql(`alter table "document_copy" add constraint "document_copy_made_by_id_foreign" foreign key ("made_by_id") references "account" ("id");`);
    this.addSql(`alter table "document_copy" add constraint "document_copy_form_check" check ("form" in ('SAO_Y', 'TRICH_SAO', 'SAO_LUC'));`);
    this.addSql(`alter table "document_copy" add constraint "document_copy_confidentiality_check" check ("confidentiality" in ('NONE', 'MAT', 'TOI_MAT', 'TUYET_MAT'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "document_copy_counter" cascade;`);
    this.addSql(`drop table if exists "document_paper_delivery" cascade;`);
    this.addSql(`drop table if exists "document_copy" cascade;`);

    this.addSql(`alter table "document" drop constraint "document_publication_restricted_by_id_foreign";`);

    this.addSql(`alter table "document" drop constraint "document_circulation_mark_check";`);
    this.addSql(`alter table "document" drop column "circulation_mark", drop column "publication_restricted_at", drop column "publication_restricted_by_id", drop column "publication_restriction_reason";`);
  }

}
