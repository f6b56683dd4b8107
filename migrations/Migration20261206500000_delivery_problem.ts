import { Migration } from '@mikro-orm/migrations';

/** What a receiver found wrong with a copy sent to it (an invalid digital signature), shown to the sender (issue 16 §6). */
export class Migration20261206500000_delivery_problem extends Migration {

  override name = 'Migration20261206500000_delivery_problem';

  override up(): void | Promise<void> {
    this.addSql(`alter table "document" add column "delivery_problem" varchar(500) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "document" drop column "delivery_problem";`);
  }

}
