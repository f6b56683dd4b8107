import { Migration } from '@mikro-orm/migrations';

/** Signatures prepared for a token to sign (issue 16 point 4b), kept until the value comes back. */
export class Migration20261203200200_signature_preparations extends Migration {

  override name = 'Migration20261203200200_signature_preparations';

  override up(): void | Promise<void> {
    this.addSql(`create table "signature_preparation" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "signer_id" uuid not null, "on_behalf_of_id" uuid null, "certificate_id" uuid not null, "source_file_id" uuid not null, "prepared_pdf" bytea not null, "byte_range" varchar(100) not null, "signed_attributes" bytea not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete cascade;`);
    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_signer_id_foreign" foreign key ("signer_id") references "account" ("id");`);
    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_on_behalf_of_id_foreign" foreign key ("on_behalf_of_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_certificate_id_foreign" foreign key ("certificate_id") references "signing_certificate" ("id");`);
    this.addSql(`alter table "signature_preparation" add constraint "signature_preparation_source_file_id_foreign" foreign key ("source_file_id") references "stored_file" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "signature_preparation" cascade;`);
  }

}
