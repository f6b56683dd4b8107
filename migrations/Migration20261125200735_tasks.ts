import { Migration } from '@mikro-orm/migrations';

export class Migration20261125200735_tasks extends Migration {

  override name = 'Migration20261125200735_tasks';

  override up(): void | Promise<void> {
    this.addSql(`create table "task" ("id" uuid not null, "organisation_id" uuid not null, "title" varchar(500) not null, "description" varchar(2000) null, "assigned_by_id" uuid not null, "on_behalf_of_id" uuid null, "assignee_account_id" uuid null, "assignee_unit_id" uuid null, "deadline" timestamptz not null, "status" text not null, "source_document_id" uuid null, "fulfilled_by_id" uuid null, "progress" int not null default 0, "cancel_reason" varchar(500) null, "handler_ids" text[] not null default '{}', "handler_unit_ids" text[] not null default '{}', "created_at" timestamptz not null, "closed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "task_organisation_id_created_at_id_index" on "task" ("organisation_id", "created_at", "id");`);

    this.addSql(`create table "task_progress_report" ("id" uuid not null, "organisation_id" uuid not null, "task_id" uuid not null, "author_id" uuid not null, "percent" int not null, "note" varchar(2000) not null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "task_progress_report_task_id_at_index" on "task_progress_report" ("task_id", "at");`);

    this.addSql(`alter table "task" add constraint "task_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "task" add constraint "task_assigned_by_id_foreign" foreign key ("assigned_by_id") references "account" ("id");`);
    this.addSql(`alter table "task" add constraint "task_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "task" add constraint "task_assignee_account_id_foreign" foreign key ("assignee_account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "task" add constraint "task_assignee_unit_id_foreign" foreign key ("assignee_unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "task" add constraint "task_source_document_id_foreign" foreign key ("source_document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "task" add constraint "task_fulfilled_by_id_foreign" foreign key ("fulfilled_by_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "task" add constraint "task_status_check" check ("status" in ('ASSIGNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'));`);

    this.addSql(`alter table "task_progress_report" add constraint "task_progress_report_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "task_progress_report" add constraint "task_progress_report_task_id_foreign" foreign key ("task_id") references "task" ("id");`);
    this.addSql(`alter table "task_progress_report" add constraint "task_progress_report_author_id_foreign" foreign key ("author_id") references "account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "task_progress_report" drop constraint "task_progress_report_task_id_foreign";`);

    this.addSql(`drop table if exists "task" cascade;`);
    this.addSql(`drop table if exists "task_progress_report" cascade;`);
  }

}
