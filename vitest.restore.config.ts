import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:restore`: the backup round trip, which needs pg_dump and pg_restore on PATH. */
const { projects: _projects, ...shared } = base.test!;
export default defineConfig({ ...base, test: { ...shared, include: ['test/restore/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'] } });
