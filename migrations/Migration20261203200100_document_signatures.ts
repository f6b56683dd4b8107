import { Migration } from '@mikro-orm/migrations';

/**
 * The signatures of outgoing documents (leader's, then agency's, each with the PDF as it stood after it),
 * and the organisation's setting that issuing requires the leader's signature (the default, seed 004).
 */
export class Migration20261203200100_document_signatures extends Migration {

  override name = 'Migration20261203200100_document_signatures';

  override up(): void | Promise<void> {
    this.addSql(`create table "document_signature" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "role" text not null, "source_file_id" uuid not null, "certificate_id" uuid not null, "signer_id" uuid not null, "on_behalf_of_id" uuid null, "signed_at" timestamptz not null, "pdf" bytea not null, "sha256" varchar(64) not null, primary key ("id"));`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_document_id_role_unique" unique ("document_id", "role");`);

    this.addSql(`alter table "signing_authority" add "require_signed_issue" boolean not null default true;`);

    this.addSql(`alter table "document_signature" add constraint "document_signature_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_source_file_id_foreign" foreign key ("source_file_id") references "stored_file" ("id");`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_certificate_id_foreign" foreign key ("certificate_id") references "signing_certificate" ("id");`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_signer_id_foreign" foreign key ("signer_id") references "account" ("id");`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "document_signature" add constraint "document_signature_role_check" check ("role" in ('LEADER', 'AGENCY'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "document_signature" cascade;`);

    this.addSql(`alter table "signing_authority" drop column "require_signed_issue";`);
  }

}
