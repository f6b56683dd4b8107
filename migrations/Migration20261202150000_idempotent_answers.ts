import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys are kept as their SHA-256, beside an answer sealed under the key itself for a
 * retry (core/idempotency.ts): a retried createAccount gets the generated password again within
 * fifteen minutes, and the database alone cannot open it (issue 22, point 5).
 */
export class Migration20261202150000_idempotent_answers extends Migration {

  override name = 'Migration20261202150000_idempotent_answers';

  override up(): void | Promise<void> {
    this.addSql(`update "idempotency_key" set "key" = encode(sha256(convert_to("key", 'UTF8')), 'hex');`);
    this.addSql(`alter table "idempotency_key" add "answer" text null;`);
    this.addSql(`create index "idempotency_key_answer_created_at" on "idempotency_key" ("created_at") where "answer" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "idempotency_key_answer_created_at";`);
    this.addSql(`alter table "idempotency_key" drop column "answer";`);
    // The keys stay hashed: a retry after going back creates anew.
  }

}
