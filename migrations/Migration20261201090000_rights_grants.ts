import { Migration } from '@mikro-orm/migrations';

/**
 * Grants of sealed rights (issue 11): an IT officer proposes roles, a position or a unit that open
 * sealed records; a leader of the organisation confirms or refuses before any of it takes effect.
 */
export class Migration20261201090000_rights_grants extends Migration {

  override name = 'Migration20261201090000_rights_grants';

  override up(): void | Promise<void> {
    this.addSql(`create table "rights_grant" ("id" uuid not null, "organisation_id" uuid not null, "account_id" uuid not null, "roles" text[] not null default '{}', "title" text null, "unit_id" uuid null, "reason" varchar(500) null, "status" text not null default 'PENDING', "proposed_by_id" uuid not null, "proposed_at" timestamptz not null, "decided_by_id" uuid null, "decided_on_behalf_of_id" uuid null, "decided_at" timestamptz null, "refusal_reason" varchar(500) null, primary key ("id"));`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_title_check" check ("title" in ('LEADER', 'DEPUTY_LEADER', 'UNIT_HEAD', 'DEPUTY_UNIT_HEAD', 'SPECIALIST', 'CLERK', 'IT_OFFICER'));`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_status_check" check ("status" in ('PENDING', 'CONFIRMED', 'REFUSED'));`);
    this.addSql(`create index "rights_grant_organisation_id_status_proposed_at_index" on "rights_grant" ("organisation_id", "status", "proposed_at");`);
    this.addSql(`create index "rights_grant_account_id_index" on "rights_grant" ("account_id");`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_proposed_by_id_foreign" foreign key ("proposed_by_id") references "account" ("id");`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_decided_by_id_foreign" foreign key ("decided_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "rights_grant" add constraint "rights_grant_decided_on_behalf_of_id_foreign" foreign key ("decided_on_behalf_of_id") references "account" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rights_grant" cascade;`);
  }

}
