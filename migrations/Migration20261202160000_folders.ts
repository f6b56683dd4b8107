import { Migration } from '@mikro-orm/migrations';

/**
 * The cabinet (seed 002 Art. 10): folders, items with their versions, grants and their history,
 * change requests, and what cabinet notices are about; four notice kinds. The cabinets of existing
 * organisations are made by the next migration.
 */
export class Migration20261202160000_folders extends Migration {

  override name = 'Migration20261202160000_folders';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "folder_search_words"("organisation" uuid, "folded" text) returns tsvector immutable language sql as \$\$ select array_to_tsvector(array(select distinct replace(organisation::text, '-', '') || ':' || word from unnest(regexp_split_to_array(folded, '[^[:alnum:]]+')) as word where word <> '')) \$\$;`);

    this.addSql(`create table "folder" ("id" uuid not null, "organisation_id" uuid not null, "parent_id" uuid null, "area" text not null, "kind" text not null, "zone" text not null, "zone_unit_id" uuid null, "unit_id" uuid null, "owner_id" uuid null, "name" varchar(255) not null, "name_key" varchar(255) not null, "path" text[] not null default '{}', "rights_path" text[] not null default '{}', "inherits_rights" boolean not null default true, "readers" text[] not null default '{}', "contributors" text[] not null default '{}', "managers" text[] not null default '{}', "read_only" boolean not null default false, "created_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "trashed_by" uuid null, "deleted_at" timestamptz null, "deleted_by_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "folder_parent_id_name_key_id_index" on "folder" ("parent_id", "name_key", "id");`);
    this.addSql(`create index "folder_path_gin" on "folder" using gin ("path");`);
    this.addSql(`create index "folder_organisation_readers_gin" on "folder" using gin ("organisation_id", "readers");`);
    this.addSql(`create index "folder_trash" on "folder" ("deleted_at") where "deleted_at" is not null;`);
    this.addSql(`create unique index "folder_live_name_unique" on "folder" ("parent_id", "name_key") where "trashed_by" is null;`);
    this.addSql(`create unique index "folder_standard_unique" on "folder" ("organisation_id", "kind") where "kind" in ('SHARED_ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS');`);
    this.addSql(`create unique index "folder_unit_unique" on "folder" ("unit_id") where "kind" = 'UNIT';`);
    this.addSql(`create unique index "folder_owner_unique" on "folder" ("owner_id") where "kind" = 'PERSONAL_ROOT';`);

    this.addSql(`create table "folder_item" ("id" uuid not null, "organisation_id" uuid not null, "folder_id" uuid not null, "kind" text not null, "name" varchar(255) not null, "name_key" varchar(255) not null, "description" varchar(2000) null, "author_id" uuid not null, "author_unit_id" uuid not null, "document_id" uuid null, "work_file_id" uuid null, "current_version" int not null default 0, "current_file_id" uuid null, "size" bigint null, "search_text" text not null, "search_words" tsvector generated always as (folder_search_words(organisation_id, search_text)) stored null, "rights_path" text[] not null default '{}', "inherits_rights" boolean not null default true, "readers" text[] not null default '{}', "contributors" text[] not null default '{}', "managers" text[] not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, "trashed_by" uuid null, "deleted_at" timestamptz null, "deleted_by_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "folder_item_folder_id_name_key_id_index" on "folder_item" ("folder_id", "name_key", "id");`);
    this.addSql(`create index "folder_item_folder_id_updated_at_id_index" on "folder_item" ("folder_id", "updated_at", "id");`);
    this.addSql(`create index "folder_item_document_id_index" on "folder_item" ("document_id");`);
    this.addSql(`create index "folder_item_work_file_id_index" on "folder_item" ("work_file_id");`);
    this.addSql(`create index "folder_item_current_file_id_index" on "folder_item" ("current_file_id");`);
    this.addSql(`create index "folder_item_organisation_readers_gin" on "folder_item" using gin ("organisation_id", "readers");`);
    this.addSql(`create index "folder_item_search_words_gin" on "folder_item" using gin ("organisation_id", "search_words");`);
    this.addSql(`create index "folder_item_trash" on "folder_item" ("deleted_at") where "deleted_at" is not null;`);
    this.addSql(`create unique index "folder_item_live_name_unique" on "folder_item" ("folder_id", "name_key") where "trashed_by" is null;`);

    this.addSql(`create table "folder_right_change" ("id" uuid not null, "organisation_id" uuid not null, "folder_id" uuid null, "item_id" uuid null, "target_id" uuid not null, "action" text not null, "grantee_kind" text null, "grantee_key" varchar(100) null, "level" text null, "previous_level" text null, "by_id" uuid not null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "folder_right_change_target_id_at_id_index" on "folder_right_change" ("target_id", "at", "id");`);

    this.addSql(`create table "folder_item_version" ("id" uuid not null, "organisation_id" uuid not null, "item_id" uuid not null, "version" int not null, "file_id" uuid not null, "added_by_id" uuid not null, "added_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "folder_item_version_file_id_index" on "folder_item_version" ("file_id");`);
    this.addSql(`alter table "folder_item_version" add constraint "folder_item_version_item_id_version_unique" unique ("item_id", "version");`);

    this.addSql(`create table "folder_grant" ("id" uuid not null, "organisation_id" uuid not null, "folder_id" uuid null, "item_id" uuid null, "target_id" uuid not null, "grantee_kind" text not null, "grantee_key" varchar(100) not null, "account_id" uuid null, "unit_id" uuid null, "role" varchar(30) null, "level" text not null, "built_in" boolean not null default false, "granted_by_id" uuid null, "granted_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "folder_grant_organisation_id_grantee_kind_index" on "folder_grant" ("organisation_id", "grantee_kind");`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_target_id_grantee_key_unique" unique ("target_id", "grantee_key");`);

    this.addSql(`create table "folder_change_request" ("id" uuid not null, "organisation_id" uuid not null, "item_id" uuid not null, "kind" text not null, "status" text not null, "requester_id" uuid not null, "author_id" uuid not null, "author_unit_id" uuid not null, "note" varchar(500) null, "new_file_id" uuid null, "new_name" varchar(255) null, "new_description" varchar(2000) null, "changes_description" boolean not null default false, "target_folder_id" uuid null, "reason" varchar(500) null, "answered_by_id" uuid null, "answered_for_author" boolean not null default false, "answered_at" timestamptz null, "expires_at" timestamptz not null, "applied_version" int null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "folder_change_request_item_id_status_index" on "folder_change_request" ("item_id", "status");`);
    this.addSql(`create index "folder_change_request_requester_id_created_at_id_index" on "folder_change_request" ("requester_id", "created_at", "id");`);
    this.addSql(`create index "folder_change_request_author_id_created_at_id_index" on "folder_change_request" ("author_id", "created_at", "id");`);
    this.addSql(`create index "folder_change_request_author_unit_id_created_at_id_index" on "folder_change_request" ("author_unit_id", "created_at", "id");`);
    this.addSql(`create index "folder_change_request_pending" on "folder_change_request" ("expires_at") where "status" = 'PENDING';`);

    this.addSql(`create table "folder_notice" ("notice_id" uuid not null, "organisation_id" uuid not null, "folder_id" uuid null, "item_id" uuid null, "request_id" uuid null, primary key ("notice_id"));`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED'));`);

    this.addSql(`alter table "folder" add constraint "folder_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder" add constraint "folder_parent_id_foreign" foreign key ("parent_id") references "folder" ("id") on delete cascade;`);
    this.addSql(`alter table "folder" add constraint "folder_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "folder" add constraint "folder_owner_id_foreign" foreign key ("owner_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder" add constraint "folder_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder" add constraint "folder_deleted_by_id_foreign" foreign key ("deleted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder" add constraint "folder_area_check" check ("area" in ('SHARED', 'PERSONAL'));`);
    this.addSql(`alter table "folder" add constraint "folder_kind_check" check ("kind" in ('SHARED_ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS', 'UNIT', 'PERSONAL_ROOT', 'FOLDER'));`);
    this.addSql(`alter table "folder" add constraint "folder_zone_check" check ("zone" in ('ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS', 'UNIT', 'PERSONAL', 'OTHER'));`);

    this.addSql(`alter table "folder_item" add constraint "folder_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_folder_id_foreign" foreign key ("folder_id") references "folder" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_author_id_foreign" foreign key ("author_id") references "account" ("id");`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_author_unit_id_foreign" foreign key ("author_unit_id") references "unit" ("id");`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_work_file_id_foreign" foreign key ("work_file_id") references "work_file" ("id") on delete set null;`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_current_file_id_foreign" foreign key ("current_file_id") references "stored_file" ("id") on delete set null;`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_deleted_by_id_foreign" foreign key ("deleted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder_item" add constraint "folder_item_kind_check" check ("kind" in ('FILE', 'DOCUMENT_LINK', 'WORK_FILE_LINK'));`);

    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_folder_id_foreign" foreign key ("folder_id") references "folder" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_item_id_foreign" foreign key ("item_id") references "folder_item" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_by_id_foreign" foreign key ("by_id") references "account" ("id");`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_action_check" check ("action" in ('GRANTED', 'CHANGED', 'WITHDRAWN', 'INHERITANCE_BROKEN', 'INHERITANCE_RESTORED'));`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_grantee_kind_check" check ("grantee_kind" in ('ACCOUNT', 'UNIT', 'UNIT_WITH_SUBUNITS', 'UNIT_HEADS', 'ROLE', 'EVERYONE'));`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_level_check" check ("level" in ('READ', 'CONTRIBUTE', 'MANAGE'));`);
    this.addSql(`alter table "folder_right_change" add constraint "folder_right_change_previous_level_check" check ("previous_level" in ('READ', 'CONTRIBUTE', 'MANAGE'));`);

    this.addSql(`alter table "folder_item_version" add constraint "folder_item_version_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_item_version" add constraint "folder_item_version_item_id_foreign" foreign key ("item_id") references "folder_item" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_item_version" add constraint "folder_item_version_file_id_foreign" foreign key ("file_id") references "stored_file" ("id");`);
    this.addSql(`alter table "folder_item_version" add constraint "folder_item_version_added_by_id_foreign" foreign key ("added_by_id") references "account" ("id");`);

    this.addSql(`alter table "folder_grant" add constraint "folder_grant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_folder_id_foreign" foreign key ("folder_id") references "folder" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_item_id_foreign" foreign key ("item_id") references "folder_item" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_granted_by_id_foreign" foreign key ("granted_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_grantee_kind_check" check ("grantee_kind" in ('ACCOUNT', 'UNIT', 'UNIT_WITH_SUBUNITS', 'UNIT_HEADS', 'ROLE', 'EVERYONE'));`);
    this.addSql(`alter table "folder_grant" add constraint "folder_grant_level_check" check ("level" in ('READ', 'CONTRIBUTE', 'MANAGE'));`);

    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_item_id_foreign" foreign key ("item_id") references "folder_item" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_requester_id_foreign" foreign key ("requester_id") references "account" ("id");`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_author_id_foreign" foreign key ("author_id") references "account" ("id");`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_author_unit_id_foreign" foreign key ("author_unit_id") references "unit" ("id");`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_new_file_id_foreign" foreign key ("new_file_id") references "stored_file" ("id") on delete set null;`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_target_folder_id_foreign" foreign key ("target_folder_id") references "folder" ("id") on delete set null;`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_answered_by_id_foreign" foreign key ("answered_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_kind_check" check ("kind" in ('REPLACE', 'EDIT', 'MOVE', 'DELETE'));`);
    this.addSql(`alter table "folder_change_request" add constraint "folder_change_request_status_check" check ("status" in ('PENDING', 'ACCEPTED', 'REFUSED', 'EXPIRED', 'WITHDRAWN', 'CANCELLED'));`);

    this.addSql(`alter table "folder_notice" add constraint "folder_notice_notice_id_foreign" foreign key ("notice_id") references "notice" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "folder_notice" add constraint "folder_notice_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "folder_notice" add constraint "folder_notice_folder_id_foreign" foreign key ("folder_id") references "folder" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_notice" add constraint "folder_notice_item_id_foreign" foreign key ("item_id") references "folder_item" ("id") on delete cascade;`);
    this.addSql(`alter table "folder_notice" add constraint "folder_notice_request_id_foreign" foreign key ("request_id") references "folder_change_request" ("id") on delete cascade;`);

  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "folder" drop constraint "folder_parent_id_foreign";`);
    this.addSql(`alter table "folder_item" drop constraint "folder_item_folder_id_foreign";`);
    this.addSql(`alter table "folder_right_change" drop constraint "folder_right_change_folder_id_foreign";`);
    this.addSql(`alter table "folder_grant" drop constraint "folder_grant_folder_id_foreign";`);
    this.addSql(`alter table "folder_change_request" drop constraint "folder_change_request_target_folder_id_foreign";`);
    this.addSql(`alter table "folder_notice" drop constraint "folder_notice_folder_id_foreign";`);
    this.addSql(`alter table "folder_right_change" drop constraint "folder_right_change_item_id_foreign";`);
    this.addSql(`alter table "folder_item_version" drop constraint "folder_item_version_item_id_foreign";`);
    this.addSql(`alter table "folder_grant" drop constraint "folder_grant_item_id_foreign";`);
    this.addSql(`alter table "folder_change_request" drop constraint "folder_change_request_item_id_foreign";`);
    this.addSql(`alter table "folder_notice" drop constraint "folder_notice_item_id_foreign";`);
    this.addSql(`alter table "folder_notice" drop constraint "folder_notice_request_id_foreign";`);

    this.addSql(`drop table if exists "folder" cascade;`);
    this.addSql(`drop table if exists "folder_item" cascade;`);
    this.addSql(`drop table if exists "folder_right_change" cascade;`);
    this.addSql(`drop table if exists "folder_item_version" cascade;`);
    this.addSql(`drop table if exists "folder_grant" cascade;`);
    this.addSql(`drop table if exists "folder_change_request" cascade;`);
    this.addSql(`drop table if exists "folder_notice" cascade;`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST'));`);

    this.addSql(`drop function if exists "folder_search_words"(uuid, text);`);

  }

}
