import { Migration } from '@mikro-orm/migrations';

/** Outgoing internal notes sent without a number, and documents sent by their drafter before registration (issue 21 §2; seed 000 Art. 9 §5-6). */
export class Migration20261206400100_unnumbered_and_sent_first extends Migration {

  override name = 'Migration20261206400100_unnumbered_and_sent_first';

  override up(): void | Promise<void> {
    this.addSql(`alter table "document" add column "sent_first_at" timestamptz null, add column "unnumbered" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document" drop column "sent_first_at", drop column "unnumbered";`);
  }

}
