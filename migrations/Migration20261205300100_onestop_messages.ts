import { Migration } from '@mikro-orm/migrations';

/** Messages to applicants (issue 17 §6): one per case, event and channel, with its outcome; late steps told once to their handlers. */
export class Migration20261205300100_onestop_messages extends Migration {

  override name = 'Migration20261205300100_onestop_messages';

  override up(): void | Promise<void> {
    this.addSql(`alter table "one_stop_step" add column "late_notified_at" timestamptz null;`);
    this.addSql(`create index "one_stop_step_open_deadline" on "one_stop_step" ("deadline") where "done_at" is null and "late_notified_at" is null;`);
    this.addSql(`create table "one_stop_message" ("id" uuid not null, "organisation_id" uuid not null, "case_id" uuid not null, "event" text not null, "channel" text not null, "recipient" varchar(200) not null, "text" varchar(1000) not null, "status" text not null, "attempts" int not null default 0, "last_error" varchar(500) null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "one_stop_message_status_created_at_index" on "one_stop_message" ("status", "created_at");`);
    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_case_id_event_channel_unique" unique ("case_id", "event", "channel");`);

    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_case_id_foreign" foreign key ("case_id") references "one_stop_case" ("id");`);
    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_event_check" check ("event" in ('RECEIVED', 'SUPPLEMENT', 'LATE', 'RESULT_READY'));`);
    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_channel_check" check ("channel" in ('EMAIL', 'SMS'));`);
    this.addSql(`alter table "one_stop_message" add constraint "one_stop_message_status_check" check ("status" in ('PENDING', 'SENT', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "one_stop_step_open_deadline";`);
    this.addSql(`alter table "one_stop_step" drop column "late_notified_at";`);
    this.addSql(`drop table if exists "one_stop_message" cascade;`);
  }

}
