import { Migration } from '@mikro-orm/migrations';

/** Consultation on a draft, its participants and comments, and disagreements with the appraisal referred to the signer (issue 21 §1). */
export class Migration20261206400000_drafting extends Migration {

  override name = 'Migration20261206400000_drafting';

  override up(): void | Promise<void> {
    this.addSql(`create table "consultation" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "document_file_id" uuid not null, "file_id" uuid not null, "attachment_no" int not null, "file_version" int not null, "subject" varchar(500) not null, "status" text not null, "drafter_id" uuid not null, "note" varchar(2000) null, "deadline" timestamptz not null, "remind_at" timestamptz not null, "viewer_ids" text[] not null default '{}', "consulted_unit_ids" text[] not null default '{}', "compiled_version" int null, "compilation_note" varchar(2000) null, "closed_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "consultation_document_id_created_at_index" on "consultation" ("document_id", "created_at");`);
    this.addSql(`create index "consultation_file_id_index" on "consultation" ("file_id");`);
    this.addSql(`create index "consultation_open_deadline" on "consultation" ("remind_at") where "status" = 'OPEN';`);

    this.addSql(`create table "consultation_participant" ("id" uuid not null, "organisation_id" uuid not null, "consultation_id" uuid not null, "account_id" uuid null, "unit_id" uuid null, "status" text not null, "reminded_at" timestamptz null, "answered_at" timestamptz null, "no_answer_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "consultation_participant_consultation_id_index" on "consultation_participant" ("consultation_id");`);

    this.addSql(`create table "consultation_comment" ("id" uuid not null, "organisation_id" uuid not null, "consultation_id" uuid not null, "participant_id" uuid not null, "author_id" uuid not null, "attachment_no" int not null, "file_version" int not null, "text" varchar(4000) not null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "consultation_comment_consultation_id_at_index" on "consultation_comment" ("consultation_id", "at");`);

    this.addSql(`create table "draft_referral" ("id" uuid not null, "organisation_id" uuid not null, "document_id" uuid not null, "drafter_id" uuid not null, "signer_id" uuid not null, "appraiser_id" uuid not null, "appraisal_text" varchar(2000) not null, "appraisal_at" timestamptz not null, "drafter_position" varchar(2000) not null, "status" text not null, "decision" text null, "decision_text" varchar(2000) null, "decided_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "draft_referral_document_id_created_at_index" on "draft_referral" ("document_id", "created_at");`);

    this.addSql(`alter table "consultation" add constraint "consultation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "consultation" add constraint "consultation_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "consultation" add constraint "consultation_document_file_id_foreign" foreign key ("document_file_id") references "document_file" ("id");`);
    this.addSql(`alter table "consultation" add constraint "consultation_file_id_foreign" foreign key ("file_id") references "stored_file" ("id");`);
    this.addSql(`alter table "consultation" add constraint "consultation_drafter_id_foreign" foreign key ("drafter_id") references "account" ("id");`);
    this.addSql(`alter table "consultation" add constraint "consultation_status_check" check ("status" in ('OPEN', 'COMPILED', 'CANCELLED'));`);

    this.addSql(`alter table "consultation_participant" add constraint "consultation_participant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "consultation_participant" add constraint "consultation_participant_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id");`);
    this.addSql(`alter table "consultation_participant" add constraint "consultation_participant_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "consultation_participant" add constraint "consultation_participant_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on delete set null;`);
    this.addSql(`alter table "consultation_participant" add constraint "consultation_participant_status_check" check ("status" in ('PENDING', 'ANSWERED', 'NO_ANSWER'));`);

    this.addSql(`alter table "consultation_comment" add constraint "consultation_comment_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "consultation_comment" add constraint "consultation_comment_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id");`);
    this.addSql(`alter table "consultation_comment" add constraint "consultation_comment_participant_id_foreign" foreign key ("participant_id") references "consultation_participant" ("id");`);
    this.addSql(`alter table "consultation_comment" add constraint "consultation_comment_author_id_foreign" foreign key ("author_id") references "account" ("id");`);

    this.addSql(`alter table "draft_referral" add constraint "draft_referral_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_drafter_id_foreign" foreign key ("drafter_id") references "account" ("id");`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_signer_id_foreign" foreign key ("signer_id") references "account" ("id");`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_appraiser_id_foreign" foreign key ("appraiser_id") references "account" ("id");`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_status_check" check ("status" in ('REFERRED', 'DECIDED'));`);
    this.addSql(`alter table "draft_referral" add constraint "draft_referral_decision_check" check ("decision" in ('APPRAISAL', 'DRAFTING_UNIT'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "draft_referral" cascade;`);
    this.addSql(`drop table if exists "consultation_comment" cascade;`);
    this.addSql(`drop table if exists "consultation_participant" cascade;`);
    this.addSql(`drop table if exists "consultation" cascade;`);
  }

}
