import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, errorCollectingLog, startTestApp, type TestApp } from '../support/app.ts';

/**
 * A client's mistakes are answered as such (issue 22, point 3): a 4xx or a stable code, never an
 * INTERNAL_SERVER_ERROR, and nothing in the server's log at error level.
 */
let app: TestApp;
let token: string;
const collected = errorCollectingLog();

beforeAll(async () => {
  app = await startTestApp({ log: collected.log });
  token = await app.login(DEMO.clerk);
});
afterAll(() => app?.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const nestedFragments = (n: number) => `{ ${'... on Query { '.repeat(n)}me { id }${' }'.repeat(n)} }`;

/** Opens a graphql-ws connection by hand, acknowledged, for frames a well-behaved client never sends. */
async function rawSocket() {
  const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await expect.poll(() => messages.some((message) => message.type === 'connection_ack')).toBe(true);
  return { socket, messages, closed };
}

describe('mistakes over HTTP', () => {
  it.each([1000, 5000, 50_000])('refuses %i nested inline fragments with 400 QUERY_TOO_NESTED, before parsing', async (n) => {
    const { status, body } = await post({ query: nestedFragments(n) });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_NESTED');
  });

  it('refuses deeply nested list values and a query past the token limit with a 400', async () => {
    const lists = await post({ query: `{ documents(filter: { kind: ${'['.repeat(5000)}"x"${']'.repeat(5000)} }) { totalCount } }` });
    expect(lists.status).toBe(400);
    expect(lists.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_NESTED');
    const long = await post({ query: `{ ${'me { id } '.repeat(5000)} }` });
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    // GET reads its query from the address; it is checked the same way.
    const response = await fetch(`${app.url}?query=${encodeURIComponent(nestedFragments(200))}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(400);
  });

  it('still answers a legitimately nested query', async () => {
    const { status, body } = await post({ query: nestedFragments(3) });
    expect(status).toBe(200);
    expect(body.data?.me.id).toBeTruthy();
  });

  it('refuses a subscription sent by POST with 400 SUBSCRIPTION_OVER_HTTP', async () => {
    const { status, body } = await post({ query: 'subscription { noticeReceived { id } }' });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: expect.stringContaining('WebSocket'), extensions: { code: 'SUBSCRIPTION_OVER_HTTP' } }]);
  });

  it.each([20_000, -1, 4000.5])('refuses addWorkingHours(hours: %d) as BAD_USER_INPUT', async (hours) => {
    const { status, body } = await post({ query: 'query ($h: Float!) { workingCalendar { addWorkingHours(from: "2026-12-01T01:00:00Z", hours: $h) } }', variables: { h: hours } });
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'hours' });
  });

  it('refuses addWorkingHours from the year 9999, and counts a sensible one', async () => {
    const far = await post({ query: '{ workingCalendar { addWorkingHours(from: "9999-12-01T01:00:00Z", hours: 8) } }' });
    expect(far.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    const near = await post({ query: '{ workingCalendar { addWorkingHours(from: "2026-12-01T01:00:00Z", hours: 4000) } }' });
    expect(near.body.errors).toBeUndefined();
    expect(near.body.data?.workingCalendar.addWorkingHours).toMatch(/^20(28|29)-/);
  });

  it('refuses a wrong persisted-query hash or version with a 400 and a code of its own', async () => {
    const wrongHash = await post({ query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_HASH_MISMATCH' });
    const wrongVersion = await post({ query: '{ me { id } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_VERSION_UNSUPPORTED' });
  });
});

describe('mistakes over WebSocket', () => {
  it('closes on a client `next` frame with 4400, not 4500', async () => {
    const { socket, closed } = await rawSocket();
    socket.send(JSON.stringify({ type: 'next', id: '1', payload: {} }));
    expect(await closed).toEqual({ code: 4400, reason: 'Invalid message received' });
  });

  it('answers a deeply nested subscription with QUERY_TOO_NESTED and keeps the connection', async () => {
    const { socket, messages } = await rawSocket();
    // 2,000 levels: 44 kB, under the 64 kB a frame may hold.
    const query = `subscription { ${'... on Subscription { '.repeat(2000)}noticeReceived { id }${' }'.repeat(2000)} }`;
    socket.send(JSON.stringify({ type: 'subscribe', id: 'deep', payload: { query } }));
    await expect.poll(() => messages.find((message) => message.id === 'deep')).toMatchObject({ type: 'error' });
    expect(messages.find((message) => message.id === 'deep').payload[0].extensions.code).toBe('QUERY_TOO_NESTED');
    socket.send(JSON.stringify({ type: 'ping' }));
    await expect.poll(() => messages.some((message) => message.type === 'pong')).toBe(true);
    socket.close();
  });
});

describe('the server log', () => {
  it('holds no error for any of these mistakes', () => {
    expect(collected.errors).toEqual([]);
  });
});
