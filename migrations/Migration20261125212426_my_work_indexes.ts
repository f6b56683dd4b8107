import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212426_my_work_indexes extends Migration {

  override name = 'Migration20261125212426_my_work_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "assignment_assigned_by_id_received_at_index";`);
    this.addSql(`drop index "assignment_assignee_account_id_done_at_index";`);
    this.addSql(`drop index "assignment_assignee_unit_id_done_at_index";`);
    this.addSql(`create index "assignment_assignee_account_id_done_at_received_at_index" on "assignment" ("assignee_account_id", "done_at", "received_at");`);
    this.addSql(`create index "assignment_assignee_unit_id_done_at_received_at_index" on "assignment" ("assignee_unit_id", "done_at", "received_at");`);
    this.addSql(`create index "assignment_assigned_by_id_done_at_received_at_index" on "assignment" ("assigned_by_id", "done_at", "received_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "assignment_assignee_account_id_done_at_received_at_index";`);
    this.addSql(`drop index "assignment_assignee_unit_id_done_at_received_at_index";`);
    this.addSql(`drop index "assignment_assigned_by_id_done_at_received_at_index";`);
    this.addSql(`create index "assignment_assigned_by_id_received_at_index" on "assignment" ("assigned_by_id", "received_at");`);
    this.addSql(`create index "assignment_assignee_account_id_done_at_index" on "assignment" ("assignee_account_id", "done_at");`);
    this.addSql(`create index "assignment_assignee_unit_id_done_at_index" on "assignment" ("assignee_unit_id", "done_at");`);
  }

}
