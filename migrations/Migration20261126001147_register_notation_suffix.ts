import { Migration } from '@mikro-orm/migrations';

export class Migration20261126001147_register_notation_suffix extends Migration {

  override name = 'Migration20261126001147_register_notation_suffix';

  override up(): void | Promise<void> {
    this.addSql(`alter table "register" add "notation_suffix" varchar(10) null;`);
    this.addSql(`alter table "register" add constraint "register_organisation_id_notation_suffix_unique" unique ("organisation_id", "notation_suffix");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "register" drop constraint "register_organisation_id_notation_suffix_unique";`);
    this.addSql(`alter table "register" drop column "notation_suffix";`);

  }

}
