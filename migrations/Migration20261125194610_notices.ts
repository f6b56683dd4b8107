import { Migration } from '@mikro-orm/migrations';

export class Migration20261125194610_notices extends Migration {

  override name = 'Migration20261125194610_notices';

  override up(): void | Promise<void> {
    this.addSql(`create table "notice" ("id" uuid not null, "organisation_id" uuid not null, "sender_id" uuid not null, "audience" text not null, "audience_ids" text[] not null default '{}', "text" varchar(2000) not null, "document_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "notice_delivery" ("id" uuid not null, "organisation_id" uuid not null, "notice_id" uuid not null, "account_id" uuid not null, "delivered_at" timestamptz not null, "read_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notice_delivery_account_id_delivered_at_id_index" on "notice_delivery" ("account_id", "delivered_at", "id");`);
    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_notice_id_account_id_unique" unique ("notice_id", "account_id");`);

    this.addSql(`alter table "notice" add constraint "notice_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "notice" add constraint "notice_sender_id_foreign" foreign key ("sender_id") references "account" ("id");`);
    this.addSql(`alter table "notice" add constraint "notice_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "notice" add constraint "notice_audience_check" check ("audience" in ('PEOPLE', 'UNITS', 'EVERYONE'));`);

    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_notice_id_foreign" foreign key ("notice_id") references "notice" ("id");`);
    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice_delivery" drop constraint "notice_delivery_notice_id_foreign";`);

    this.addSql(`drop table if exists "notice" cascade;`);
    this.addSql(`drop table if exists "notice_delivery" cascade;`);
  }

}
