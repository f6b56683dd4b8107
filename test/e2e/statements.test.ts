import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { countStatements } from '../../src/db/query-counter.ts';
import { createAccount } from '../../src/areas/accounts/account-service.ts';
import { DEMO_PEOPLE, UNITS } from '../../src/provisioning/demo.ts';
import { Organisation } from '../../src/core/organisation.ts';
import { Unit } from '../../src/areas/accounts/unit.ts';
import { systemActor } from '../../src/core/actor.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * No N+1: a page of accounts with their units, parent units and effective rights costs the same
 * number of SQL statements for 5 rows as for 50.
 */
let app: TestApp;
const schema = buildSchema();
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  app = await startTestApp();
  await app.db.orm.em.fork().transactional(async (em) => {
    const organisation = await em.findOneOrFail(Organisation, { usernameSuffix: 'sct' });
    em.setFilterParams('tenant', { organisationId: organisation.id });
    const units = await em.find(Unit, {});
    for (let i = 0; i < 60; i += 1) {
      await createAccount(em, systemActor(organisation.id), {
        fullName: `Trần Văn Thử ${i}`,
        unitId: units[i % units.length]!.id,
        title: 'SPECIALIST',
        roles: ['SPECIALIST'],
        initialPassword: 'Strong#Pass2026',
      });
    }
  });
});
afterAll(() => app?.close());

async function run(token: string, query: string, variables: Record<string, unknown> = {}) {
  const authentication = await authenticate(app.db.orm.em.fork(), token);
  const contextValue = createContext(app.db.orm, 'statements-test', silent, authentication.viewer, null);
  const { result, statements } = await countStatements(() =>
    Promise.resolve(execute({ schema, document: parse(query), contextValue, variableValues: variables })),
  );
  expect(result.errors).toBeUndefined();
  return { data: result.data as any, statements };
}

const PAGE = `query ($first: Int!) {
  accounts(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { username fullName unit { name code parent { name } } effectiveRoles actingFor { username } viewerCanManage }
  }
}`;

describe('statements per operation', () => {
  it('reads a page of accounts with units, parents and rights in a fixed number of statements', async () => {
    const token = await app.login(DEMO.itOfficer);
    const small = await run(token, PAGE, { first: 5 });
    const large = await run(token, PAGE, { first: 50 });
    expect(small.data.accounts.nodes).toHaveLength(5);
    expect(large.data.accounts.nodes).toHaveLength(50);
    expect(large.data.accounts.totalCount).toBe(DEMO_PEOPLE.length + 60);
    expect(large.statements.length).toBe(small.statements.length);
    // count, page, units, parent units, delegations in force
    expect(large.statements.length).toBeLessThanOrEqual(5);
  });

  it('reads the unit tree in a fixed number of statements', async () => {
    const token = await app.login(DEMO.specialist);
    const { data, statements } = await run(token, '{ organisation { name units { name children { name } parent { name } } } }');
    expect(data.organisation.units.length).toBe(UNITS.length);
    expect(statements.length).toBeLessThanOrEqual(4);
  });
});

describe('statements for a page of documents', () => {
  it('reads 50 documents with register, files and reply links in at most 6 statements, as for 5', async () => {
    const clerk = await app.login(DEMO.clerk);
    const specialist = await app.login(DEMO.specialist);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 55; i += 1) {
      const upload = await app.upload(clerk, new TextEncoder().encode(`%PDF-1.4\n% ${i}\n%%EOF\n`), `van-ban-${i}.pdf`);
      const registered = await app.gql(
        `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { code } } }`,
        { input: { kind: 'CONG_VAN', numberNotation: `${i + 1}/UBND-TH`, issuingOrgan: 'UBND huyện', issuedOn: today, subject: `Văn bản thử ${i}`, fileIds: [upload.body.id] } },
        clerk,
      );
      if (i % 5 === 0) {
        await app.gql(
          `mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { userErrors { code } } }`,
          { input: { kind: 'CONG_VAN', subject: `Trả lời ${i}`, replyToId: registered.data!.registerIncomingDocument.document.id } },
          specialist,
        );
      }
    }
    const leader = await app.login(DEMO.leader);
    const PAGE = `query ($first: Int!) {
      documents(first: $first, filter: { direction: INCOMING }) {
        totalCount
        nodes { numberNotation issuingOrgan subject register { code } files { version file { fileName size } } replyTo { id } replies { id } }
      }
    }`;
    const small = await run(leader, PAGE, { first: 5 });
    const large = await run(leader, PAGE, { first: 50 });
    expect(large.data.documents.nodes).toHaveLength(50);
    expect(large.data.documents.nodes.every((node: { files: unknown[] }) => node.files.length === 1)).toBe(true);
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(6);
  }, 60_000);
});

