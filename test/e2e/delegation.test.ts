import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Ủy quyền (seed 000 Art. 2 §2): the leader hands their authority to a deputy for a period. While
 * it is in force the deputy may do what the leader may, and every act records both of them.
 */

let app: TestApp;
const token = { leader: '', deputy: '', itOfficer: '', specialist: '', unitHead: '', secondDeputy: '' };
const id = { leader: '', deputy: '', specialist: '', secondDeputy: '' };

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

const delegationCount = async () => Number((await sql<{ n: string }>('select count(*) as n from delegation'))[0]?.n);
const unitCount = async () => Number((await sql<{ n: string }>('select count(*) as n from unit'))[0]?.n);

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

const DELEGATION_FIELDS = 'id from { username } to { username } startsAt endsAt reason revokedAt inForce';

function createDelegation(as: string, input: { toAccountId: string; startsAt: string; endsAt: string; reason?: string }) {
  return app.gql(
    `mutation ($input: CreateDelegationInput!) {
      createDelegation(input: $input) { delegation { ${DELEGATION_FIELDS} } userErrors { field code message } }
    }`,
    { input: { reason: 'Lãnh đạo đi công tác nước ngoài', ...input } },
    as,
  );
}

function revokeDelegation(as: string, delegationId: string) {
  return app.gql(
    `mutation ($input: RevokeDelegationInput!) {
      revokeDelegation(input: $input) { delegation { ${DELEGATION_FIELDS} } userErrors { field code message } }
    }`,
    { input: { id: delegationId } },
    as,
  );
}

let unitSerial = 0;
function createUnit(as: string) {
  unitSerial += 1;
  return app.gql(
    `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id code } userErrors { field code message } } }`,
    { input: { name: `Tổ công tác số ${unitSerial}`, code: `TCT-${unitSerial}`, kind: 'NHOM' } },
    as,
  );
}

const ME = '{ me { username roles effectiveRoles actingFor { username } } }';

async function expectNoLeaderAuthority() {
  const units = await unitCount();
  const attempt = await createUnit(token.deputy);
  expect(attempt.data).toBeNull();
  expect(attempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await unitCount()).toBe(units);
  const me = await app.gql(ME, {}, token.deputy);
  expect(me.data?.me).toEqual({ username: DEMO.deputy, roles: ['DEPUTY_LEADER'], effectiveRoles: ['DEPUTY_LEADER'], actingFor: [] });
}

beforeAll(async () => {
  app = await startTestApp();
  token.leader = await app.login(DEMO.leader);
  token.deputy = await app.login(DEMO.deputy);
  token.itOfficer = await app.login(DEMO.itOfficer);
  token.specialist = await app.login(DEMO.specialist);
  token.unitHead = await app.login(DEMO.unitHead);
  for (const [key, username] of [['leader', DEMO.leader], ['deputy', DEMO.deputy], ['specialist', DEMO.specialist]] as const) {
    const [row] = await sql<{ id: string }>('select id from account where username = ?', [username]);
    id[key] = toGlobalId('Account', row!.id);
  }
  // A second deputy leader, so that "delegating on" has someone to go to.
  const created = await app.gql(
    `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id username } rightsGrant { id } userErrors { code } } }`,
    {
      input: {
        fullName: 'Phan Văn Phó',
        unitId: (await app.gql('{ me { unit { id } } }', {}, token.deputy)).data?.me.unit.id,
        title: 'DEPUTY_LEADER',
        roles: ['DEPUTY_LEADER'],
        initialPassword: 'Pho@Lanh2026dao',
      },
    },
    token.itOfficer,
  );
  expect(created.data?.createAccount.userErrors).toEqual([]);
  // The deputy's position and role are sealed rights: the leader confirms them (issue 11).
  const confirmed = await app.gql(
    'mutation ($input: DecideRightsGrantInput!) { confirmRightsGrant(input: $input) { userErrors { code } } }',
    { input: { id: created.data?.createAccount.rightsGrant.id } },
    token.leader,
  );
  expect(confirmed.data?.confirmRightsGrant.userErrors).toEqual([]);
  id.secondDeputy = created.data?.createAccount.account.id;
  await app.db.orm.em.fork().execute('update account set must_change_password = false where id = ?', [fromGlobalId(id.secondDeputy)!.id]);
  token.secondDeputy = await app.login(created.data?.createAccount.account.username, 'Pho@Lanh2026dao');
});
afterAll(() => app?.close());

