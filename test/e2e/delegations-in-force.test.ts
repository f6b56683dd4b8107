import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/areas/accounts/account.ts';
import { Delegation, inForceAt, inForceSql } from '../../src/areas/accounts/delegation.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * "A delegation in force" is written twice: as the ORM filter every list and field asks
 * (`inForceAt`) and as the SQL of the one statement that authenticates a request (`inForceSql`).
 * Over delegations in every state, the two must pick the same rows at every instant.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('a delegation in force', () => {
  it('is the same rows by the ORM filter and by the SQL of authentication', async () => {
    const em = app.db.orm.em.fork();
    const accounts = await em.find(Account, {}, { filters: false, orderBy: { username: 'asc' }, limit: 4 });
    const [leader, deputy, disabledLeader, other] = accounts as [typeof accounts[number], typeof accounts[number], typeof accounts[number], typeof accounts[number]];
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    const organisation = leader.organisation;
    const made = [
      { from: leader, to: deputy, startsAt: new Date(now - day), endsAt: new Date(now + day), revokedAt: null },
      { from: leader, to: other, startsAt: new Date(now - day), endsAt: new Date(now + day), revokedAt: new Date(now - 1000) },
      { from: leader, to: deputy, startsAt: new Date(now + day), endsAt: new Date(now + 2 * day), revokedAt: null },
      { from: leader, to: other, startsAt: new Date(now - 2 * day), endsAt: new Date(now - day), revokedAt: null },
      { from: disabledLeader, to: deputy, startsAt: new Date(now - day), endsAt: new Date(now + day), revokedAt: null },
    ];
    for (const delegation of made) em.create(Delegation, { organisation, reason: 'Đi công tác', ...delegation } as never);
    disabledLeader.status = 'DISABLED' as never;
    await em.flush();

    // Before all, inside the first, at a boundary (an end is exclusive, a start inclusive), after all.
    const instants = [new Date(now - 3 * day), new Date(now), new Date(now + day), new Date(now + 1.5 * day), new Date(now + 3 * day)];
    const picked: string[][] = [];
    for (const at of instants) {
      const byOrm = (await em.fork().find(Delegation, inForceAt(at), { filters: false, fields: ['id'] })).map((row) => row.id).sort();
      const bySql = (
        await em.execute<{ id: string }[]>(`select d.id from delegation d join account leader on leader.id = d.from_id where ${inForceSql('d', 'leader', '?::timestamptz')}`, [at, at])
      ).map((row) => row.id).sort();
      expect(bySql).toEqual(byOrm);
      picked.push(byOrm);
    }
    // The rule is not vacuous: some instants pick delegations and some pick none.
    expect(picked.map((ids) => ids.length)).toEqual([0, 1, 1, 1, 0]);
  });
});
