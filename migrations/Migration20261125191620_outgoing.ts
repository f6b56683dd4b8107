import { Migration } from '@mikro-orm/migrations';

export class Migration20261125191620_outgoing extends Migration {

  override name = 'Migration20261125191620_outgoing';

  override up(): void | Promise<void> {
    this.addSql(`create table "document_version" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "version" int not null, "snapshot" text not null, "created_by_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "document_version" add constraint "document_version_document_id_version_unique" unique ("document_id", "version");`);

    this.addSql(`create table "document_comment" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "author_id" uuid not null, "on_behalf_of_id" uuid null, "action" varchar(20) not null, "text" varchar(2000) null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "document_comment_document_id_at_index" on "document_comment" ("document_id", "at");`);

    this.addSql(`alter table "document" drop constraint "document_status_check";`);
    this.addSql(`alter table "document" add "legal_normative" boolean not null default false, add "drafted_by_id" uuid null, add "drafting_unit_id" uuid null, add "assignee_id" uuid null, add "approver_id" uuid null, add "reply_to_id" uuid null, add "replaces_id" uuid null, add "recipients" varchar(1000) null, add "issued_at" timestamptz null, add "recalled_at" timestamptz null, add "recall_reason" varchar(500) null;`);
    this.addSql(`alter table "document" add constraint "document_drafted_by_id_foreign" foreign key ("drafted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_drafting_unit_id_foreign" foreign key ("drafting_unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_assignee_id_foreign" foreign key ("assignee_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_approver_id_foreign" foreign key ("approver_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_reply_to_id_foreign" foreign key ("reply_to_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_replaces_id_foreign" foreign key ("replaces_id") references "document" ("id") on delete set null;`);
    this.addSql(`create index "document_reply_to_id_index" on "document" ("reply_to_id");`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('REGISTERED', 'RETURNED', 'DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED', 'ISSUED', 'RECALLED'));`);

    this.addSql(`alter table "document_version" add constraint "document_version_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_version" add constraint "document_version_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_version" add constraint "document_version_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id");`);

    this.addSql(`alter table "document_comment" add constraint "document_comment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_comment" add constraint "document_comment_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_comment" add constraint "document_comment_author_id_foreign" foreign key ("author_id") references "account" ("id");`);
    this.addSql(`alter table "document_comment" add constraint "document_comment_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "account" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "document_version" cascade;`);
    this.addSql(`drop table if exists "document_comment" cascade;`);

    this.addSql(`alter table "document" drop constraint "document_drafted_by_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_drafting_unit_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_assignee_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_approver_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_reply_to_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_replaces_id_foreign";`);

    this.addSql(`drop index "document_reply_to_id_index";`);
    this.addSql(`alter table "document" drop constraint "document_status_check";`);
    this.addSql(`alter table "document" drop column "legal_normative", drop column "drafted_by_id", drop column "drafting_unit_id", drop column "assignee_id", drop column "approver_id", drop column "reply_to_id", drop column "replaces_id", drop column "recipients", drop column "issued_at", drop column "recalled_at", drop column "recall_reason";`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('REGISTERED', 'RETURNED'));`);
  }

}
