import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../src/provisioning/demo.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let token: string;
let chain: string;

const VERIFY = '{ verifyAuditTrail { ok entriesChecked problems { sequence kind } } }';

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute<T[]>(query, params);
}

/** Acts as someone with direct database access would: past the append-only trigger. */
async function tamper(statement: string, params: unknown[]) {
  await sql('alter table audit_entry disable trigger audit_entry_no_change');
  try {
    await sql(statement, params);
  } finally {
    await sql('alter table audit_entry enable trigger audit_entry_no_change');
  }
}

beforeAll(async () => {
  app = await startTestApp();
  token = await app.login(DEMO.itOfficer);
  const [row] = await sql<{ chain: string }>(`select chain from audit_entry where action = 'sign_in.succeeded' limit 1`);
  chain = row!.chain;
});
afterAll(() => app?.close());

describe('audit trail', () => {
  it('records account creation and sign-ins, chained, newest first', async () => {
    const trail = await app.gql(
      '{ auditTrail(first: 3) { totalCount nodes { sequence action actor { username } hash } } }',
      {},
      token,
    );
    const nodes = trail.data?.auditTrail.nodes;
    expect(nodes[0]).toMatchObject({ action: 'sign_in.succeeded', actor: { username: DEMO.itOfficer } });
    expect(nodes.map((node: { sequence: number }) => node.sequence)).toEqual([nodes[0].sequence, nodes[0].sequence - 1, nodes[0].sequence - 2]);
    // The demo agency's accounts were created before the sign-in.
    expect(trail.data?.auditTrail.totalCount).toBe(DEMO_PEOPLE.length + 1);
  });

  it('verifies an intact chain', async () => {
    const result = await app.gql(VERIFY, {}, token);
    expect(result.data?.verifyAuditTrail).toEqual({ ok: true, entriesChecked: DEMO_PEOPLE.length + 1, problems: [] });
  });

  it('refuses to update or delete an entry', async () => {
    await expect(sql(`update audit_entry set action = 'x' where chain = ? and sequence = 1`, [chain])).rejects.toThrow(/append-only/);
    await expect(sql(`delete from audit_entry where chain = ? and sequence = 1`, [chain])).rejects.toThrow(/append-only/);
  });

  it('detects an altered entry, and is content again once it is restored', async () => {
    const [original] = await sql<{ details: string }>(`select details from audit_entry where chain = ? and sequence = 3`, [chain]);
    await tamper(`update audit_entry set details = ? where chain = ? and sequence = 3`, ['{"username":"someone.else"}', chain]);
    const altered = await app.gql(VERIFY, {}, token);
    expect(altered.data?.verifyAuditTrail.ok).toBe(false);
    expect(altered.data?.verifyAuditTrail.problems).toEqual([{ sequence: 3, kind: 'ALTERED' }]);

    await tamper(`update audit_entry set details = ? where chain = ? and sequence = 3`, [original!.details, chain]);
    expect((await app.gql(VERIFY, {}, token)).data?.verifyAuditTrail.ok).toBe(true);
  });

  it('detects a deleted entry in the middle and at the end', async () => {
    await tamper(`delete from audit_entry where chain = ? and sequence = 5`, [chain]);
    const middle = await app.gql(VERIFY, {}, token);
    expect(middle.data?.verifyAuditTrail.problems).toEqual([{ sequence: 5, kind: 'MISSING' }]);

    const [last] = await sql<{ sequence: number }>(`select max(sequence) as sequence from audit_entry where chain = ?`, [chain]);
    await tamper(`delete from audit_entry where chain = ? and sequence = ?`, [chain, last!.sequence]);
    const end = await app.gql(VERIFY, {}, token);
    expect(end.data?.verifyAuditTrail.problems).toEqual([
      { sequence: 5, kind: 'MISSING' },
      { sequence: last!.sequence, kind: 'MISSING' },
    ]);
  });

  it('is readable by IT officers only', async () => {
    const specialist = await app.login(DEMO.specialist);
    for (const query of ['{ auditTrail(first: 1) { totalCount } }', VERIFY]) {
      const response = await app.gql(query, {}, specialist);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data).toBeNull();
    }
  });
});
