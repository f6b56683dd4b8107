import { Migration } from '@mikro-orm/migrations';

/** The archive (issue 21 §5; seed 004 Art. 16): hand-over lists of closed work files, archived records, destruction lists; notices of ARCHIVE_HANDOVER. */
export class Migration20261206200000_archive extends Migration {

  override name = 'Migration20261206200000_archive';

  override up(): void | Promise<void> {
    this.addSql(`create table "hand_over_list" ("id" uuid not null, "organisation_id" uuid not null, "title" varchar(500) not null, "creator_id" uuid not null, "creator_unit_id" uuid not null, "status" text not null, "handler_ids" text[] not null default '{}', "handler_unit_ids" text[] not null default '{}', "return_reason" varchar(1000) null, "checked_by_id" uuid null, "created_at" timestamptz not null, "submitted_at" timestamptz null, "returned_at" timestamptz null, "accepted_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "hand_over_list_organisation_id_created_at_id_index" on "hand_over_list" ("organisation_id", "created_at", "id");`);

    this.addSql(`create table "hand_over_item" ("id" uuid not null, "organisation_id" uuid not null, "list_id" uuid not null, "work_file_id" uuid not null, "ordinal" int not null, "added_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "hand_over_item" add constraint "hand_over_item_work_file_id_unique" unique ("work_file_id");`);
    this.addSql(`create index "hand_over_item_list_id_ordinal_index" on "hand_over_item" ("list_id", "ordinal");`);

    this.addSql(`create table "archive_record" ("id" uuid not null, "organisation_id" uuid not null, "work_file_id" uuid not null, "hand_over_list_id" uuid not null, "accepted_by_id" uuid not null, "accepted_at" timestamptz not null, "retention_years" int null, "retention_ends_on" varchar(10) null, "status" text not null, "handler_ids" text[] not null default '{}', "handler_unit_ids" text[] not null default '{}', "destroyed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_work_file_id_unique" unique ("work_file_id");`);
    this.addSql(`create index "archive_record_organisation_id_retention_ends_on_index" on "archive_record" ("organisation_id", "retention_ends_on");`);
    this.addSql(`create index "archive_record_organisation_id_accepted_at_id_index" on "archive_record" ("organisation_id", "accepted_at", "id");`);

    this.addSql(`create table "destruction_list" ("id" uuid not null, "organisation_id" uuid not null, "title" varchar(500) not null, "reason" varchar(1000) not null, "status" text not null, "creator_id" uuid not null, "created_at" timestamptz not null, "decided_by_id" uuid null, "decided_at" timestamptz null, "decision_note" varchar(1000) null, "destroyed_by_id" uuid null, "destroyed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "destruction_list_organisation_id_created_at_id_index" on "destruction_list" ("organisation_id", "created_at", "id");`);

    this.addSql(`create table "destruction_item" ("id" uuid not null, "organisation_id" uuid not null, "list_id" uuid not null, "record_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "destruction_item_record_id_index" on "destruction_item" ("record_id");`);
    this.addSql(`alter table "destruction_item" add constraint "destruction_item_list_id_record_id_unique" unique ("list_id", "record_id");`);

    this.addSql(`alter table "hand_over_list" add constraint "hand_over_list_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "hand_over_list" add constraint "hand_over_list_creator_id_foreign" foreign key ("creator_id") references "account" ("id");`);
    this.addSql(`alter table "hand_over_list" add constraint "hand_over_list_creator_unit_id_foreign" foreign key ("creator_unit_id") references "unit" ("id");`);
    this.addSql(`alter table "hand_over_list" add constraint "hand_over_list_checked_by_id_foreign" foreign key ("checked_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "hand_over_list" add constraint "hand_over_list_status_check" check ("status" in ('DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED'));`);

    this.addSql(`alter table "hand_over_item" add constraint "hand_over_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "hand_over_item" add constraint "hand_over_item_list_id_foreign" foreign key ("list_id") references "hand_over_list" ("id");`);
    this.addSql(`alter table "hand_over_item" add constraint "hand_over_item_work_file_id_foreign" foreign key ("work_file_id") references "work_file" ("id");`);

    this.addSql(`alter table "archive_record" add constraint "archive_record_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_work_file_id_foreign" foreign key ("work_file_id") references "work_file" ("id");`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_hand_over_list_id_foreign" foreign key ("hand_over_list_id") references "hand_over_list" ("id");`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_accepted_by_id_foreign" foreign key ("accepted_by_id") references "account" ("id");`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_status_check" check ("status" in ('KEPT', 'DESTROYED'));`);

    this.addSql(`alter table "destruction_list" add constraint "destruction_list_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "destruction_list" add constraint "destruction_list_creator_id_foreign" foreign key ("creator_id") references "account" ("id");`);
    this.addSql(`alter table "destruction_list" add constraint "destruction_list_decided_by_id_foreign" foreign key ("decided_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "destruction_list" add constraint "destruction_list_destroyed_by_id_foreign" foreign key ("destroyed_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "destruction_list" add constraint "destruction_list_status_check" check ("status" in ('PROPOSED', 'APPROVED', 'REFUSED', 'DESTROYED'));`);

    this.addSql(`alter table "destruction_item" add constraint "destruction_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "destruction_item" add constraint "destruction_item_list_id_foreign" foreign key ("list_id") references "destruction_list" ("id");`);
    this.addSql(`alter table "destruction_item" add constraint "destruction_item_record_id_foreign" foreign key ("record_id") references "archive_record" ("id");`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED', 'SIGNATURE_INVALID', 'ARCHIVE_HANDOVER'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED', 'SIGNATURE_INVALID'));`);
    this.addSql(`drop table if exists "destruction_item" cascade;`);
    this.addSql(`drop table if exists "destruction_list" cascade;`);
    this.addSql(`drop table if exists "archive_record" cascade;`);
    this.addSql(`drop table if exists "hand_over_item" cascade;`);
    this.addSql(`drop table if exists "hand_over_list" cascade;`);
  }

}
