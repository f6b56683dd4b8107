import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * `npm run test:browser`: the tests a real browser drives (CORS from a page on another origin, the
 * explorer), with Chromium from the system (/usr/bin/chromium; .ci/run installs it) through
 * playwright-core. Same database set-up as the end-to-end tests.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // One browser at a time: the machine is small.
    maxWorkers: 1,
    env: { NODE_ENV: 'test', PASSWORD_HASH_COST: '12' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