describe('statements for my work and the handling report', () => {
  it('reads a start page and the report in the same number of statements whatever the amount of work', async () => {
    const clerk = await app.login(DEMO.clerk);
    const leader = await app.login(DEMO.leader);
    const specialist = await app.login(DEMO.specialist);
    const specialistId = (await app.gql('{ me { id } }', {}, specialist)).data!.me.id;
    const units = (await app.gql('{ organisation { units { id code } } }', {}, leader)).data!.organisation.units;
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const WORK = `query ($first: Int!) { myWork {
      counts { waiting overdue dueToday assignedByMe assignedByMeOverdue tasks tasksOverdue }
      waiting(first: $first) { totalCount nodes { role deadline overdue status assignedBy { fullName } direction { note author { fullName } } document { subject numberNotation } } }
      units { unit { code } open overdue doneThisMonth }
    } }`;
    const REPORT = `query ($day: LocalDate!) { handlingReport(from: $day, to: $day) {
      total { received handledOnTime }
      byPerson { account { fullName unit { name } } unit { code } received handledOnTime handledLate stillOpen openOverdue }
      byUnit { unit { code name } received stillOpen }
    } }`;
    const direct = async (count: number, offset: number) => {
      for (let i = 0; i < count; i += 1) {
        const registered = await app.gql(
          `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } } }`,
          { input: { kind: 'CONG_VAN', numberNotation: `${offset + i + 1}/STC-NS`, issuingOrgan: 'Sở Tài chính', issuedOn: today, subject: `Việc thử ${offset + i}` } },
          clerk,
        );
        const unit = units[(offset + i) % units.length];
        await app.gql(
          `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { userErrors { code } } }`,
          {
            input: {
              documentId: registered.data!.registerIncomingDocument.document.id,
              note: `Chỉ đạo ${offset + i}`,
              assignees: [{ accountId: specialistId, role: 'LEAD', deadline: new Date(Date.now() + 86_400_000).toISOString() }, { unitId: unit.id, role: 'COORDINATE' }],
            },
          },
          leader,
        );
      }
    };
    await direct(5, 0);
    const fewWork = await run(specialist, WORK, { first: 5 });
    const fewReport = await run(leader, REPORT, { day: today });
    await direct(50, 5);
    const manyWork = await run(specialist, WORK, { first: 50 });
    const manyReport = await run(leader, REPORT, { day: today });
    expect(manyWork.data.myWork.waiting.nodes).toHaveLength(50);
    expect(manyWork.data.myWork.counts.waiting).toBe(55);
    expect(manyReport.data.handlingReport.total.received).toBe(110);
    expect(manyWork.statements.length).toBe(fewWork.statements.length);
    expect(manyReport.statements.length).toBe(fewReport.statements.length);
    // counts (assignments in one, tasks in two) + page + its count + directions + accounts + documents + registers + units
    expect(manyWork.statements.length).toBeLessThanOrEqual(10);
    // the report (one statement) + accounts + units (+ parent units)
    expect(manyReport.statements.length).toBeLessThanOrEqual(4);
  }, 120_000);
});
