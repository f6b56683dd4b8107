import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tapStatements } from '../../src/db/query-counter.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * One event costs the same SQL statements whether 5 or 36 connections subscribe to it: the
 * instance reads it once and checks each subscriber in memory (server/fan-out.ts). Counted over
 * the whole process, from the mutation that causes it to the last subscriber's receipt.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  await addOrganisation(app);
  for (const [role, username] of [...Object.entries(DEMO), ['outsider', 'minhnv.khac']] as [string, string][]) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
});
afterAll(() => app?.close());

interface Watcher {
  role: string;
  received: any[];
  stop(): Promise<void>;
}

/** `count` subscriptions, each on its own connection, over the given roles in turn. */
async function watch(roles: string[], count: number, query: string): Promise<Watcher[]> {
  if (count === 0) return [];
  const before = app.server.liveSubscriptions();
  const watchers = Array.from({ length: count }, (_, index) => {
    const role = roles[index % roles.length]!;
    const received: any[] = [];
    const iterator = app.ws(tokens[role]!).client.iterate({ query });
    const done = (async () => {
      for await (const value of iterator) received.push(value);
    })();
    return { role, received, stop: async () => { await iterator.return?.(); await done.catch(() => {}); } };
  });
  // Listening on the server, so that the event cannot come before them.
  while (app.server.liveSubscriptions() < before + count) await new Promise((resolve) => setTimeout(resolve, 10));
  return watchers;
}

async function stopAll(watchers: Watcher[]) {
  for (const watcher of watchers) await watcher.stop();
  while (app.server.liveSubscriptions() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The statements from `act` until every watcher expected to hear of it has, and a little after. */
async function statementsUntilDelivered(watchers: Watcher[], expected: (watcher: Watcher) => boolean, act: () => Promise<unknown>) {
  const tap = tapStatements();
  try {
    await act();
    const deadline = Date.now() + 10_000;
    while (!watchers.filter(expected).every((watcher) => watcher.received.length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Anything late (a second read, a stray delivery) would land here.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return [...tap.statements];
  } finally {
    tap.close();
  }
}

const SEND = `mutation ($input: SendNoticeInput!) { sendNotice(input: $input) { recipients userErrors { code } } }`;
const NOTICE = 'subscription { noticeReceived { id cursor text readAt audience sender { username fullName unit { name } } document { id subject status } } }';
const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { code } } }`;
const CHANGED = 'subscription { documentChanged { id subject status numberNotation handedTo { username unit { name } } register { name } registeredBy { fullName } } }';

describe('statements per subscription event', () => {
  it('delivers a notice to everyone with the same statements for a few subscribers as for six times as many, and to no one outside', async () => {
    const documentId = (
      await app.gql(
        REGISTER,
        { input: { kind: 'CONG_VAN', numberNotation: '1/UBND-TB', issuingOrgan: 'UBND tỉnh', issuedOn: today(), subject: 'Kèm thông báo', handedToAccountIds: [ids.specialist] } },
        tokens.clerk,
      )
    ).data!.registerIncomingDocument.document.id;
    const roles = ['specialist', 'unitHead', 'leader', 'clerk', 'informationLead', 'itOfficer'];
    const run = async (count: number) => {
      const watchers = [...(await watch(roles, count, NOTICE)), ...(await watch(['outsider'], 1, NOTICE))];
      const statements = await statementsUntilDelivered(
        watchers,
        (watcher) => watcher.role !== 'outsider',
        () => app.gql(SEND, { input: { audience: 'EVERYONE', text: `Gửi ${count} người`, documentId } }, tokens.leader),
      );
      await stopAll(watchers);
      return { watchers, statements };
    };
    const none = await run(0);
    const few = await run(roles.length);
    const many = await run(roles.length * 6);

    expect(none.watchers.map((watcher) => watcher.received)).toEqual([[]]);
    for (const { watchers } of [few, many]) {
      for (const watcher of watchers) {
        if (watcher.role === 'outsider') expect(watcher.received).toEqual([]);
        else expect(watcher.received).toHaveLength(1);
      }
      // Each gets their own copy, and the document only if they may see it.
      const byRole = Object.fromEntries(watchers.map((watcher) => [watcher.role, watcher.received[0]?.data?.noticeReceived]));
      expect(byRole.specialist.document).toMatchObject({ subject: 'Kèm thông báo' });
      expect(byRole.informationLead.document).toBeNull();
      expect(byRole.specialist.id).not.toBe(byRole.leader.id);
    }
    // Beyond the send itself (what it costs with no one listening): one read each of the
    // deliveries with their notice, the sender, the sender's unit and the document, for everyone.
    const delivery = (run: { statements: string[] }) => run.statements.length - none.statements.length;
    expect(delivery(many)).toBe(delivery(few));
    expect(delivery(many)).toBeLessThanOrEqual(4);
  });

  it('sends a document change with the same statements for a few subscribers as for six times as many, and only to those who may see it', async () => {
    const roles = ['specialist', 'unitHead', 'leader', 'clerk', 'informationLead'];
    let number = 0;
    const run = async (count: number) => {
      const watchers = await watch(roles, count, CHANGED);
      number += 1;
      const statements = await statementsUntilDelivered(
        watchers,
        (watcher) => watcher.role !== 'informationLead',
        () =>
          app.gql(
            REGISTER,
            { input: { kind: 'CONG_VAN', numberNotation: `${number}/UBND-VP`, issuingOrgan: 'UBND huyện', issuedOn: today(), subject: 'Về lịch họp', handedToAccountIds: [ids.specialist] } },
            tokens.clerk,
          ),
      );
      await stopAll(watchers);
      return { watchers, statements };
    };
    const none = await run(0);
    const few = await run(roles.length);
    const many = await run(roles.length * 6);

    for (const { watchers } of [few, many]) {
      for (const watcher of watchers) {
        // The information lead neither handles it nor keeps a register: nothing at all.
        if (watcher.role === 'informationLead') expect(watcher.received).toEqual([]);
        else expect(watcher.received.map((value) => value.data.documentChanged.subject)).toEqual(['Về lịch họp']);
      }
    }
    // Beyond the registration itself: one read each of the document, its register, the accounts
    // on it and their unit, for everyone.
    const delivery = (run: { statements: string[] }) => run.statements.length - none.statements.length;
    expect(delivery(many)).toBe(delivery(few));
    expect(delivery(many)).toBeLessThanOrEqual(4);
  });
});
