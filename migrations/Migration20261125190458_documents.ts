import { Migration } from '@mikro-orm/migrations';

export class Migration20261125190458_documents extends Migration {

  override name = 'Migration20261125190458_documents';

  override up(): void | Promise<void> {
    // Trigram indexes for accent-free search of parts of words and numbers (trusted: no superuser needed).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "register" ("id" uuid not null, "organisation_id" uuid not null, "code" varchar(20) not null, "name" varchar(200) not null, "direction" text not null, "confidential" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "register" add constraint "register_organisation_id_code_unique" unique ("organisation_id", "code");`);

    this.addSql(`create table "register_counter" ("register_id" uuid not null, "year" int not null, "last_number" int not null default 0, primary key ("register_id", "year"));`);

    this.addSql(`create table "document" ("id" uuid not null, "organisation_id" uuid not null, "direction" text not null, "status" text not null, "register_id" uuid null, "register_year" int null, "register_number" int null, "kind" varchar(30) not null, "number" varchar(11) null, "notation" varchar(30) null, "number_key" varchar(60) null, "issuing_organ" varchar(200) not null, "issuing_organ_key" varchar(200) not null, "signer_position" varchar(100) null, "signer_name" varchar(50) null, "issued_on" varchar(10) not null, "received_at" timestamptz null, "subject" varchar(500) not null, "page_count" int null, "confidentiality" text not null, "urgency" text not null, "channel" text not null, "reply_required" boolean not null default false, "reply_by" varchar(10) null, "recall_by" varchar(10) null, "duplicate_of_id" uuid null, "registered_late" boolean not null default false, "return_reason" varchar(500) null, "handler_ids" text[] not null default '{}', "handler_unit_ids" text[] not null default '{}', "entry_text" text not null, "content_text" text not null, "registered_by_id" uuid null, "registered_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "document_organisation_id_created_at_id_index" on "document" ("organisation_id", "created_at", "id");`);
    this.addSql(`create index "document_organisation_id_issuing_organ_key_number_key_index" on "document" ("organisation_id", "issuing_organ_key", "number_key");`);
    this.addSql(`create index "document_handler_ids_gin" on "document" using gin ("handler_ids");`);
    this.addSql(`create index "document_handler_unit_ids_gin" on "document" using gin ("handler_unit_ids");`);
    this.addSql(`create index "document_entry_text_trgm" on "document" using gin ("entry_text" gin_trgm_ops);`);
    this.addSql(`create index "document_content_text_trgm" on "document" using gin ("content_text" gin_trgm_ops);`);
    this.addSql(`alter table "document" add constraint "document_register_id_register_year_register_number_unique" unique ("register_id", "register_year", "register_number");`);

    this.addSql(`create table "document_view" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "account_id" uuid not null, "at" timestamptz not null, "content_read" boolean not null, primary key ("id"));`);
    this.addSql(`create index "document_view_document_id_at_index" on "document_view" ("document_id", "at");`);

    this.addSql(`alter table "register" add constraint "register_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "register" add constraint "register_direction_check" check ("direction" in ('INCOMING', 'OUTGOING'));`);

    this.addSql(`alter table "register_counter" add constraint "register_counter_register_id_foreign" foreign key ("register_id") references "register" ("id");`);

    this.addSql(`alter table "document" add constraint "document_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document" add constraint "document_register_id_foreign" foreign key ("register_id") references "register" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_duplicate_of_id_foreign" foreign key ("duplicate_of_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_registered_by_id_foreign" foreign key ("registered_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_direction_check" check ("direction" in ('INCOMING', 'OUTGOING'));`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('REGISTERED', 'RETURNED'));`);
    this.addSql(`alter table "document" add constraint "document_confidentiality_check" check ("confidentiality" in ('NONE', 'MAT', 'TOI_MAT', 'TUYET_MAT'));`);
    this.addSql(`alter table "document" add constraint "document_urgency_check" check ("urgency" in ('NORMAL', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'));`);
    this.addSql(`alter table "document" add constraint "document_channel_check" check ("channel" in ('PAPER', 'ELECTRONIC', 'INTERCONNECTION'));`);

    this.addSql(`alter table "document_view" add constraint "document_view_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_view" add constraint "document_view_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_view" add constraint "document_view_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    // Organisations created before registers existed get the four standard ones (DEFAULT_REGISTERS).
    this.addSql(`insert into "register" ("id", "organisation_id", "code", "name", "direction", "confidential", "created_at")
      select gen_random_uuid(), o.id, r.code, r.name, r.direction, r.confidential, now()
      from "organisation" o cross join (values
        ('DEN', 'Sổ đăng ký văn bản đến', 'INCOMING', false),
        ('DI', 'Sổ đăng ký văn bản đi', 'OUTGOING', false),
        ('DEN-MAT', 'Sổ đăng ký văn bản mật đến', 'INCOMING', true),
        ('DI-MAT', 'Sổ đăng ký văn bản mật đi', 'OUTGOING', true)
      ) as r(code, name, direction, confidential)
      on conflict do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "register_counter" drop constraint "register_counter_register_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_register_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_duplicate_of_id_foreign";`);
    this.addSql(`alter table "document_view" drop constraint "document_view_document_id_foreign";`);

    this.addSql(`drop table if exists "register" cascade;`);
    this.addSql(`drop table if exists "register_counter" cascade;`);
    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop table if exists "document_view" cascade;`);
  }

}
