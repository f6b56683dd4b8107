import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:restore`: the backup round trip, which needs pg_dump and pg_restore on PATH. */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/restore/**/*.test.ts'] } });
