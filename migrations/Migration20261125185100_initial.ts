import { Migration } from '@mikro-orm/migrations';

export class Migration20261125185100_initial extends Migration {

  override name = 'Migration20261125185100_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_head" ("chain" varchar(64) not null, "sequence" int not null, "hash" varchar(64) not null, primary key ("chain"));`);

    this.addSql(`create table "login_throttle" ("username" varchar(64) not null, "failures" int not null default 0, "locked_until" timestamptz null, "updated_at" timestamptz not null, primary key ("username"));`);

    this.addSql(`create table "organisation" ("id" uuid not null, "name" varchar(200) not null, "abbreviation" varchar(20) not null, "username_suffix" varchar(30) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "organisation" add constraint "organisation_username_suffix_unique" unique ("username_suffix");`);

    this.addSql(`create table "idempotency_key" ("account_id" uuid not null, "key" varchar(100) not null, "organisation_id" uuid not null, "operation" varchar(100) not null, "result_id" uuid not null, "created_at" timestamptz not null, primary key ("account_id", "key"));`);

    this.addSql(`create table "audit_entry" ("id" uuid not null, "organisation_id" uuid null, "chain" varchar(64) not null, "sequence" int not null, "at" timestamptz not null, "action" varchar(100) not null, "actor_id" uuid null, "on_behalf_of_id" uuid null, "target_type" varchar(50) null, "target_id" uuid null, "details" text not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, primary key ("id"));`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_chain_sequence_unique" unique ("chain", "sequence");`);
    this.addSql(`create or replace function "audit_entry_audit_entry_no_change_fn"() returns trigger as \$\$ begin raise exception 'audit_entry is append-only'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "audit_entry_no_change" BEFORE UPDATE OR DELETE on "audit_entry" for each ROW execute function "audit_entry_audit_entry_no_change_fn"();`);

    this.addSql(`create table "unit" ("id" uuid not null, "organisation_id" uuid not null, "parent_id" uuid null, "name" varchar(200) not null, "code" varchar(20) not null, "kind" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "unit" add constraint "unit_organisation_id_code_unique" unique ("organisation_id", "code");`);
    this.addSql(`alter table "unit" add constraint "unit_kind_check" check ("kind" in ('PHONG', 'BAN', 'NHOM', 'VAN_PHONG', 'KHAC'));`);

    this.addSql(`create table "account" ("id" uuid not null, "organisation_id" uuid not null, "unit_id" uuid not null, "username" varchar(64) not null, "full_name" varchar(100) not null, "search_text" varchar(200) not null, "title" text not null, "roles" text[] not null default '{}', "status" text not null default 'ACTIVE', "status_reason" varchar(500) null, "password_hash" varchar(200) not null, "must_change_password" boolean not null default true, "last_sign_in_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "account" add constraint "account_username_unique" unique ("username");`);
    this.addSql(`create index "account_organisation_id_username_index" on "account" ("organisation_id", "username");`);
    this.addSql(`create index "account_unit_id_index" on "account" ("unit_id");`);
    this.addSql(`alter table "account" add constraint "account_title_check" check ("title" in ('LEADER', 'DEPUTY_LEADER', 'UNIT_HEAD', 'DEPUTY_UNIT_HEAD', 'SPECIALIST', 'CLERK', 'IT_OFFICER'));`);
    this.addSql(`alter table "account" add constraint "account_status_check" check ("status" in ('ACTIVE', 'LOCKED', 'DISABLED'));`);

    this.addSql(`create table "session" ("id" uuid not null, "organisation_id" uuid not null, "account_id" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_account_id_index" on "session" ("account_id");`);

    this.addSql(`create table "delegation" ("id" uuid not null, "organisation_id" uuid not null, "from_id" uuid not null, "to_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "reason" varchar(500) not null, "revoked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "delegation_to_id_ends_at_index" on "delegation" ("to_id", "ends_at");`);
    this.addSql(`create index "delegation_from_id_ends_at_index" on "delegation" ("from_id", "ends_at");`);

    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete set null;`);

    this.addSql(`alter table "unit" add constraint "unit_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on delete set null;`);

    this.addSql(`alter table "account" add constraint "account_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "account" add constraint "account_unit_id_foreign" foreign key ("unit_id") references "unit" ("id");`);

    this.addSql(`alter table "session" add constraint "session_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "session" add constraint "session_account_id_foreign" foreign key ("account_id") references "account" ("id");`);

    this.addSql(`alter table "delegation" add constraint "delegation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "delegation" add constraint "delegation_from_id_foreign" foreign key ("from_id") references "account" ("id");`);
    this.addSql(`alter table "delegation" add constraint "delegation_to_id_foreign" foreign key ("to_id") references "account" ("id");`);
  }

}
