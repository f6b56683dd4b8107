import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:fuzz`: hostile input against a server process, a few minutes (test/fuzz). */
const { projects: _projects, ...shared } = base.test!;
export default defineConfig({ ...base, test: { ...shared, include: ['test/fuzz/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'], testTimeout: 600_000 } });
