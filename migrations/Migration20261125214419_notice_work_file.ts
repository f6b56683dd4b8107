import { Migration } from '@mikro-orm/migrations';

export class Migration20261125214419_notice_work_file extends Migration {

  override name = 'Migration20261125214419_notice_work_file';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notice" add "work_file_id" uuid null;`);
    this.addSql(`alter table "notice" add constraint "notice_work_file_id_foreign" foreign key ("work_file_id") references "work_file" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice" drop constraint "notice_work_file_id_foreign";`);

    this.addSql(`alter table "notice" drop column "work_file_id";`);
  }

}
