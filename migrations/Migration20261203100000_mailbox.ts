import { Migration } from '@mikro-orm/migrations';

/**
 * The shared mailbox (seed 000 Art. 12, issue 15): mailboxes and their designations, messages
 * received and sent (searched by their folded words), attachments, read state, access history and monthly archives;
 * two notice kinds for the leaders (mail needing direction, a new message to approve).
 */
export class Migration20261203100000_mailbox extends Migration {

  override name = 'Migration20261203100000_mailbox';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "mail_search_words"("organisation" uuid, "folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array(select distinct replace(organisation::text, '-', '') || ':' || word from unnest(regexp_split_to_array(folded, '[^[:alnum:]]+')) as word where word <> '')) \$\$;`);
    this.addSql(`create table "mailbox" ("id" uuid not null, "organisation_id" uuid not null, "address" varchar(320) not null, "display_name" varchar(255) not null, "head_id" uuid null, "readers" text[] not null default '{}', "created_by_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_address_unique" unique ("address");`);
    this.addSql(`create table "mail_message" ("id" uuid not null, "organisation_id" uuid not null, "mailbox_id" uuid not null, "message_id" varchar(998) not null, "in_reply_to" varchar(998) null, "references" text[] not null default '{}', "thread_id" uuid not null, "outgoing" boolean not null default false, "folder" text not null default 'INBOX', "from_address" varchar(320) not null, "from_name" varchar(255) null, "to_addresses" text[] not null default '{}', "cc_addresses" text[] not null default '{}', "subject" varchar(998) not null, "text" text not null, "html" text null, "sent_at" timestamptz not null, "received_at" timestamptz not null, "raw_sha256" varchar(64) null, "raw_size" int not null default 0, "dkim_result" varchar(32) null, "spf_result" varchar(32) null, "search_text" text not null, "search_words" tsvector generated always as (mail_search_words(organisation_id, search_text)) stored null, "outgoing_kind" text null, "send_state" text null, "drafted_by_id" uuid null, "send_attempts" int not null default 0, "last_send_error" text null, "delivered_at" timestamptz null, "approved_by_id" uuid null, "return_comment" text null, "direction_asked_by_id" uuid null, "direction_note" text null, "leader_direction" text null, "directed_by_id" uuid null, "directed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "mail_message_mailbox_id_folder_sent_at_id_index" on "mail_message" ("mailbox_id", "folder", "sent_at", "id");`);
    this.addSql(`create index "mail_message_mailbox_id_sent_at_id_index" on "mail_message" ("mailbox_id", "sent_at", "id");`);
    this.addSql(`create index "mail_message_thread_id_index" on "mail_message" ("thread_id");`);
    this.addSql(`create index "mail_message_search_words_gin" on "mail_message" using gin ("search_words");`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_mailbox_id_message_id_unique" unique ("mailbox_id", "message_id");`);
    this.addSql(`create table "mail_read" ("message_id" uuid not null, "account_id" uuid not null, "organisation_id" uuid not null, "read_at" timestamptz not null, primary key ("message_id", "account_id"));`);
    this.addSql(`create table "mail_attachment" ("id" uuid not null, "organisation_id" uuid not null, "message_id" uuid not null, "file_name" varchar(255) not null, "content_type" varchar(255) not null, "size" int not null, "sha256" varchar(64) not null, "quarantined" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "mail_attachment_message_id_index" on "mail_attachment" ("message_id");`);
    this.addSql(`create table "mailbox_designation" ("id" uuid not null, "organisation_id" uuid not null, "mailbox_id" uuid not null, "account_id" uuid not null, "role" text not null, "designated_by_id" uuid not null, "designated_at" timestamptz not null, "withdrawn_by_id" uuid null, "withdrawn_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "mailbox_designation_mailbox_id_designated_at_index" on "mailbox_designation" ("mailbox_id", "designated_at");`);
    this.addSql(`create table "mail_access" ("id" uuid not null, "organisation_id" uuid not null, "message_id" uuid not null, "account_id" uuid not null, "at" timestamptz not null, "via" varchar(32) not null, primary key ("id"));`);
    this.addSql(`create index "mail_access_message_id_at_index" on "mail_access" ("message_id", "at");`);
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL'));`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_head_id_foreign" foreign key ("head_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id");`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_mailbox_id_foreign" foreign key ("mailbox_id") references "mailbox" ("id") on delete cascade;`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_drafted_by_id_foreign" foreign key ("drafted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_approved_by_id_foreign" foreign key ("approved_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_direction_asked_by_id_foreign" foreign key ("direction_asked_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_directed_by_id_foreign" foreign key ("directed_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_folder_check" check ("folder" in ('INBOX', 'NEEDS_DIRECTION', 'UNRELATED', 'SENT', 'DRAFTS'));`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_outgoing_kind_check" check ("outgoing_kind" in ('REPLY', 'FORWARD', 'NEW'));`);
    this.addSql(`alter table "mail_message" add constraint "mail_message_send_state_check" check ("send_state" in ('AWAITING_APPROVAL', 'RETURNED', 'QUEUED', 'SENT'));`);
    this.addSql(`alter table "mail_read" add constraint "mail_read_message_id_foreign" foreign key ("message_id") references "mail_message" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mail_read" add constraint "mail_read_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mail_read" add constraint "mail_read_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mail_attachment" add constraint "mail_attachment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mail_attachment" add constraint "mail_attachment_message_id_foreign" foreign key ("message_id") references "mail_message" ("id") on delete cascade;`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_mailbox_id_foreign" foreign key ("mailbox_id") references "mailbox" ("id") on delete cascade;`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_designated_by_id_foreign" foreign key ("designated_by_id") references "account" ("id");`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_withdrawn_by_id_foreign" foreign key ("withdrawn_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "mailbox_designation" add constraint "mailbox_designation_role_check" check ("role" in ('HEAD', 'READER'));`);
    this.addSql(`alter table "mail_access" add constraint "mail_access_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mail_access" add constraint "mail_access_message_id_foreign" foreign key ("message_id") references "mail_message" ("id") on delete cascade;`);
    this.addSql(`alter table "mail_access" add constraint "mail_access_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`create table "mail_archive" ("id" uuid not null, "organisation_id" uuid not null, "mailbox_id" uuid not null, "month" varchar(7) not null, "sha256" varchar(64) not null, "size" int not null, "message_count" int not null, "manifest" text not null, "manifest_sha256" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "mail_archive" add constraint "mail_archive_mailbox_id_month_unique" unique ("mailbox_id", "month");`);
    this.addSql(`alter table "mail_archive" add constraint "mail_archive_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "mail_archive" add constraint "mail_archive_mailbox_id_foreign" foreign key ("mailbox_id") references "mailbox" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mail_archive" cascade;`);
    this.addSql(`drop table if exists "mail_access" cascade;`);
    this.addSql(`drop table if exists "mail_attachment" cascade;`);
    this.addSql(`drop table if exists "mail_read" cascade;`);
    this.addSql(`drop table if exists "mailbox_designation" cascade;`);
    this.addSql(`drop table if exists "mail_message" cascade;`);
    this.addSql(`drop table if exists "mailbox" cascade;`);
    this.addSql(`drop function if exists "mail_search_words"(uuid, text);`);
    this.addSql(`delete from "notice" where "kind" in ('MAIL_DIRECTION', 'MAIL_APPROVAL');`);
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED'));`);
  }

}
