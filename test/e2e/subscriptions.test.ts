import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/areas/accounts/tokens.ts';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../src/server/ws.ts';
import { DEMO, nextValue, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Subscriptions over graphql-ws on /graphql, with graphql-ws's own client over real sockets:
 * events follow the subscriber's account, revocation closes the socket with 4403 at once, and
 * hostile input is refused without taking the server down.
 */
let app: TestApp;
let itToken: string;
beforeAll(async () => {
  app = await startTestApp();
  itToken = await app.login(DEMO.itOfficer);
});
afterAll(() => app?.close());

const MY_ACCOUNT = 'subscription { myAccountChanged { username roles } }';
const FORBIDDEN = 4403;

type Outcome = { kind: 'next'; value: any } | { kind: 'error'; errors: any } | { kind: 'complete' };

/** What a subscription does first (a value, an error or completion), and a way to stop it. */
function firstOutcome(client: Client, query: string): { outcome: Promise<Outcome>; stop: () => void } {
  let settle: (outcome: Outcome) => void = () => {};
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const stop = client.subscribe(
    { query },
    {
      next: (value) => settle({ kind: 'next', value }),
      error: (errors) => settle({ kind: 'error', errors }),
      complete: () => settle({ kind: 'complete' }),
    },
  );
  return { outcome, stop };
}

/** Every value a subscription sends, in order. */
function collect(client: Client, query: string) {
  const values: any[] = [];
  const errors: any[] = [];
  const waiters: (() => void)[] = [];
  const stop = client.subscribe(
    { query },
    {
      next: (value) => {
        values.push(value);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        errors.push(error);
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => {},
    },
  );
  return {
    values,
    errors,
    stop,
    async waitFor(count: number, ms = 5000) {
      const deadline = Date.now() + ms;
      while (values.length < count && errors.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} values within ${ms} ms, got ${values.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left).unref();
        });
      }
      if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
      return values;
    },
  };
}

/**
 * Round trip on the socket: a query, which the server answers with an error once it has handled
 * every message sent before it. After this, subscriptions sent earlier are listening.
 */
async function settled(client: Client): Promise<void> {
  const { outcome } = firstOutcome(client, '{ __typename }');
  expect((await outcome).kind).toBe('error');
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function connected(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('connected', () => {
      off();
      resolve();
    });
  });
}

async function accountId(username: string): Promise<string> {
  const result = await app.gql(
    'query ($s: String) { accounts(filter: { search: $s }) { nodes { id username } } }',
    { s: username },
    itToken,
  );
  const found = result.data?.accounts.nodes.find((node: { username: string }) => node.username === username);
  if (!found) throw new Error(`no account ${username}: ${JSON.stringify(result)}`);
  return found.id;
}

async function setRoles(username: string, roles: string[]) {
  const result = await app.gql(
    'mutation ($id: ID!, $roles: [Role!]!) { setAccountRoles(input: { id: $id, roles: $roles }) { account { roles } userErrors { code message } } }',
    { id: await accountId(username), roles },
    itToken,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data?.setAccountRoles.userErrors).toEqual([]);
}

async function setSessionExpiry(token: string, sql: string) {
  const rows = await app.db.orm.em
    .fork()
    .execute(`update "session" set "expires_at" = ${sql} where "token_hash" = ? returning "id"`, [hashToken(token)]);
  expect(rows).toHaveLength(1);
}

/** A raw socket speaking graphql-transport-ws: sends `message` once open, resolves on close. */
function rawSocket(message: string | Buffer): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    socket.on('open', () => socket.send(message));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

/** Proves the server still serves subscriptions: a fresh subscriber gets its event. */
async function stillServing(username: string, roles: string[]) {
  const token = await app.login(username);
  const { client, closed } = app.ws(token);
  const subscription = collect(client, MY_ACCOUNT);
  await settled(client);
  await setRoles(username, roles);
  const [event] = await subscription.waitFor(1);
  expect(event.data.myAccountChanged).toEqual({ username, roles });
  subscription.stop();
  await client.dispose();
  expect((await closed).code).toBe(1000);
}

