import { Migration } from '@mikro-orm/migrations';

export class Migration20261125220807_unit_work_index extends Migration {

  override name = 'Migration20261125220807_unit_work_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "assignment_organisation_id_done_at_index" on "assignment" ("organisation_id", "done_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "assignment_organisation_id_done_at_index";`);
  }

}
