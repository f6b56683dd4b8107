import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { QUIET_WINDOW_MS } from '../support/wait.ts';
import { registerIncoming } from '../support/operations.ts';

/** Notices over HTTP and graphql-ws: audiences, read state, live delivery that leaks nothing, catch-up. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const SEND = `mutation ($input: SendNoticeInput!) { sendNotice(input: $input) { recipients userErrors { field code message } } }`;
const RECEIVED = `subscription ($since: String) { noticeReceived(since: $since) { id cursor text sender { username } document { id } } }`;

beforeAll(async () => {
  app = await startTestApp();
  await addOrganisation(app);
  for (const [role, username] of [...Object.entries(DEMO), ['otherLeader', 'minhnv.khac']] as [string, string][]) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id unit { id } } }', {}, tokens[role])).data!.me.id;
  }
});
afterAll(() => app?.close());

async function unitId(code: string): Promise<string> {
  const units = (await app.gql('{ organisation { units { id code } } }', {}, tokens.leader)).data!.organisation.units;
  return units.find((unit: { code: string }) => unit.code === code).id;
}

describe('notices', () => {
  it('reaches people, units with their sub-units, or everyone, with read state and an unread count', async () => {
    const toUnit = await app.gql(SEND, { input: { audience: 'UNITS', audienceIds: [await unitId('VP')], text: 'Họp Văn phòng 14h' } }, tokens.leader);
    // VP and its sub-units (CNTT, TTIN, MC): leader, deputy, two clerks, IT officer, two mailbox people, one-stop desk.
    expect(toUnit.data?.sendNotice).toEqual({ recipients: 8, userErrors: [] });
    await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.specialist], text: 'Nhắc nộp báo cáo' } }, tokens.unitHead);
    await app.gql(SEND, { input: { audience: 'EVERYONE', text: 'Nghỉ lễ Quốc khánh' } }, tokens.leader);

    const mine = await app.gql('{ unreadNoticeCount myNotices(first: 10) { totalCount nodes { id text sender { username } readAt } } }', {}, tokens.specialist);
    expect(mine.data?.unreadNoticeCount).toBe(2);
    expect(mine.data?.myNotices.nodes.map((n: { text: string }) => n.text)).toEqual(['Nghỉ lễ Quốc khánh', 'Nhắc nộp báo cáo']);
    const read = await app.gql('mutation ($id: ID!) { markNoticeRead(input: { id: $id }) { notice { readAt } userErrors { code } } }', { id: mine.data!.myNotices.nodes[1].id }, tokens.specialist);
    expect(read.data?.markNoticeRead.notice.readAt).toBeTruthy();
    expect((await app.gql('{ unreadNoticeCount }', {}, tokens.specialist)).data?.unreadNoticeCount).toBe(1);
    const all = await app.gql('mutation { markAllNoticesRead { marked } }', {}, tokens.specialist);
    expect(all.data?.markAllNoticesRead.marked).toBe(1);
    // Someone else's notice reads as missing; another organisation got none of them.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: mine.data!.myNotices.nodes[0].id }, tokens.clerk)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql('{ myNotices(first: 5) { totalCount } }', {}, tokens.otherLeader)).data?.myNotices.totalCount).toBe(0);
  });

  it('refuses bad input and sends nothing', async () => {
    const before = (await app.gql('{ unreadNoticeCount }', {}, tokens.specialist)).data?.unreadNoticeCount;
    for (const [input, code] of [
      [{ audience: 'PEOPLE', audienceIds: [], text: 'x' }, 'REQUIRED'],
      [{ audience: 'EVERYONE', text: '  ' }, 'REQUIRED'],
      [{ audience: 'EVERYONE', text: 'x'.repeat(2001) }, 'TOO_LONG'],
      [{ audience: 'PEOPLE', audienceIds: [ids.otherLeader], text: 'Sang cơ quan khác' }, 'NOT_FOUND'],
    ] as const) {
      const result = await app.gql(SEND, { input }, tokens.unitHead);
      expect(result.data?.sendNotice.userErrors[0].code, JSON.stringify(input)).toBe(code);
    }
    expect((await app.gql('{ unreadNoticeCount }', {}, tokens.specialist)).data?.unreadNoticeCount).toBe(before);
  });

  it('arrives live to its recipients only, and a linked document only to those who may see it', async () => {
    const documentId = (await registerIncoming(app, tokens.clerk!, { numberNotation: '8/UBND-VX', issuedOn: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10), subject: 'Về lễ hội', handedToAccountIds: [ids.specialist] })).id;
    const specialist = app.ws(tokens.specialist!).client.iterate({ query: RECEIVED });
    const informationLead = app.ws(tokens.informationLead!).client.iterate({ query: RECEIVED });
    const outsider = app.ws(tokens.otherLeader!).client.iterate({ query: RECEIVED });
    const outsiderGot: unknown[] = [];
    void (async () => {
      for await (const value of outsider) outsiderGot.push(value);
    })();
    await app.listening(3);

    // A refused send (rolled back) notifies nobody; the next one arrives first.
    await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [], text: 'không gửi được' } }, tokens.unitHead);
    await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.specialist, ids.informationLead], text: 'Xem văn bản về lễ hội', documentId } }, tokens.unitHead);
    const forSpecialist = (await specialist.next()).value;
    const forLead = (await informationLead.next()).value;
    expect(forSpecialist.data.noticeReceived).toMatchObject({ text: 'Xem văn bản về lễ hội', sender: { username: DEMO.unitHead }, document: { id: documentId } });
    // The information lead may not see the document: the notice comes without it.
    expect(forLead.data.noticeReceived).toMatchObject({ text: 'Xem văn bản về lễ hội', document: null });
    await specialist.return?.();
    await informationLead.return?.();
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    await outsider.return?.();
    expect(outsiderGot).toEqual([]);
  });

  it('links a task or a work file the sender can see, shown to recipients who can see it too', async () => {
    const task = (
      await app.gql(
        'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
        { input: { title: 'Chuẩn bị báo cáo quý', assigneeAccountId: ids.specialist, deadline: new Date(Date.now() + 86_400_000).toISOString() } },
        tokens.leader,
      )
    ).data!.assignTask.task.id;
    const workFile = (
      await app.gql(
        'mutation ($input: OpenWorkFileInput!) { openWorkFile(input: $input) { workFile { id } userErrors { code } } }',
        { input: { code: 'HS.TB.01', title: 'Hồ sơ báo cáo quý', retention: { years: 5 } } },
        tokens.specialist,
      )
    ).data!.openWorkFile.workFile.id;
    const sent = await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.leader, ids.informationLead], text: 'Báo cáo quý đang làm', taskId: task, workFileId: workFile } }, tokens.specialist);
    expect(sent.data?.sendNotice).toEqual({ recipients: 2, userErrors: [] });
    const LATEST = '{ myNotices(first: 1) { nodes { text kind sender { username } task { id } workFile { id } } } }';
    expect((await app.gql(LATEST, {}, tokens.leader)).data!.myNotices.nodes[0]).toEqual({
      text: 'Báo cáo quý đang làm',
      kind: 'MESSAGE',
      sender: { username: DEMO.specialist },
      task: { id: task },
      workFile: { id: workFile },
    });
    expect((await app.gql(LATEST, {}, tokens.informationLead)).data!.myNotices.nodes[0]).toMatchObject({ text: 'Báo cáo quý đang làm', task: null, workFile: null });
    // One cannot link what one cannot see: answered as missing, nothing sent.
    const before = (await app.gql('{ unreadNoticeCount }', {}, tokens.deputy)).data!.unreadNoticeCount;
    for (const [field, id] of [['taskId', task], ['workFileId', workFile]] as const) {
      const refused = await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.deputy], text: 'Thử', [field]: id } }, tokens.informationLead);
      expect(refused.data?.sendNotice.userErrors, field).toEqual([expect.objectContaining({ field: ['input', field], code: 'NOT_FOUND' })]);
    }
    expect((await app.gql('{ unreadNoticeCount }', {}, tokens.deputy)).data!.unreadNoticeCount).toBe(before);
  });

  it('arrives in the order sent, each once, when many come one after another', async () => {
    const stream = app.ws(tokens.deputy!).client.iterate({ query: RECEIVED });
    const first = stream.next();
    await app.listening(1);
    const texts = Array.from({ length: 30 }, (_, i) => `Nhắc việc số ${i + 1}`);
    // Not awaited one by one: the sends overlap the deliveries, so reads are batched.
    const sending = (async () => {
      for (const text of texts) await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.deputy], text } }, tokens.leader);
    })();
    const received = [(await first).value.data.noticeReceived.text];
    while (received.length < texts.length) received.push((await stream.next()).value.data.noticeReceived.text);
    await sending;
    expect(received).toEqual(texts);
    // Nothing came twice: the next thing to arrive is the next notice.
    await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.deputy], text: 'Hết' } }, tokens.leader);
    expect((await stream.next()).value.data.noticeReceived.text).toBe('Hết');
    await stream.return?.();
  });

  it('catches up after a reconnection: everything missed since the last cursor, in order', async () => {
    const first = await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.clerk], text: 'Một' } }, tokens.leader);
    expect(first.data?.sendNotice.userErrors).toEqual([]);
    const last = (await app.gql('{ myNotices(first: 1) { nodes { cursor text } } }', {}, tokens.clerk)).data!.myNotices.nodes[0];
    expect(last.text).toBe('Một');
    for (const text of ['Hai', 'Ba', 'Bốn']) await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.clerk], text } }, tokens.leader);
    const stream = app.ws(tokens.clerk!).client.iterate({ query: RECEIVED, variables: { since: last.cursor } });
    const texts: string[] = [];
    for (let i = 0; i < 3; i += 1) texts.push((await stream.next()).value.data.noticeReceived.text);
    expect(texts).toEqual(['Hai', 'Ba', 'Bốn']);
    await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [ids.clerk], text: 'Năm' } }, tokens.leader);
    expect((await stream.next()).value.data.noticeReceived.text).toBe('Năm');
    await stream.return?.();
  });
});
