import { Migration } from '@mikro-orm/migrations';

/** The weekly work schedules (issue 20): schedules, events, participants, changes, rooms, invitation plans and calendar feeds. */

export class Migration20261205100000_schedules extends Migration {

  override name = 'Migration20261205100000_schedules';

  override up(): void | Promise<void> {
    this.addSql(`create table "meeting_room" ("id" uuid not null, "organisation_id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "meeting_room" add constraint "meeting_room_organisation_id_name_unique" unique ("organisation_id", "name");`);

    this.addSql(`create table "schedule" ("id" uuid not null, "organisation_id" uuid not null, "unit_id" uuid null, "scope" varchar(36) not null, "week_start" varchar(10) not null, "status" text not null default 'DRAFT', "created_by_id" uuid not null, "created_at" timestamptz not null, "published_by_id" uuid null, "published_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "schedule" add constraint "schedule_organisation_id_scope_week_start_unique" unique ("organisation_id", "scope", "week_start");`);

    this.addSql(`create table "schedule_event" ("id" uuid not null, "organisation_id" uuid not null, "schedule_id" uuid not null, "unit_id" uuid null, "published" boolean not null default false, "title" varchar(500) not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "place" varchar(300) null, "room_id" uuid null, "chair_id" uuid null, "preparing_unit_id" uuid null, "notes" varchar(2000) null, "private" boolean not null default false, "document_ids" text[] not null default '{}', "invitation_id" uuid null, "attendee_ids" text[] not null default '{}', "attendee_unit_ids" text[] not null default '{}', "created_by_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "cancelled_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "schedule_event_organisation_id_starts_at_index" on "schedule_event" ("organisation_id", "starts_at");`);
    this.addSql(`create index "schedule_event_schedule_id_starts_at_index" on "schedule_event" ("schedule_id", "starts_at");`);
    this.addSql(`create index "schedule_event_room_id_starts_at_index" on "schedule_event" ("room_id", "starts_at");`);
    this.addSql(`create index "schedule_event_invitation_id_index" on "schedule_event" ("invitation_id");`);
    this.addSql(`create index "schedule_event_attendee_ids_gin" on "schedule_event" using gin ("attendee_ids");`);
    this.addSql(`create index "schedule_event_attendee_unit_ids_gin" on "schedule_event" using gin ("attendee_unit_ids");`);

    this.addSql(`create table "schedule_change" ("id" uuid not null, "organisation_id" uuid not null, "schedule_id" uuid not null, "event_id" uuid not null, "kind" text not null, "fields" text[] not null default '{}', "by_id" uuid null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "schedule_change_event_id_at_index" on "schedule_change" ("event_id", "at");`);
    this.addSql(`create index "schedule_change_schedule_id_at_index" on "schedule_change" ("schedule_id", "at");`);

    this.addSql(`create table "event_participant" ("id" uuid not null, "organisation_id" uuid not null, "event_id" uuid not null, "account_id" uuid null, "unit_id" uuid null, "with_sub_units" boolean not null default false, "response" text not null default 'PENDING', "substitute_id" uuid null, "responded_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "event_participant_event_id_index" on "event_participant" ("event_id");`);

    this.addSql(`create table "invitation_plan" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "schedule_id" uuid not null, "event_id" uuid null, "fields" text not null, "planned_by_id" uuid not null, "created_at" timestamptz not null, "applied_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_document_id_unique" unique ("document_id");`);

    this.addSql(`create table "calendar_feed" ("id" uuid not null, "organisation_id" uuid not null, "account_id" uuid null, "unit_id" uuid null, "owner" varchar(40) not null, "secret_hash" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_owner_unique" unique ("owner");`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'SCHEDULE_CHANGED'));`);

    this.addSql(`alter table "meeting_room" add constraint "meeting_room_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "schedule" add constraint "schedule_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "schedule" add constraint "schedule_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "schedule" add constraint "schedule_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id");`);
    this.addSql(`alter table "schedule" add constraint "schedule_published_by_id_foreign" foreign key ("published_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "schedule" add constraint "schedule_status_check" check ("status" in ('DRAFT', 'PUBLISHED'));`);

    this.addSql(`alter table "schedule_event" add constraint "schedule_event_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_schedule_id_foreign" foreign key ("schedule_id") references "schedule" ("id");`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_room_id_foreign" foreign key ("room_id") references "meeting_room" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_chair_id_foreign" foreign key ("chair_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_preparing_unit_id_foreign" foreign key ("preparing_unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_invitation_id_foreign" foreign key ("invitation_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_event" add constraint "schedule_event_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id");`);

    this.addSql(`alter table "schedule_change" add constraint "schedule_change_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "schedule_change" add constraint "schedule_change_schedule_id_foreign" foreign key ("schedule_id") references "schedule" ("id");`);
    this.addSql(`alter table "schedule_change" add constraint "schedule_change_event_id_foreign" foreign key ("event_id") references "schedule_event" ("id");`);
    this.addSql(`alter table "schedule_change" add constraint "schedule_change_by_id_foreign" foreign key ("by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "schedule_change" add constraint "schedule_change_kind_check" check ("kind" in ('ADDED', 'UPDATED', 'CANCELLED'));`);

    this.addSql(`alter table "event_participant" add constraint "event_participant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "event_participant" add constraint "event_participant_event_id_foreign" foreign key ("event_id") references "schedule_event" ("id");`);
    this.addSql(`alter table "event_participant" add constraint "event_participant_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "event_participant" add constraint "event_participant_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "event_participant" add constraint "event_participant_substitute_id_foreign" foreign key ("substitute_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "event_participant" add constraint "event_participant_response_check" check ("response" in ('PENDING', 'ACCEPTED', 'DECLINED', 'DELEGATED'));`);

    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_schedule_id_foreign" foreign key ("schedule_id") references "schedule" ("id");`);
    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_event_id_foreign" foreign key ("event_id") references "schedule_event" ("id") on delete set null;`);
    this.addSql(`alter table "invitation_plan" add constraint "invitation_plan_planned_by_id_foreign" foreign key ("planned_by_id") references "account" ("id");`);

    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "schedule_event" drop constraint "schedule_event_room_id_foreign";`);
    this.addSql(`alter table "schedule_event" drop constraint "schedule_event_schedule_id_foreign";`);
    this.addSql(`alter table "schedule_change" drop constraint "schedule_change_schedule_id_foreign";`);
    this.addSql(`alter table "invitation_plan" drop constraint "invitation_plan_schedule_id_foreign";`);
    this.addSql(`alter table "schedule_change" drop constraint "schedule_change_event_id_foreign";`);
    this.addSql(`alter table "event_participant" drop constraint "event_participant_event_id_foreign";`);
    this.addSql(`alter table "invitation_plan" drop constraint "invitation_plan_event_id_foreign";`);

    this.addSql(`drop table if exists "meeting_room" cascade;`);
    this.addSql(`drop table if exists "schedule" cascade;`);
    this.addSql(`drop table if exists "schedule_event" cascade;`);
    this.addSql(`drop table if exists "schedule_change" cascade;`);
    this.addSql(`drop table if exists "event_participant" cascade;`);
    this.addSql(`drop table if exists "invitation_plan" cascade;`);
    this.addSql(`drop table if exists "calendar_feed" cascade;`);

    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL'));`);
  }

}