describe('myAccountChanged', () => {
  it('sends the new roles each time an IT officer changes them', async () => {
    const token = await app.login(DEMO.specialist);
    const { client } = app.ws(token);
    const subscription = collect(client, MY_ACCOUNT);
    await settled(client);

    await setRoles(DEMO.specialist, ['SPECIALIST', 'CLERK']);
    const [first] = await subscription.waitFor(1);
    expect(first.errors).toBeUndefined();
    expect(first.data.myAccountChanged.username).toBe(DEMO.specialist);
    expect([...first.data.myAccountChanged.roles].sort()).toEqual(['CLERK', 'SPECIALIST']);

    // A second change is read afresh, not from the first event's cache.
    await setRoles(DEMO.specialist, ['SPECIALIST']);
    const values = await subscription.waitFor(2);
    expect(values[1].data.myAccountChanged).toEqual({ username: DEMO.specialist, roles: ['SPECIALIST'] });
    subscription.stop();
    await client.dispose();
  });

  it('sends nothing for a change to another account', async () => {
    const token = await app.login(DEMO.oneStopDesk);
    const { client } = app.ws(token);
    const subscription = collect(client, MY_ACCOUNT);
    await settled(client);
    await setRoles(DEMO.informationLead, ['INFORMATION_LEAD', 'SPECIALIST']);
    await setRoles(DEMO.oneStopDesk, ['ONE_STOP_DESK', 'CLERK']);
    const values = await subscription.waitFor(1);
    expect(values).toHaveLength(1);
    expect(values[0].data.myAccountChanged.username).toBe(DEMO.oneStopDesk);
    subscription.stop();
    await client.dispose();
  });
});

describe('revocation closes the socket with 4403', () => {
  it('when an IT officer locks the account', async () => {
    const token = await app.login(DEMO.clerk);
    const { client, closed } = app.ws(token);
    const subscription = collect(client, MY_ACCOUNT);
    await settled(client);

    const result = await app.gql(
      'mutation ($id: ID!) { lockAccount(input: { id: $id, reason: "kiểm thử" }) { account { status } userErrors { code } } }',
      { id: await accountId(DEMO.clerk) },
      itToken,
    );
    expect(result.data?.lockAccount).toEqual({ account: { status: 'LOCKED' }, userErrors: [] });
    const locked = Date.now();
    const event = await within(closed, 2000, 'close after lockAccount');
    expect(event.code).toBe(FORBIDDEN);
    expect(Date.now() - locked).toBeLessThan(2000);
    // No event with the locked account's data went out before the close.
    expect(subscription.values.filter((value) => value.data?.myAccountChanged)).toEqual([]);

    // And the token is dead for a new connection too.
    const again = app.ws(token);
    expect((await within(again.closed, 2000, 'reconnect with a locked account')).code).toBe(FORBIDDEN);
  });

  it('when the subscriber signs out over HTTP with the same token, and only that session', async () => {
    const token = await app.login(DEMO.deputy);
    const otherToken = await app.login(DEMO.deputy);
    const mine = app.ws(token);
    const other = app.ws(otherToken);
    const otherSubscription = collect(other.client, MY_ACCOUNT);
    collect(mine.client, MY_ACCOUNT);
    await settled(mine.client);
    await settled(other.client);

    const logout = await app.gql('mutation { logout { ok userErrors { code } } }', {}, token);
    expect(logout.data?.logout).toEqual({ ok: true, userErrors: [] });
    const loggedOut = Date.now();
    expect((await within(mine.closed, 2000, 'close after logout')).code).toBe(FORBIDDEN);
    expect(Date.now() - loggedOut).toBeLessThan(2000);

    // The same account's other session keeps its socket and its events.
    await setRoles(DEMO.deputy, ['DEPUTY_LEADER', 'CLERK']);
    const [event] = await otherSubscription.waitFor(1);
    expect(event.data.myAccountChanged.username).toBe(DEMO.deputy);
    await other.client.dispose();
    expect((await other.closed).code).toBe(1000);
  });

  it('when the session expires while connected', async () => {
    const token = await app.login(DEMO.mailboxReader);
    await setSessionExpiry(token, `now() + interval '1500 milliseconds'`);
    const started = Date.now();
    const { client, closed } = app.ws(token);
    await within(connected(client), 1000, 'connection ack');
    collect(client, MY_ACCOUNT);
    await settled(client);

    const event = await within(closed, 4000, 'close on expiry');
    const elapsed = Date.now() - started;
    expect(event.code).toBe(FORBIDDEN);
    expect(elapsed).toBeGreaterThanOrEqual(1200);
    expect(elapsed).toBeLessThan(3500);
  });
});

