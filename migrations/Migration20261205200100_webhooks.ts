import { Migration } from '@mikro-orm/migrations';

/** Webhook endpoints of integrators' keys and their deliveries, an outbox written at each change's commit (issue 18 §5). */
export class Migration20261205200100_webhooks extends Migration {

  override name = 'Migration20261205200100_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook_endpoint" ("id" uuid not null, "organisation_id" uuid not null, "owner_id" uuid not null, "url" varchar(2000) not null, "event_kinds" text[] not null default '{}', "secret" varchar(100) not null, "previous_secret" varchar(100) null, "previous_secret_until" timestamptz null, "created_at" timestamptz not null, "failing_since" timestamptz null, "disabled_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_endpoint_organisation_id_index" on "webhook_endpoint" ("organisation_id");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "organisation_id" uuid not null, "endpoint_id" uuid not null, "event_kind" varchar(40) not null, "record_type" varchar(40) not null, "record_id" uuid not null, "payload" text not null, "created_at" timestamptz not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_status_code" int null, "last_latency_ms" int null, "last_error" varchar(500) null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_endpoint_id_created_at_index" on "webhook_delivery" ("endpoint_id", "created_at");`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);

    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_owner_id_foreign" foreign key ("owner_id") references "api_key" ("id");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('PENDING', 'DELIVERED', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
  }

}
