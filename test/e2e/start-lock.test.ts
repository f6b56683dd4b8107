import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { ensureDemoOrganisation } from '../../src/provisioning/demo.ts';
import { withEmptyDatabase } from '../support/database.ts';

/**
 * Two instances started together on an empty database both come up (issue 13 point 8): migrations
 * and the demo set-up run under an advisory lock, one instance after the other.
 */
describe('the start lock', () => {
  it('lets two instances migrate and set up one empty database at once', async () => {
    await withEmptyDatabase('lock', async (url) => {
      const created: boolean[] = [];
      const open = () =>
        openDatabase({
          url,
          setUp: async (orm) => void created.push(Boolean(await ensureDemoOrganisation(orm.em.fork(), 'Demo@Pass2026'))),
        });
      const results = await Promise.allSettled([open(), open()]);
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'up'))).toEqual(['up', 'up']);
      // The demo agency made by exactly one of them.
      expect(created.sort()).toEqual([false, true]);
      const check = new pg.Client({ connectionString: url });
      await check.connect();
      expect((await check.query('select count(*)::int as n from organisation')).rows[0].n).toBe(1);
      await check.end();
      for (const result of results) if (result.status === 'fulfilled') await result.value.close();
    });
  }, 120_000);
});
