import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tapStatements } from '../../src/db/query-counter.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { assignTask, directDocument, registerIncoming } from '../support/operations.ts';

/**
 * Statistics (issue 18 §3): one aggregate statement each, following the reader's visibility — a key
 * never counts a classified document, a person counts what they may see.
 */
let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
const keys: Record<string, string> = {};
const today = vietnamDate(new Date());
const month = today.slice(0, 7);
const DOCUMENTS = `query ($input: StatisticsInput!, $by: [DocumentStatisticsDimension!]!) { documentStatistics(input: $input, by: $by) { period direction kind urgency channel unitId count } }`;
const HANDLING = `query ($input: StatisticsInput!) { handlingStatistics(input: $input) { period received handledOnTime handledLate stillOpen openOverdue } }`;
const TASKS = `query ($input: StatisticsInput!) { taskStatistics(input: $input) { period assigned doneOnTime doneLate open openOverdue cancelled } }`;
const year = { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31`, period: 'MONTH' };

async function key(name: string, scopes: string[], token = people.tokens.itOfficer!): Promise<string> {
  const created = await app.gql('mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }', { input: { name, scopes } }, token);
  return created.data!.createApiKey.secret;
}

const total = (figures: { count: number }[]) => figures.reduce((sum, figure) => sum + figure.count, 0);

beforeAll(async () => {
  app = await startSignedIn(people, { otherOrganisation: true });
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const open = await registerIncoming(app, people.tokens.clerk!, { subject: 'Về kế hoạch năm', handedToAccountIds: [people.ids.specialist] });
  await registerIncoming(app, people.tokens.clerk!, { kind: 'QUYET_DINH', numberNotation: '7/QĐ-UBND', urgency: 'KHAN' });
  await registerIncoming(app, people.tokens.clerk!, { channel: 'ELECTRONIC' });
  const secret = await registerIncoming(app, people.tokens.confidentialClerk!, { numberNotation: '2/UBND-M', subject: 'Mật', confidentiality: 'MAT', recallBy: today });
  await directDocument(app, people.tokens.leader!, { documentId: open.id, assignees: [{ accountId: people.ids.specialist, role: 'LEAD', deadline: inHours(48) }] });
  await directDocument(app, people.tokens.leader!, { documentId: secret.id, assignees: [{ accountId: people.ids.unitHead, role: 'LEAD', deadline: inHours(48) }] });
  await assignTask(app, people.tokens.leader!, { assigneeAccountId: people.ids.specialist, title: 'Tổng hợp báo cáo', deadline: inHours(24) });
  keys.statistics = await key('Thống kê', ['statistics:read']);
  keys.everything = await key('Mọi phạm vi', ['statistics:read', 'registers:read', 'services:read', 'portal:submit', 'webhooks:manage']);
  keys.noStatistics = await key('Không thống kê', ['registers:read']);
  keys.other = await key('Cơ quan khác', ['statistics:read'], await app.login('ducdd.khac'));
});
afterAll(() => app?.close());

describe('document statistics', () => {
  it('a key counts the documents of record by direction and kind, leaving the classified one out', async () => {
    const answer = await app.gql(DOCUMENTS, { input: year, by: ['DIRECTION', 'KIND'] }, keys.statistics);
    expect(answer.errors).toBeUndefined();
    const [expected] = await app.db.orm.em.fork().execute<{ congvan: number; quyetdinh: number }[]>(
      `select count(*) filter (where kind = 'CONG_VAN')::int as congvan, count(*) filter (where kind = 'QUYET_DINH')::int as quyetdinh
         from document where direction = 'INCOMING' and confidentiality = 'NONE' and status <> 'WITHDRAWN'`,
    );
    expect(answer.data?.documentStatistics).toEqual([
      { period: month, direction: 'INCOMING', kind: 'CONG_VAN', urgency: null, channel: null, unitId: null, count: expected!.congvan },
      { period: month, direction: 'INCOMING', kind: 'QUYET_DINH', urgency: null, channel: null, unitId: null, count: expected!.quyetdinh },
    ]);
    expect(expected!.congvan).toBe(2);
  });

  it('with every scope, no path of a key counts a classified document', async () => {
    for (const by of [[], ['DIRECTION'], ['KIND'], ['URGENCY'], ['CHANNEL'], ['UNIT'], ['DIRECTION', 'KIND', 'URGENCY', 'CHANNEL', 'UNIT']]) {
      for (const period of ['DAY', 'MONTH', 'QUARTER', 'YEAR']) {
        const answer = await app.gql(DOCUMENTS, { input: { ...year, period }, by }, keys.everything);
        expect(total(answer.data!.documentStatistics), `${by} ${period}`).toBe(3);
      }
    }
    const handling = await app.gql(HANDLING, { input: year }, keys.everything);
    expect(handling.data?.handlingStatistics).toEqual([{ period: month, received: 1, handledOnTime: 0, handledLate: 0, stillOpen: 1, openOverdue: 0 }]);
  });

  it('a person counts what they may see: the leader the classified one too, the specialist what was handed to them', async () => {
    const leader = await app.gql(DOCUMENTS, { input: year, by: [] }, people.tokens.leader);
    expect(leader.data?.documentStatistics).toEqual([expect.objectContaining({ period: month, count: 4 })]);
    for (const who of ['specialist', 'clerk', 'confidentialClerk', 'unitHead']) {
      const figures = await app.gql(DOCUMENTS, { input: year, by: [] }, people.tokens[who]);
      const listed = await app.gql('{ documents(first: 1) { totalCount } }', {}, people.tokens[who]);
      expect(total(figures.data!.documentStatistics), who).toBe(listed.data!.documents.totalCount);
    }
    const handling = await app.gql(HANDLING, { input: year }, people.tokens.leader);
    expect(handling.data?.handlingStatistics).toEqual([{ period: month, received: 2, handledOnTime: 0, handledLate: 0, stillOpen: 2, openOverdue: 0 }]);
  });

  it('labels periods by day, quarter and year', async () => {
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    for (const [period, label] of [['DAY', today], ['QUARTER', quarter], ['YEAR', today.slice(0, 4)]]) {
      const answer = await app.gql(DOCUMENTS, { input: { ...year, period }, by: [] }, keys.statistics);
      expect(answer.data?.documentStatistics, period).toEqual([expect.objectContaining({ period: label, count: 3 })]);
    }
  });
});

describe('tasks', () => {
  it('counts tasks by period for a key and for a person who sees them', async () => {
    const byKey = await app.gql(TASKS, { input: year }, keys.statistics);
    expect(byKey.data?.taskStatistics).toEqual([{ period: month, assigned: 1, doneOnTime: 0, doneLate: 0, open: 1, openOverdue: 0, cancelled: 0 }]);
    const byAssignee = await app.gql(TASKS, { input: year }, people.tokens.specialist);
    expect(byAssignee.data?.taskStatistics).toEqual(byKey.data?.taskStatistics);
    const byClerk = await app.gql(TASKS, { input: year }, people.tokens.clerk);
    expect(byClerk.data?.taskStatistics).toEqual([]);
  });
});

describe('one statement each', () => {
  it('a key costs its authentication and one aggregate statement per figure', async () => {
    for (const query of [DOCUMENTS, HANDLING, TASKS]) {
      const tap = tapStatements();
      const answer = await app.gql(query, { input: year, by: ['DIRECTION', 'KIND', 'UNIT'] }, keys.statistics);
      tap.close();
      expect(answer.errors).toBeUndefined();
      const aggregates = tap.statements.filter((sql) => /count\(\*\)/.test(sql));
      expect(aggregates, query).toHaveLength(1);
      expect(tap.statements.filter((sql) => !/^(begin|commit)/i.test(sql.trim())), query).toHaveLength(2);
    }
  });
});

describe('refusals', () => {
  it('a key without statistics:read is FORBIDDEN, with nothing read', async () => {
    for (const query of [DOCUMENTS, HANDLING, TASKS]) {
      const answer = await app.gql(query, { input: year, by: [] }, keys.noStatistics);
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(answer.data ?? null).toBeNull();
    }
  });

  it("another organisation's key counts nothing of this one", async () => {
    for (const query of [DOCUMENTS, HANDLING, TASKS]) {
      const answer = await app.gql(query, { input: year, by: [] }, keys.other);
      expect(answer.errors).toBeUndefined();
      expect(Object.values(answer.data!)[0]).toEqual([]);
    }
  });

  it('refuses a span over five years, reversed or malformed dates, as BAD_USER_INPUT', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2020-01-01', to: '2025-01-01' }, 'input.to'],
      [{ from: '2026-05-01', to: '2026-04-30' }, 'input.to'],
      [{ from: '2026-02-30', to: '2026-04-30' }, 'input.from'],
      [{ from: '2026-01-01', to: 'next year' }, 'input.to'],
    ];
    for (const [input, argument] of cases) {
      const answer = await app.gql(DOCUMENTS, { input, by: [] }, keys.statistics);
      const code = answer.errors?.[0]?.extensions?.code;
      expect(['BAD_USER_INPUT'], JSON.stringify(input)).toContain(code);
      if (answer.errors?.[0]?.extensions?.argument) expect(answer.errors[0].extensions.argument).toBe(argument);
      expect(answer.data?.documentStatistics ?? null).toBeNull();
    }
    const fiveYears = await app.gql(DOCUMENTS, { input: { from: '2020-01-01', to: '2024-12-31', period: 'YEAR' }, by: [] }, keys.statistics);
    expect(fiveYears.errors).toBeUndefined();
  });
});
