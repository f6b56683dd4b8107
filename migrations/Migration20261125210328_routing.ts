import { Migration } from '@mikro-orm/migrations';

export class Migration20261125210328_routing extends Migration {

  override name = 'Migration20261125210328_routing';

  override up(): void | Promise<void> {
    this.addSql(`create table "direction" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "from_assignment_id" uuid null, "author_id" uuid not null, "on_behalf_of_id" uuid null, "note" varchar(2000) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "direction_document_id_created_at_index" on "direction" ("document_id", "created_at");`);

    this.addSql(`create table "assignment" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "direction_id" uuid not null, "role" text not null, "assigned_by_id" uuid not null, "assignee_account_id" uuid null, "assignee_unit_id" uuid null, "deadline" timestamptz null, "received_at" timestamptz not null, "read_at" timestamptz null, "done_at" timestamptz null, "done_by_id" uuid null, "result" varchar(2000) null, "remind_at" timestamptz null, "reminded_at" timestamptz null, "overdue_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "assignment_document_id_received_at_index" on "assignment" ("document_id", "received_at");`);
    this.addSql(`create index "assignment_assignee_account_id_done_at_index" on "assignment" ("assignee_account_id", "done_at");`);
    this.addSql(`create index "assignment_assignee_unit_id_done_at_index" on "assignment" ("assignee_unit_id", "done_at");`);
    this.addSql(`create index "assignment_assigned_by_id_received_at_index" on "assignment" ("assigned_by_id", "received_at");`);
    this.addSql(`create index "assignment_organisation_id_received_at_index" on "assignment" ("organisation_id", "received_at");`);
    this.addSql(`create index "assignment_reminded_at_remind_at_index" on "assignment" ("reminded_at", "remind_at");`);
    this.addSql(`create index "assignment_overdue_at_deadline_index" on "assignment" ("overdue_at", "deadline");`);

    this.addSql(`alter table "notice" drop constraint "notice_sender_id_foreign";`);

    this.addSql(`alter table "document" add "replied_at" timestamptz null, add "reply_reminded_at" timestamptz null, add "reply_overdue_at" timestamptz null, add "recall_reminded_at" timestamptz null;`);
    this.addSql(`create index "document_reply_tracking" on "document" ("reply_by") where "reply_required" and "replied_at" is null and "reply_overdue_at" is null;`);
    this.addSql(`create index "document_recall_due" on "document" ("recall_by") where "recall_by" is not null and "recall_reminded_at" is null;`);

    this.addSql(`alter table "task" add "remind_at" timestamptz null, add "reminded_at" timestamptz null, add "overdue_at" timestamptz null, add "last_progress_at" timestamptz null, add "progress_requested_at" timestamptz null;`);
    this.addSql(`create index "task_reminded_at_remind_at_index" on "task" ("reminded_at", "remind_at");`);
    this.addSql(`create index "task_overdue_at_deadline_index" on "task" ("overdue_at", "deadline");`);
    this.addSql(`create index "task_source_document_id_index" on "task" ("source_document_id");`);

    this.addSql(`alter table "notice" add "kind" text not null default 'MESSAGE', add "task_id" uuid null;`);
    this.addSql(`alter table "notice" add constraint "notice_task_id_foreign" foreign key ("task_id") references "task" ("id") on delete set null;`);
    this.addSql(`alter table "notice" alter column "sender_id" drop not null;`);
    this.addSql(`alter table "notice" add constraint "notice_sender_id_foreign" foreign key ("sender_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST'));`);

    this.addSql(`alter table "direction" add constraint "direction_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "direction" add constraint "direction_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "direction" add constraint "direction_from_assignment_id_foreign" foreign key ("from_assignment_id") references "assignment" ("id") on delete set null;`);
    this.addSql(`alter table "direction" add constraint "direction_author_id_foreign" foreign key ("author_id") references "account" ("id");`);
    this.addSql(`alter table "direction" add constraint "direction_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "account" ("id") on delete set null;`);

    this.addSql(`alter table "assignment" add constraint "assignment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "assignment" add constraint "assignment_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "assignment" add constraint "assignment_direction_id_foreign" foreign key ("direction_id") references "direction" ("id");`);
    this.addSql(`alter table "assignment" add constraint "assignment_assigned_by_id_foreign" foreign key ("assigned_by_id") references "account" ("id");`);
    this.addSql(`alter table "assignment" add constraint "assignment_assignee_account_id_foreign" foreign key ("assignee_account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "assignment" add constraint "assignment_assignee_unit_id_foreign" foreign key ("assignee_unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "assignment" add constraint "assignment_done_by_id_foreign" foreign key ("done_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "assignment" add constraint "assignment_role_check" check ("role" in ('LEAD', 'COORDINATE', 'INFORM'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "assignment" drop constraint "assignment_direction_id_foreign";`);
    this.addSql(`alter table "direction" drop constraint "direction_from_assignment_id_foreign";`);

    this.addSql(`drop table if exists "direction" cascade;`);
    this.addSql(`drop table if exists "assignment" cascade;`);

    this.addSql(`alter table "notice" drop constraint "notice_task_id_foreign";`);
    this.addSql(`alter table "notice" drop constraint "notice_sender_id_foreign";`);

    this.addSql(`drop index "document_reply_tracking";`);
    this.addSql(`drop index "document_recall_due";`);
    this.addSql(`alter table "document" drop column "replied_at", drop column "reply_reminded_at", drop column "reply_overdue_at", drop column "recall_reminded_at";`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" drop column "kind", drop column "task_id";`);
    this.addSql(`alter table "notice" alter column "sender_id" set not null;`);
    this.addSql(`alter table "notice" add constraint "notice_sender_id_foreign" foreign key ("sender_id") references "account" ("id") on update no action on delete no action;`);

    this.addSql(`drop index "task_reminded_at_remind_at_index";`);
    this.addSql(`drop index "task_overdue_at_deadline_index";`);
    this.addSql(`drop index "task_source_document_id_index";`);
    this.addSql(`alter table "task" drop column "remind_at", drop column "reminded_at", drop column "overdue_at", drop column "last_progress_at", drop column "progress_requested_at";`);
  }

}
