import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in tries are counted by username and client address together (issue 13 §6), and a
 * session keeps the address it was signed in from (an account's known addresses).
 */
export class Migration20261203000100_sign_in_by_address extends Migration {

  override name = 'Migration20261203000100_sign_in_by_address';

  override up(): void | Promise<void> {
    this.addSql(`delete from "login_throttle";`);
    this.addSql(`alter table "login_throttle" drop constraint "login_throttle_pkey";`);
    this.addSql(`alter table "login_throttle" add "address" varchar(64) not null;`);
    this.addSql(`alter table "login_throttle" add constraint "login_throttle_pkey" primary key ("username", "address");`);
    this.addSql(`alter table "session" add "client_address" varchar(64) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session" drop column "client_address";`);
    this.addSql(`delete from "login_throttle";`);
    this.addSql(`alter table "login_throttle" drop constraint "login_throttle_pkey";`);
    this.addSql(`alter table "login_throttle" drop column "address";`);
    this.addSql(`alter table "login_throttle" add constraint "login_throttle_pkey" primary key ("username");`);
  }

}
