import { Migration } from '@mikro-orm/migrations';

/**
 * One-stop public services (issue 17): the procedure catalogue, the daily receipt counters, cases
 * with their steps and slips, and the public look-up's shared rate-limit counters.
 */
export class Migration20261205300000_onestop extends Migration {

  override name = 'Migration20261205300000_onestop';

  override up(): void | Promise<void> {
    this.addSql(`create table "one_stop_receipt_counter" ("id" uuid not null, "organisation_id" uuid not null, "day" varchar(10) not null, "last" int not null, primary key ("id"));`);
    this.addSql(`alter table "one_stop_receipt_counter" add constraint "one_stop_receipt_counter_organisation_id_day_unique" unique ("organisation_id", "day");`);

    this.addSql(`create table "public_rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`);

    this.addSql(`create table "one_stop_procedure" ("id" uuid not null, "organisation_id" uuid not null, "code" varchar(30) not null, "name" varchar(500) not null, "field" varchar(200) not null, "handling_unit_id" uuid not null, "total_days" int not null, "intake_days" int not null, "unit_days" int not null, "unit_head_days" int not null, "leader_days" int not null, "return_days" int not null, "papers" jsonb not null, "fee" int not null default 0, "result_is_document" boolean not null default false, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "one_stop_procedure" add constraint "one_stop_procedure_organisation_id_code_unique" unique ("organisation_id", "code");`);

    this.addSql(`create table "one_stop_case" ("id" uuid not null, "organisation_id" uuid not null, "procedure_id" uuid not null, "handling_unit_id" uuid not null, "receipt_code" varchar(60) not null, "day" varchar(10) not null, "sequence" int not null, "channel" text not null, "applicant_kind" text not null, "applicant_name" varchar(200) not null, "applicant_id_number" varchar(20) not null, "applicant_phone" varchar(20) not null, "applicant_email" varchar(200) null, "applicant_address" varchar(500) not null, "papers" jsonb not null, "stage" text not null, "status" text not null, "received_by_id" uuid null, "received_at" timestamptz not null, "appointment_at" timestamptz not null, "first_appointment_at" timestamptz not null, "paused_at" timestamptz null, "supplement_count" int not null default 0, "result_document_id" uuid null, "refusal_reason" varchar(2000) null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_receipt_code_unique" unique ("receipt_code");`);
    this.addSql(`create index "one_stop_case_organisation_id_received_at_id_index" on "one_stop_case" ("organisation_id", "received_at", "id");`);
    this.addSql(`create index "one_stop_case_handling_unit_id_status_index" on "one_stop_case" ("handling_unit_id", "status");`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_organisation_id_day_sequence_unique" unique ("organisation_id", "day", "sequence");`);

    this.addSql(`create table "one_stop_step" ("id" uuid not null, "organisation_id" uuid not null, "case_id" uuid not null, "stage" text not null, "started_at" timestamptz not null, "deadline" timestamptz not null, "done_at" timestamptz null, "action" text null, "actor_id" uuid null, "note" varchar(2000) null, "ordinal" int not null, primary key ("id"));`);
    this.addSql(`create index "one_stop_step_case_id_ordinal_index" on "one_stop_step" ("case_id", "ordinal");`);

    this.addSql(`create table "one_stop_slip" ("id" uuid not null, "organisation_id" uuid not null, "kind" text not null, "procedure_id" uuid not null, "case_id" uuid null, "applicant_name" varchar(200) not null, "missing_papers" jsonb not null, "reason" varchar(2000) null, "new_appointment_at" timestamptz null, "created_by_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "one_stop_slip_case_id_index" on "one_stop_slip" ("case_id");`);

    this.addSql(`alter table "one_stop_receipt_counter" add constraint "one_stop_receipt_counter_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);

    this.addSql(`alter table "one_stop_procedure" add constraint "one_stop_procedure_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "one_stop_procedure" add constraint "one_stop_procedure_handling_unit_id_foreign" foreign key ("handling_unit_id") references "unit" ("id");`);

    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_procedure_id_foreign" foreign key ("procedure_id") references "one_stop_procedure" ("id");`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_handling_unit_id_foreign" foreign key ("handling_unit_id") references "unit" ("id");`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_received_by_id_foreign" foreign key ("received_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_channel_check" check ("channel" in ('DESK', 'ONLINE'));`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_applicant_kind_check" check ("applicant_kind" in ('PERSON', 'BUSINESS'));`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_stage_check" check ("stage" in ('INTAKE', 'UNIT', 'UNIT_HEAD', 'LEADER', 'RETURN'));`);
    this.addSql(`alter table "one_stop_case" add constraint "one_stop_case_status_check" check ("status" in ('IN_PROGRESS', 'AWAITING_SUPPLEMENT', 'RESULT_READY', 'REFUSAL_READY', 'DONE', 'REFUSED'));`);

    this.addSql(`alter table "one_stop_step" add constraint "one_stop_step_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "one_stop_step" add constraint "one_stop_step_case_id_foreign" foreign key ("case_id") references "one_stop_case" ("id");`);
    this.addSql(`alter table "one_stop_step" add constraint "one_stop_step_actor_id_foreign" foreign key ("actor_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "one_stop_step" add constraint "one_stop_step_stage_check" check ("stage" in ('INTAKE', 'UNIT', 'UNIT_HEAD', 'LEADER', 'RETURN'));`);
    this.addSql(`alter table "one_stop_step" add constraint "one_stop_step_action_check" check ("action" in ('RECEIVED', 'PROPOSED', 'INVALID', 'SUPPLEMENT_REQUESTED', 'SUPPLEMENT_RECEIVED', 'SUBMITTED', 'APPROVED', 'DISAGREED', 'RETURNED', 'APOLOGISED'));`);

    this.addSql(`alter table "one_stop_slip" add constraint "one_stop_slip_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id");`);
    this.addSql(`alter table "one_stop_slip" add constraint "one_stop_slip_procedure_id_foreign" foreign key ("procedure_id") references "one_stop_procedure" ("id");`);
    this.addSql(`alter table "one_stop_slip" add constraint "one_stop_slip_case_id_foreign" foreign key ("case_id") references "one_stop_case" ("id") on delete set null;`);
    this.addSql(`alter table "one_stop_slip" add constraint "one_stop_slip_created_by_id_foreign" foreign key ("created_by_id") references "account" ("id") on delete set null;`);
    this.addSql(`alter table "one_stop_slip" add constraint "one_stop_slip_kind_check" check ("kind" in ('GUIDANCE', 'REFUSAL', 'SUPPLEMENT', 'APOLOGY'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "one_stop_case" drop constraint "one_stop_case_procedure_id_foreign";`);
    this.addSql(`alter table "one_stop_slip" drop constraint "one_stop_slip_procedure_id_foreign";`);
    this.addSql(`alter table "one_stop_step" drop constraint "one_stop_step_case_id_foreign";`);
    this.addSql(`alter table "one_stop_slip" drop constraint "one_stop_slip_case_id_foreign";`);

    this.addSql(`drop table if exists "one_stop_receipt_counter" cascade;`);
    this.addSql(`drop table if exists "public_rate_limit" cascade;`);
    this.addSql(`drop table if exists "one_stop_procedure" cascade;`);
    this.addSql(`drop table if exists "one_stop_case" cascade;`);
    this.addSql(`drop table if exists "one_stop_step" cascade;`);
    this.addSql(`drop table if exists "one_stop_slip" cascade;`);
  }

}
