import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { startInstance, type Instance } from '../support/instance.ts';

/**
 * Two server processes on one database: a notice sent through one reaches a subscriber connected
 * to the other (PostgreSQL LISTEN/NOTIFY on commit), and a refused send reaches nobody.
 */
let app: TestApp;
let second: Instance | undefined;
let secondUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  second = await startInstance(app.db.url);
  secondUrl = second.wsUrl;
}, 90_000);

afterAll(async () => {
  await second?.stop();
  await app?.close();
});

describe('two instances', () => {
  it('delivers a notice sent through one instance to a subscriber of the other, and a rolled-back one to nobody', async () => {
    const sender = await app.login(DEMO.leader);
    const receiver = await app.login(DEMO.specialist);
    const receiverId = (await app.gql('{ me { id } }', {}, receiver)).data!.me.id;
    const client = createClient({ url: secondUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${receiver}` } });
    const stream = client.iterate<{ noticeReceived: { text: string } }>({ query: 'subscription { noticeReceived { text } }' });
    const first = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const SEND = `mutation ($input: SendNoticeInput!) { sendNotice(input: $input) { recipients userErrors { code } } }`;
    const refused = await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [receiverId], text: 'x'.repeat(2001) } }, sender);
    expect(refused.data?.sendNotice.userErrors).toEqual([{ code: 'TOO_LONG' }]);
    const sent = await app.gql(SEND, { input: { audience: 'PEOPLE', audienceIds: [receiverId], text: 'Từ máy chủ thứ nhất' } }, sender);
    expect(sent.data?.sendNotice.recipients).toBe(1);

    // The first thing to arrive is the committed notice: the refused one never reached the bus.
    expect((await first).value?.data?.noticeReceived.text).toBe('Từ máy chủ thứ nhất');
    await stream.return?.();
    await client.dispose();
  });
});