describe('connection parameters', () => {
  it('refuses no token, a garbage token and an expired token with 4403, and keeps serving', async () => {
    const none = app.ws(null);
    expect((await within(none.closed, 2000, 'no token')).code).toBe(FORBIDDEN);

    const garbage = app.ws(null, { params: { authorization: 'Bearer not-a-token' } });
    expect((await within(garbage.closed, 2000, 'garbage token')).code).toBe(FORBIDDEN);

    const tokenShaped = app.ws(null, { params: { authorization: `Bearer vt_${'A'.repeat(43)}` } });
    expect((await within(tokenShaped.closed, 2000, 'unknown token')).code).toBe(FORBIDDEN);

    const wrongType = app.ws(null, { params: { authorization: 12345 } });
    expect((await within(wrongType.closed, 2000, 'non-string token')).code).toBe(FORBIDDEN);

    const expiredToken = await app.login(DEMO.leader);
    await setSessionExpiry(expiredToken, `now() - interval '1 minute'`);
    const expired = app.ws(expiredToken);
    expect((await within(expired.closed, 2000, 'expired token')).code).toBe(FORBIDDEN);

    await stillServing(DEMO.confidentialClerk, ['CONFIDENTIAL_CLERK', 'CLERK']);
  });

  it('accepts the token without the Bearer prefix', async () => {
    const token = await app.login(DEMO.unitHead);
    const { client, closed } = app.ws(null, { params: { authorization: token } });
    await within(connected(client), 2000, 'connection ack');
    await client.dispose();
    expect((await closed).code).toBe(1000);
  });

  it('closes a malformed connection_init with a 44xx code and stays up', async () => {
    const notAnObject = await within(
      rawSocket(JSON.stringify({ type: 'connection_init', payload: 'not-an-object' })),
      2000,
      'payload not an object',
    );
    expect(notAnObject.code).toBeGreaterThanOrEqual(4400);
    expect(notAnObject.code).toBeLessThan(4500);

    const notJson = await within(rawSocket('{"type":"connection_init",'), 2000, 'invalid JSON');
    expect(notJson.code).toBeGreaterThanOrEqual(4400);
    expect(notJson.code).toBeLessThan(4500);

    const unknownType = await within(rawSocket(JSON.stringify({ type: 'hello' })), 2000, 'unknown message type');
    expect(unknownType.code).toBeGreaterThanOrEqual(4400);
    expect(unknownType.code).toBeLessThan(4500);

    // A message over the size limit is refused by the socket layer (1009), not by a crash.
    const huge = await within(rawSocket(Buffer.alloc(128 * 1024, 'a')), 2000, 'oversized message');
    expect(huge.code).toBe(1009);

    const health = await fetch(app.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    await stillServing(DEMO.informationLead, ['INFORMATION_LEAD']);
  });
});

describe('operations over the socket', () => {
  let token: string;
  beforeAll(async () => {
    token = await app.login(DEMO.unitHead);
  });

  it('answers a query or a mutation with an error and keeps the socket open', async () => {
    const { client, closed } = app.ws(token);
    const query = await firstOutcome(client, '{ me { username } }').outcome;
    expect(query.kind).toBe('error');
    expect(query.kind === 'error' && query.errors[0].message).toMatch(/subscription/);

    const mutation = await firstOutcome(client, 'mutation { logout { ok } }').outcome;
    expect(mutation.kind).toBe('error');
    // The mutation was not run: the session still works.
    const me = await app.gql('{ me { username } }', {}, token);
    expect(me.data?.me.username).toBe(DEMO.unitHead);

    let isClosed = false;
    void closed.then(() => (isClosed = true));
    await settled(client);
    expect(isClosed).toBe(false);
    await client.dispose();
  });

  it('rejects a 20-deep and a 100-alias subscription, and a later valid one still works', async () => {
    const { client, closed } = app.ws(token);
    let isClosed = false;
    void closed.then(() => (isClosed = true));

    const deep = `subscription { myAccountChanged { unit { ${'parent { '.repeat(18)}id${' }'.repeat(18)} } } }`;
    const depth = await within(firstOutcome(client, deep).outcome, 2000, 'deep subscription');
    expect(depth.kind).toBe('error');
    expect(depth.kind === 'error' && depth.errors.map((error: { message: string }) => error.message).join(' ')).toMatch(/depth/i);

    const aliases = `subscription { myAccountChanged { ${Array.from({ length: 100 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const alias = await within(firstOutcome(client, aliases).outcome, 2000, 'aliased subscription');
    expect(alias.kind).toBe('error');
    expect(alias.kind === 'error' && alias.errors.map((error: { message: string }) => error.message).join(' ')).toMatch(/alias/i);

    const rootAliases = `subscription { ${Array.from({ length: 100 }, (_, i) => `a${i}: myAccountChanged { id }`).join(' ')} }`;
    const rootAlias = await within(firstOutcome(client, rootAliases).outcome, 2000, 'root-aliased subscription');
    expect(rootAlias.kind).toBe('error');

    const fields = 'id name code kind';
    const level = (n: number): string => (n === 0 ? fields : `${fields} parent { ${level(n - 1)} } children { ${level(n - 1)} }`);
    const costly = await within(firstOutcome(client, `subscription { myAccountChanged { unit { ${level(6)} } } }`).outcome, 2000, 'costly subscription');
    expect(costly.kind).toBe('error');
    expect(costly.kind === 'error' && costly.errors.map((error: { message: string }) => error.message).join(' ')).toMatch(/tốn kém: chi phí \d+, tối đa 10000/);

    const invalid = await within(firstOutcome(client, 'subscription { myAccountChanged { ').outcome, 2000, 'syntax error');
    expect(invalid.kind).toBe('error');

    expect(isClosed).toBe(false);
    const subscription = nextValue(client, MY_ACCOUNT);
    const first = subscription.next();
    await settled(client);
    await setRoles(DEMO.unitHead, ['UNIT_HEAD', 'CLERK']);
    const { value } = await within(first, 5000, 'valid subscription after rejected ones');
    expect(value.data.myAccountChanged.username).toBe(DEMO.unitHead);
    await subscription.stop();
    expect(isClosed).toBe(false);
    await client.dispose();
  });

  it(`refuses subscription number ${MAX_SUBSCRIPTIONS_PER_CONNECTION + 1} on one connection; the others keep working`, async () => {
    expect(MAX_SUBSCRIPTIONS_PER_CONNECTION).toBe(50);
    const { client, closed } = app.ws(token);
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () => collect(client, MY_ACCOUNT));
    await settled(client);
    expect(subscriptions.every((subscription) => subscription.errors.length === 0)).toBe(true);

    const extra = await within(firstOutcome(client, MY_ACCOUNT).outcome, 2000, 'one subscription too many');
    expect(extra.kind).toBe('error');
    const [error] = extra.kind === 'error' ? extra.errors : [];
    expect(error.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(isClosed).toBe(false);

    await setRoles(DEMO.unitHead, ['UNIT_HEAD']);
    const received = await Promise.all(subscriptions.map((subscription) => subscription.waitFor(1)));
    for (const [value] of received) expect(value.data.myAccountChanged).toEqual({ username: DEMO.unitHead, roles: ['UNIT_HEAD'] });

    // Stopping one frees a place for another.
    subscriptions[0]!.stop();
    await settled(client);
    const replacement = collect(client, MY_ACCOUNT);
    await settled(client);
    await setRoles(DEMO.unitHead, ['UNIT_HEAD', 'SPECIALIST']);
    const [replaced] = await replacement.waitFor(1);
    expect(replaced.data.myAccountChanged.username).toBe(DEMO.unitHead);
    expect(isClosed).toBe(false);
    await client.dispose();
  });
});
