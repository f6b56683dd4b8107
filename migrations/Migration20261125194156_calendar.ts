import { Migration } from '@mikro-orm/migrations';

export class Migration20261125194156_calendar extends Migration {

  override name = 'Migration20261125194156_calendar';

  override up(): void | Promise<void> {
    this.addSql(`create table "office_hours" ("organisation_id" uuid not null, "workdays" text[] not null default '{}', "sessions" text not null, "updated_at" timestamptz not null, primary key ("organisation_id"));`);

    this.addSql(`create table "calendar_day" ("id" uuid not null, "organisation_id" uuid not null, "date" varchar(10) not null, "kind" text not null, "note" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "calendar_day" add constraint "calendar_day_organisation_id_date_unique" unique ("organisation_id", "date");`);

    this.addSql(`alter table "office_hours" add constraint "office_hours_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "calendar_day" add constraint "calendar_day_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "calendar_day" add constraint "calendar_day_kind_check" check ("kind" in ('HOLIDAY', 'WORKING_DAY'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "office_hours" cascade;`);
    this.addSql(`drop table if exists "calendar_day" cascade;`);
  }

}
