import { Migration } from '@mikro-orm/migrations';

/** API keys of integrators (issue 18): the keys, their per-minute request counts and their access log. */
export class Migration20261205200000_api_keys extends Migration {

  override name = 'Migration20261205200000_api_keys';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key_usage" ("key_id" uuid not null, "minute" timestamptz not null, "requests" int not null default 0, primary key ("key_id", "minute"));`);

    this.addSql(`create table "api_key" ("id" uuid not null, "organisation_id" uuid not null, "name" varchar(200) not null, "scopes" text[] not null default '{}', "secret_hash" varchar(64) not null, "prefix" varchar(16) not null, "allowed_networks" text[] not null default '{}', "rate_limit_per_minute" int not null default 600, "expires_at" timestamptz null, "created_at" timestamptz not null, "created_by_id" uuid null, "last_used_at" timestamptz null, "last_used_from" varchar(64) null, "revoked_at" timestamptz null, "revoked_by_id" uuid null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_key_organisation_id_created_at_index" on "api_key" ("organisation_id", "created_at");`);

    this.addSql(`create table "api_key_access" ("id" uuid not null, "organisation_id" uuid not null, "key_id" uuid not null, "at" timestamptz not null, "client_address" varchar(64) null, "method" varchar(10) not null, "path" varchar(200) not null, "refused" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "api_key_access_key_id_at_index" on "api_key_access" ("key_id", "at");`);

    this.addSql(`alter table "api_key" add constraint "api_key_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_revoked_by_id_foreign" foreign key ("revoked_by_id") references "account" ("id") on delete set null;`);

    this.addSql(`alter table "api_key_access" add constraint "api_key_access_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "api_key_access" add constraint "api_key_access_key_id_foreign" foreign key ("key_id") references "api_key" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_key_usage" cascade;`);
    this.addSql(`drop table if exists "api_key_access" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
