import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:fuzz`: hostile input against a server process, a few minutes (test/fuzz). */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/fuzz/**/*.test.ts'], testTimeout: 600_000 } });
