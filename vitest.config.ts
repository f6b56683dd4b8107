import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build (it has no "exports" map); Vite would pick its ES build,
    // and two copies of graphql in one process break `instanceof` checks. Use Node's.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Unit tests (pure functions: states, rules, formats) need no database and run in seconds on
    // their own: `npx vitest run --project unit`. End-to-end tests get the database set-up.
    // test/restore and test/fuzz run by their own scripts (test:restore needs pg_dump; test:fuzz takes minutes).
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        // Each file gets its own database cloned from a migrated template, so files run in parallel.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
    pool: 'forks',
    maxWorkers: 3,
    // A cheaper scrypt cost keeps the many sign-ins of the suite quick; production uses 2^15.
    env: { NODE_ENV: 'test', PASSWORD_HASH_COST: '12', MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
