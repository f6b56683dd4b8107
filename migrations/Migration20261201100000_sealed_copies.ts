import { Migration } from '@mikro-orm/migrations';

/**
 * Text copied from a record is sealed with it (issue 11): a task tracking a document marks that its
 * title and description are the document's; a reminder names its task or document when read,
 * instead of keeping the name in its text. Existing rows are brought into the same shape: tracked
 * tasks whose title is their source's subject, and the system's reminders (their name cut off the
 * stored text, from the first ": ").
 */
export class Migration20261201100000_sealed_copies extends Migration {

  override name = 'Migration20261201100000_sealed_copies';

  override up(): void | Promise<void> {
    this.addSql(`alter table "task" add column "copied_from_source" boolean not null default false;`);
    this.addSql(`update "task" t set "copied_from_source" = true from "document" d where d."id" = t."source_document_id" and t."title" = d."subject";`);
    this.addSql(`alter table "notice" add column "names_record" boolean not null default false;`);
    this.addSql(`update "notice" set "text" = substring("text" from '^(.*?): '), "names_record" = true where "sender_id" is null and ("document_id" is not null or "task_id" is not null) and "text" ~ ': ';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "notice" drop column "names_record";`);
    this.addSql(`alter table "task" drop column "copied_from_source";`);
  }

}
