import { Migration } from '@mikro-orm/migrations';

/**
 * The check of each file that comes into an incoming document (issue 16 point 6), and notices of
 * SIGNATURE_INVALID telling the clerk of an invalid signature.
 */
export class Migration20261206100000_file_signature_checks extends Migration {

  override name = 'Migration20261206100000_file_signature_checks';

  override up(): void | Promise<void> {
    this.addSql(`create table "file_signature_check" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "file_id" uuid not null, "file_name" varchar(255) not null, "sha256" varchar(64) not null, "status" text check ("status" in ('PENDING', 'UNSIGNED', 'NOT_PDF', 'VALID', 'INDETERMINATE', 'INVALID')) not null default 'PENDING', "reports" jsonb not null default '[]', "checked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "file_signature_check_status_index" on "file_signature_check" ("status");`);
    this.addSql(`alter table "file_signature_check" add constraint "file_signature_check_document_id_file_id_unique" unique ("document_id", "file_id");`);

    this.addSql(`alter table "file_signature_check" add constraint "file_signature_check_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "file_signature_check" add constraint "file_signature_check_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete cascade;`);
    this.addSql(`alter table "file_signature_check" add constraint "file_signature_check_file_id_foreign" foreign key ("file_id") references "stored_file" ("id");`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED', 'SIGNATURE_INVALID'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED'));`);
    this.addSql(`drop table if exists "file_signature_check" cascade;`);
  }

}
