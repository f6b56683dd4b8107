import { Migration } from '@mikro-orm/migrations';

/**
 * Digital signatures (issue 16): each organisation's certificate authority and the certificates it
 * issues; private keys are stored sealed (key-protector.ts), CRLs as DER in base64.
 */
export class Migration20261203200000_signatures extends Migration {

  override name = 'Migration20261203200000_signatures';

  override up(): void | Promise<void> {
    this.addSql(`create table "signing_authority" ("id" uuid not null, "organisation_id" uuid not null, "subject_name" varchar(500) not null, "serial" varchar(64) not null, "certificate_pem" text not null, "chain_pem" text not null default '', "sealed_key" text not null, "imported" boolean not null default false, "not_before" timestamptz not null, "not_after" timestamptz not null, "crl_number" int not null default 0, "crl" text not null, "crl_updated_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "signing_authority" add constraint "signing_authority_organisation_id_unique" unique ("organisation_id");`);

    this.addSql(`create table "signing_certificate" ("id" uuid not null, "organisation_id" uuid not null, "authority_id" uuid not null, "kind" text not null, "holder_id" uuid null, "subject_name" varchar(500) not null, "serial" varchar(64) not null, "certificate_pem" text not null, "sealed_key" text null, "not_before" timestamptz not null, "not_after" timestamptz not null, "revoked_at" timestamptz null, "revocation_reason" text null, "renews" uuid null, "created_by_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "signing_certificate_organisation_id_holder_id_index" on "signing_certificate" ("organisation_id", "holder_id");`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_authority_id_serial_unique" unique ("authority_id", "serial");`);

    this.addSql(`alter table "signing_authority" add constraint "signing_authority_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_authority_id_foreign" foreign key ("authority_id") references "signing_authority" ("id");`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_holder_id_foreign" foreign key ("holder_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_kind_check" check ("kind" in ('SIGNER', 'ORGANISATION'));`);
    this.addSql(`alter table "signing_certificate" add constraint "signing_certificate_revocation_reason_check" check ("revocation_reason" in ('UNSPECIFIED', 'KEY_COMPROMISE', 'CA_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION', 'CERTIFICATE_HOLD', 'PRIVILEGE_WITHDRAWN'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "signing_certificate" drop constraint "signing_certificate_authority_id_foreign";`);

    this.addSql(`drop table if exists "signing_authority" cascade;`);
    this.addSql(`drop table if exists "signing_certificate" cascade;`);
  }

}
