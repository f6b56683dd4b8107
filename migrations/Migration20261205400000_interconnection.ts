import { Migration } from '@mikro-orm/migrations';

/** Interconnection (issue 19): organ ids, the directory of external organs, the edXML outbox and inbox. */
export class Migration20261205400000_interconnection extends Migration {

  override name = 'Migration20261205400000_interconnection';

  override up(): void | Promise<void> {
    this.addSql(`create table "organ_identity" ("id" uuid not null, "organisation_id" uuid not null, "organ_id" varchar(35) not null, "place" varchar(200) null, "address" varchar(500) null, "email" varchar(200) null, "telephone" varchar(50) null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "organ_identity" add constraint "organ_identity_organisation_id_unique" unique ("organisation_id");`);
    this.addSql(`alter table "organ_identity" add constraint "organ_identity_organ_id_unique" unique ("organ_id");`);

    this.addSql(`create table "external_organ" ("id" uuid not null, "organisation_id" uuid not null, "organ_id" varchar(35) not null, "name" varchar(200) not null, "address" varchar(500) null, "email" varchar(200) null, "telephone" varchar(50) null, "endpoint_url" varchar(500) null, "shared_key" varchar(200) null, "created_by_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "external_organ" add constraint "external_organ_organisation_id_organ_id_unique" unique ("organisation_id", "organ_id");`);

    this.addSql(`create table "interconnection_message" ("id" uuid not null, "organisation_id" uuid not null, "direction" text not null, "kind" text not null, "message_key" varchar(300) not null, "document_key" varchar(200) not null, "business_type" varchar(20) null, "status_code" varchar(2) null, "peer_organ_id" varchar(35) not null, "peer_name" varchar(200) not null, "subject" varchar(500) null, "document_id" uuid null, "state" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "error" varchar(1000) null, "raw" text not null, "size" int not null, "statuses" jsonb not null default '[]', "latest_status" varchar(2) null, "status_sent" varchar(2) null, "recall_requested" boolean not null default false, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "interconnection_message_organisation_id_created_at_id_index" on "interconnection_message" ("organisation_id", "created_at", "id");`);
    this.addSql(`create index "interconnection_message_document_id_index" on "interconnection_message" ("document_id");`);
    this.addSql(`create index "interconnection_message_organisation_id_document_key_index" on "interconnection_message" ("organisation_id", "document_key");`);
    this.addSql(`create index "interconnection_message_due" on "interconnection_message" ("next_attempt_at") where "state" = 'QUEUED';`);
    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_organisation_id_direction_cb320_unique" unique ("organisation_id", "direction", "message_key");`);

    this.addSql(`alter table "organ_identity" add constraint "organ_identity_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "external_organ" add constraint "external_organ_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "external_organ" add constraint "external_organ_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id");`);

    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_direction_check" check ("direction" in ('OUT', 'IN'));`);
    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_kind_check" check ("kind" in ('DOCUMENT', 'STATUS'));`);
    this.addSql(`alter table "interconnection_message" add constraint "interconnection_message_state_check" check ("state" in ('QUEUED', 'SENT', 'DEAD', 'ACCEPTED', 'REFUSED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "organ_identity" cascade;`);
    this.addSql(`drop table if exists "external_organ" cascade;`);
    this.addSql(`drop table if exists "interconnection_message" cascade;`);
  }

}
