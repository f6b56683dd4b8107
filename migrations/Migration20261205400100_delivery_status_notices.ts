import { Migration } from '@mikro-orm/migrations';

/** Notices of DELIVERY_STATUS: a status another agency's system sent back for a document (issue 19 §5). */
export class Migration20261205400100_delivery_status_notices extends Migration {

  override name = 'Migration20261205400100_delivery_status_notices';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'DELIVERY_STATUS', 'SCHEDULE_CHANGED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice" drop constraint "notice_kind_check";`);
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in ('MESSAGE', 'REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST', 'FOLDER_SHARED', 'CHANGE_REQUESTED', 'CHANGE_ANSWERED', 'CHANGE_EXPIRED', 'MAIL_DIRECTION', 'MAIL_APPROVAL', 'SCHEDULE_CHANGED'));`);
  }

}
