import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Two server processes on one database: a notice sent through one reaches a subscriber connected
 * to the other (PostgreSQL LISTEN/NOTIFY on commit), and a refused send reaches nobody.
 */
let app: TestApp;
let second: ChildProcess;
let secondUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  const port = await freePort();
  second = spawn(process.execPath, ['src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: app.db.url, PORT: String(port), HOST: '127.0.0.1', DEMO: 'false', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`second instance did not start:\n${output}`)), 60_000);
    second.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Vanthu is serving GraphQL')) {
        clearTimeout(timer);
        resolve();
      }
    });
    second.stderr?.on('data', (chunk) => (output += chunk));
    second.once('exit', (code) => reject(new Error(`second instance exited ${code}:\n${output}`)));
  });
  secondUrl = `ws://127.0.0.1:${port}/graphql`;
}, 90_000);

afterAll(async () => {
  if (second && second.exitCode === null) {
    const exited = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await exited;
  }
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
