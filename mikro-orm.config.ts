/**
 * Configuration for the MikroORM CLI (`npm run migration:create -- --name x`). It diffs the entities
 * against DATABASE_URL, so apply pending migrations (`npm run migrate`) first.
 */
import { ormOptions } from './src/db/config.ts';

export default ormOptions(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vanthu_dev');
