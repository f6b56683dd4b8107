/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { openDatabase } from './database.ts';

const database = await openDatabase({ url: process.env.DATABASE_URL, log: (message) => console.log(message) });
const executed = await database.orm.migrator.getExecuted();
console.log(`database is at migration ${executed.at(-1)?.name ?? '(none)'}`);
await database.close();
