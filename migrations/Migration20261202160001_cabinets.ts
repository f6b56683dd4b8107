import { Migration } from '@mikro-orm/migrations';
import { syncCabinet } from '../src/areas/folders/cabinet.ts';

/**
 * The cabinet of every organisation already there: the shared area with its standard and unit
 * folders, and a personal area for each account (seed 002 Art. 10.1). New organisations, units and
 * accounts get theirs as they are made.
 */
export class Migration20261202160001_cabinets extends Migration {

  override name = 'Migration20261202160001_cabinets';

  override async up(): Promise<void> {
    const execute = (sql: string, params: unknown[] = []) => this.execute(sql, params) as Promise<Record<string, unknown>[]>;
    for (const organisation of await execute('select id from organisation order by id')) await syncCabinet(execute, organisation.id as string);
  }

  override async down(): Promise<void> {
    await this.execute(`delete from folder where kind <> 'FOLDER' and not exists (select 1 from folder child where child.parent_id = folder.id)`);
  }

}