describe('who may delegate, and to whom', () => {
  it('without a delegation the deputy has no authority of the leader', async () => {
    await expectNoLeaderAuthority();
  });

  it('a non-leader calling createDelegation is FORBIDDEN', async () => {
    const before = await delegationCount();
    for (const as of [token.deputy, token.itOfficer, token.specialist, token.unitHead]) {
      const response = await createDelegation(as, { toAccountId: id.secondDeputy, startsAt: minutes(-1), endsAt: minutes(60) });
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await delegationCount()).toBe(before);
  });

  it('a specialist cannot be a delegate (INVALID on toAccountId), nor can the leader themself', async () => {
    const before = await delegationCount();
    const toSpecialist = await createDelegation(token.leader, { toAccountId: id.specialist, startsAt: minutes(-1), endsAt: minutes(60) });
    expect(toSpecialist.errors).toBeUndefined();
    expect(toSpecialist.data?.createDelegation).toEqual({
      delegation: null,
      userErrors: [{ field: ['input', 'toAccountId'], code: 'INVALID', message: expect.any(String) }],
    });
    const toSelf = await createDelegation(token.leader, { toAccountId: id.leader, startsAt: minutes(-1), endsAt: minutes(60) });
    expect(toSelf.data?.createDelegation.userErrors).toEqual([{ field: ['input', 'toAccountId'], code: 'INVALID', message: expect.any(String) }]);
    const toNobody = await createDelegation(token.leader, { toAccountId: toGlobalId('Account', randomUUID()), startsAt: minutes(-1), endsAt: minutes(60) });
    expect(toNobody.data?.createDelegation.userErrors).toEqual([{ field: ['input', 'toAccountId'], code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(await delegationCount()).toBe(before);
  });

  it('endsAt before (or equal to) startsAt is INVALID on endsAt', async () => {
    const before = await delegationCount();
    for (const [startsAt, endsAt] of [[minutes(60), minutes(30)], [minutes(30), minutes(30)]] as const) {
      const response = await createDelegation(token.leader, { toAccountId: id.deputy, startsAt, endsAt });
      expect(response.data?.createDelegation).toEqual({
        delegation: null,
        userErrors: [{ field: ['input', 'endsAt'], code: 'INVALID', message: expect.any(String) }],
      });
    }
    expect(await delegationCount()).toBe(before);
  });

  it('a delegation that has not started yet gives no authority', async () => {
    const created = await createDelegation(token.leader, { toAccountId: id.deputy, startsAt: minutes(60), endsAt: minutes(120) });
    expect(created.data?.createDelegation.userErrors).toEqual([]);
    expect(created.data?.createDelegation.delegation).toMatchObject({ inForce: false, revokedAt: null, from: { username: DEMO.leader }, to: { username: DEMO.deputy } });
    await expectNoLeaderAuthority();
    // Out of the way of the tests below.
    const revoked = await revokeDelegation(token.leader, created.data?.createDelegation.delegation.id);
    expect(revoked.data?.revokeDelegation.userErrors).toEqual([]);
  });
});

describe('a delegation in force', () => {
  let delegationId = '';

  it('is created by the leader for the deputy', async () => {
    const startsAt = minutes(-1);
    const endsAt = minutes(60);
    const created = await createDelegation(token.leader, { toAccountId: id.deputy, startsAt, endsAt, reason: 'Đi học tập trung' });
    expect(created.errors).toBeUndefined();
    const payload = created.data?.createDelegation;
    expect(payload.userErrors).toEqual([]);
    expect(payload.delegation).toEqual({
      id: expect.any(String),
      from: { username: DEMO.leader },
      to: { username: DEMO.deputy },
      startsAt,
      endsAt,
      reason: 'Đi học tập trung',
      revokedAt: null,
      inForce: true,
    });
    delegationId = payload.delegation.id;
  });

  it("gives the deputy the leader's roles, shown in me { effectiveRoles actingFor }", async () => {
    const me = await app.gql(ME, {}, token.deputy);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.roles).toEqual(['DEPUTY_LEADER']);
    expect([...(me.data?.me.effectiveRoles ?? [])].sort()).toEqual(['DEPUTY_LEADER', 'LEADER']);
    expect(me.data?.me.actingFor).toEqual([{ username: DEMO.leader }]);
    // The IT officer sees the same; a specialist may not read them.
    const query = `query ($id: ID!) { node(id: $id) { ... on Account { effectiveRoles actingFor { username } } } }`;
    const byIt = await app.gql(query, { id: id.deputy }, token.itOfficer);
    expect([...(byIt.data?.node.effectiveRoles ?? [])].sort()).toEqual(['DEPUTY_LEADER', 'LEADER']);
    expect(byIt.data?.node.actingFor).toEqual([{ username: DEMO.leader }]);
    const bySpecialist = await app.gql(query, { id: id.deputy }, token.specialist);
    expect(bySpecialist.data?.node).toEqual({ effectiveRoles: null, actingFor: null });
    expect(bySpecialist.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('lets the deputy do what only IT_OFFICER or LEADER may, and the audit entry records both', async () => {
    const created = await createUnit(token.deputy);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createUnit.userErrors).toEqual([]);
    const unitId = fromGlobalId(created.data?.createUnit.unit.id)!.id;
    const [row] = await sql('select code from unit where id = ?', [unitId]);
    expect(row).toEqual({ code: created.data?.createUnit.unit.code });

    const trail = await app.gql('{ auditTrail(first: 20) { nodes { action targetId actor { username } onBehalfOf { username } } } }', {}, token.itOfficer);
    expect(trail.errors).toBeUndefined();
    const entry = trail.data?.auditTrail.nodes.find((node: any) => node.action === 'unit.created');
    expect(entry).toMatchObject({ actor: { username: DEMO.deputy }, onBehalfOf: { username: DEMO.leader } });
    // The delegation's own creation was the leader's act, on nobody's behalf.
    const given = trail.data?.auditTrail.nodes.find((node: any) => node.action === 'delegation.created');
    expect(given).toMatchObject({ actor: { username: DEMO.leader }, onBehalfOf: null });
  });

  it("the audit entry's targetId is the global id of the unit acted on, as the schema says", async () => {
    const created = await createUnit(token.deputy);
    const unitGlobalId = created.data?.createUnit.unit.id;
    const trail = await app.gql('{ auditTrail(first: 1) { nodes { action targetId } } }', {}, token.itOfficer);
    expect(trail.data?.auditTrail.nodes).toEqual([{ action: 'unit.created', targetId: unitGlobalId }]);
    const node = await app.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: trail.data?.auditTrail.nodes[0].targetId }, token.itOfficer);
    expect(node.data?.node).toEqual({ id: unitGlobalId });
  });

  it("brings only the leader's roles: IT-officer-only acts stay FORBIDDEN to the deputy", async () => {
    const response = await app.gql(
      `mutation ($input: AccountStatusInput!) { lockAccount(input: $input) { userErrors { code } } }`,
      { input: { id: id.specialist } },
      token.deputy,
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('cannot be delegated on by the deputy: NOT_ALLOWED userError (the @auth gate lets the delegated LEADER through)', async () => {
    const before = await delegationCount();
    const response = await createDelegation(token.deputy, { toAccountId: id.secondDeputy, startsAt: minutes(-1), endsAt: minutes(30) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.createDelegation).toEqual({
      delegation: null,
      userErrors: [{ field: null, code: 'NOT_ALLOWED', message: expect.any(String) }],
    });
    expect(await delegationCount()).toBe(before);
  });

  it('an overlapping delegation is INVALID_STATE', async () => {
    const before = await delegationCount();
    for (const [startsAt, endsAt] of [[minutes(30), minutes(90)], [minutes(-10), minutes(5)], [minutes(10), minutes(20)]] as const) {
      const response = await createDelegation(token.leader, { toAccountId: id.secondDeputy, startsAt, endsAt });
      expect(response.data?.createDelegation).toEqual({
        delegation: null,
        userErrors: [{ field: ['input', 'startsAt'], code: 'INVALID_STATE', message: expect.any(String) }],
      });
    }
    expect(await delegationCount()).toBe(before);
  });

  it('is visible to the leader, the deputy and the IT officer, not to a specialist or another deputy', async () => {
    const LIST = '{ delegations(first: 50, inForceOnly: true) { totalCount nodes { id from { username } to { username } } } }';
    const NODE = `query ($id: ID!) { node(id: $id) { id ... on Delegation { reason } } }`;
    for (const as of [token.leader, token.deputy, token.itOfficer]) {
      const list = await app.gql(LIST, {}, as);
      expect(list.errors).toBeUndefined();
      expect(list.data?.delegations).toEqual({
        totalCount: 1,
        nodes: [{ id: delegationId, from: { username: DEMO.leader }, to: { username: DEMO.deputy } }],
      });
      const node = await app.gql(NODE, { id: delegationId }, as);
      expect(node.data?.node).toEqual({ id: delegationId, reason: 'Đi học tập trung' });
    }
    for (const as of [token.specialist, token.unitHead, token.secondDeputy]) {
      const list = await app.gql('{ delegations(first: 50) { totalCount nodes { id } } }', {}, as);
      expect(list.errors).toBeUndefined();
      expect(list.data?.delegations).toEqual({ totalCount: 0, nodes: [] });
      const node = await app.gql(NODE, { id: delegationId }, as);
      expect(node.data).toEqual({ node: null });
      expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('once revoked, the deputy is FORBIDDEN again at once, on the same session', async () => {
    const revoked = await revokeDelegation(token.leader, delegationId);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeDelegation.userErrors).toEqual([]);
    expect(revoked.data?.revokeDelegation.delegation).toMatchObject({ id: delegationId, inForce: false, revokedAt: expect.any(String) });
    await expectNoLeaderAuthority();

    const trail = await app.gql('{ auditTrail(first: 20) { nodes { action targetId actor { username } } } }', {}, token.itOfficer);
    expect(trail.data?.auditTrail.nodes.find((node: any) => node.action === 'delegation.revoked')).toMatchObject({ actor: { username: DEMO.leader } });

    const again = await revokeDelegation(token.leader, delegationId);
    expect(again.data?.revokeDelegation.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.any(String) }]);
  });

  it('a revoked delegation no longer blocks a new one for the same period', async () => {
    const created = await createDelegation(token.leader, { toAccountId: id.secondDeputy, startsAt: minutes(-1), endsAt: minutes(60) });
    expect(created.data?.createDelegation.userErrors).toEqual([]);
    const me = await app.gql(ME, {}, token.secondDeputy);
    expect(me.data?.me.actingFor).toEqual([{ username: DEMO.leader }]);
    // The first deputy gained nothing from a delegation to someone else.
    await expectNoLeaderAuthority();
    const revoked = await revokeDelegation(token.itOfficer, created.data?.createDelegation.delegation.id);
    expect(revoked.data?.revokeDelegation.userErrors).toEqual([]);
  });
});

describe("a delegation whose leader's account is not active", () => {
  it('is not in force anywhere it is read: inForce, inForceOnly lists, the deputy\'s rights', async () => {
    const created = await createDelegation(token.leader, { toAccountId: id.deputy, startsAt: minutes(-1), endsAt: minutes(60) });
    expect(created.data?.createDelegation.userErrors).toEqual([]);
    const delegationId = created.data?.createDelegation.delegation.id;
    const inForceList = '{ delegations(first: 50, inForceOnly: true) { totalCount nodes { id } } }';
    const before = await app.gql(inForceList, {}, token.itOfficer);
    expect(before.data?.delegations.nodes).toContainEqual({ id: delegationId });

    const leaderAccountId = id.leader;
    const lock = (mutation: string) =>
      app.gql(`mutation ($input: AccountStatusInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { id: leaderAccountId } }, token.itOfficer);
    expect((await lock('lockAccount')).data?.lockAccount.userErrors).toEqual([]);
    try {
      // The leader holds no authority now, so neither does the deputy, and every reading says so.
      await expectNoLeaderAuthority();
      const read = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Delegation { inForce revokedAt } } }`, { id: delegationId }, token.itOfficer);
      expect(read.data?.node).toEqual({ inForce: false, revokedAt: null });
      const during = await app.gql(inForceList, {}, token.itOfficer);
      expect(during.data?.delegations.nodes).not.toContainEqual({ id: delegationId });
      expect(during.data?.delegations.totalCount).toBe(before.data?.delegations.totalCount - 1);
    } finally {
      expect((await lock('unlockAccount')).data?.unlockAccount.userErrors).toEqual([]);
      token.leader = await app.login(DEMO.leader);
    }
    // Active again, the leader's delegation is in force again.
    const after = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Delegation { inForce } } }`, { id: delegationId }, token.itOfficer);
    expect(after.data?.node).toEqual({ inForce: true });
    const revoked = await revokeDelegation(token.itOfficer, delegationId);
    expect(revoked.data?.revokeDelegation.userErrors).toEqual([]);
  });
});

// Last: an ended delegation still covers its past period, which later ones must not overlap.
describe('an ended delegation', () => {
  it('a delegation that has ended gives no authority', async () => {
    const endsAt = new Date(Date.now() + 2500);
    const created = await createDelegation(token.leader, { toAccountId: id.deputy, startsAt: minutes(-1), endsAt: endsAt.toISOString() });
    expect(created.data?.createDelegation.userErrors).toEqual([]);
    const delegationId = created.data?.createDelegation.delegation.id;
    // In force for a moment: the deputy acts…
    const during = await createUnit(token.deputy);
    expect(during.data?.createUnit.userErrors).toEqual([]);
    // …and once it ends, no longer.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt.getTime() - Date.now()) + 300));
    await expectNoLeaderAuthority();
    const after = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Delegation { inForce revokedAt } } }`, { id: delegationId }, token.leader);
    expect(after.data?.node).toEqual({ inForce: false, revokedAt: null });
    // An ended delegation cannot be revoked either.
    const revoked = await revokeDelegation(token.leader, delegationId);
    expect(revoked.data?.revokeDelegation.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.any(String) }]);
  });
});
