import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Graceful shutdown: stop() lets a request in flight finish, closes open WebSockets with 1001
 * (going away), stops accepting connections, and returns. This file stops its server itself and
 * then closes its database (the harness's close() would stop the server a second time).
 */
let app: TestApp;
let databaseClosed = false;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  if (databaseClosed || !app) return;
  await app.server.stop().catch(() => {});
  await app.db.close();
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A GraphQL POST whose body is sent in two parts: the server has the request (headers and half
 * the body) when `finish` is called later, so the request is in flight across the shutdown.
 */
function slowRequest(query: string, token: string) {
  const url = new URL(app.url);
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  let received: () => void = () => {};
  let sendRest: () => void = () => {};
  const started = new Promise<void>((resolve) => (received = resolve));
  const response = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${token}` },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), connection: answer.headers.connection }),
        );
        answer.on('error', reject);
      },
    );
    request.on('error', reject);
    request.write(body.subarray(0, half), () => received());
    sendRest = () => request.end(body.subarray(half));
  });
  return { started, response, finish: () => sendRest() };
}

describe('graceful shutdown', () => {
  it('finishes the request in flight, closes WebSockets with 1001 and refuses new connections', async () => {
    const token = await app.login(DEMO.specialist);
    const { client, closed } = app.ws(token);
    const subscription = client.iterate({ query: 'subscription { myAccountChanged { username } }' });
    const firstEvent = subscription.next();
    // The socket is up and the subscription registered: a query over it is answered with an error.
    await expect(client.iterate({ query: '{ __typename }' }).next()).rejects.toBeDefined();
    expect(app.server.connectionCount()).toBe(1);

    const inFlight = slowRequest('{ me { username } }', token);
    await inFlight.started;
    // Let the server read the headers and start on the request.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const listeners = () =>
      app.db.orm.em
        .fork()
        .execute(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'`)
        .then((rows) => (rows[0] as { n: number }).n);
    expect(await listeners()).toBe(1);

    const stopping = app.server.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));

    // The socket goes away at once, with 1001.
    const closeEvent = await within(closed, 3000, 'WebSocket close on shutdown');
    expect(closeEvent.code).toBe(1001);
    // The subscription ends with the connection rather than hanging.
    await within(firstEvent.then(
      () => undefined,
      () => undefined,
    ), 3000, 'subscription end on shutdown');

    // The request in flight is still waited for.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopped).toBe(false);
    inFlight.finish();
    const answer = await within(inFlight.response, 5000, 'answer to the request in flight');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data).toEqual({ me: { username: DEMO.specialist } });

    await within(stopping, 10_000, 'stop()');
    expect(app.server.httpServer.listening).toBe(false);
    expect(app.server.connectionCount()).toBe(0);
    // The event bus's LISTEN connection is closed too.
    expect(await listeners()).toBe(0);

    // Nothing is accepted any more, over HTTP or WebSocket.
    await expect(fetch(app.url.replace('/graphql', '/healthz'))).rejects.toThrow();
    const late = app.ws(token);
    const lateClose = await within(late.closed, 3000, 'late WebSocket');
    expect(lateClose.code).not.toBe(1000);
    await late.client.dispose();
    await client.dispose();

    await app.db.close();
    databaseClosed = true;
  });
});
