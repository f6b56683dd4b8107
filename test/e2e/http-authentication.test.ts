import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { DEMO, nextValue, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * Every way in authenticates alike (server/authentication.ts): GraphQL, the file routes, the
 * exports and WebSocket read the token the same way and refuse with the same codes.
 */

let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
let base = '';

/** Every HTTP route outside GraphQL, with ids that need not exist: authentication comes first. */
const ROUTES = () => [
  { method: 'POST', path: '/files', body: new FormData() },
  { method: 'GET', path: `/files/${toGlobalId('StoredFile', randomUUID())}` },
  { method: 'GET', path: `/registers/${toGlobalId('Register', randomUUID())}/book.csv?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: `/registers/${toGlobalId('Register', randomUUID())}/book.pdf?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: `/work-files/${toGlobalId('WorkFile', randomUUID())}.pdf` },
  { method: 'GET', path: `/work-files/${toGlobalId('WorkFile', randomUUID())}.xml` },
];

async function call(route: ReturnType<typeof ROUTES>[number], authorization: string | null) {
  const response = await fetch(base + route.path, {
    method: route.method,
    headers: authorization ? { authorization } : {},
    ...(route.body ? { body: route.body } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function setMustChangePassword(username: string, value: boolean) {
  await app.db.orm.em.fork().execute('update account set must_change_password = ? where username = ?', [value, username]);
}

beforeAll(async () => {
  app = await startSignedIn(people);
  base = app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await app?.close();
});

describe('one authentication for every way in', () => {
  it('without a valid session every route answers 401 UNAUTHENTICATED with the reason, as GraphQL does', async () => {
    const cases = [
      { authorization: null, reason: 'MISSING' },
      { authorization: 'Bearer not-a-token', reason: 'INVALID' },
      { authorization: `Bearer vt_${'A'.repeat(43)}`, reason: 'INVALID' },
      { authorization: 'Basic dXNlcjpwYXNz', reason: 'MISSING' },
    ];
    for (const { authorization, reason } of cases) {
      const graphql = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ documents(first: 1) { totalCount } }' }),
      });
      const answer = (await graphql.json()) as { errors: { message: string; extensions: { code: string; reason: string } }[] };
      expect(graphql.status).toBe(401);
      expect(answer.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
      for (const route of ROUTES()) {
        const { status, body } = await call(route, authorization);
        expect({ route: route.path, status, body }).toEqual({ route: route.path, status: 401, body: { error: { code: 'UNAUTHENTICATED', reason, message: answer.errors[0]!.message } } });
      }
    }
  });

  it('with a temporary password still to change, every route answers 403 FORBIDDEN PASSWORD_CHANGE_REQUIRED, as GraphQL does', async () => {
    await setMustChangePassword(DEMO.clerk, true);
    try {
      const token = people.tokens.clerk!;
      const graphql = await app.gql('{ documents(first: 1) { totalCount } }', {}, token);
      expect(graphql.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
      for (const route of ROUTES()) {
        const { status, body } = await call(route, `Bearer ${token}`);
        expect({ route: route.path, status, body }).toEqual({
          route: route.path,
          status: 403,
          body: { error: { code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED', message: graphql.errors?.[0]?.message } },
        });
      }
      // Over WebSocket: the connection opens (to change the password one must be signed in), but a
      // subscription is refused the same way.
      const { client } = app.ws(token);
      const subscription = nextValue(client, 'subscription { documentChanged { id } }');
      const first = await subscription.next().then(
        (result) => (result.value as { errors: { extensions: Record<string, string> }[] }).errors,
        (errors: { extensions: Record<string, string> }[]) => errors,
      );
      expect(first[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
    } finally {
      await setMustChangePassword(DEMO.clerk, false);
    }
  });

  it('a valid session passes every route to its own rules (here: records that do not exist)', async () => {
    for (const route of ROUTES()) {
      const { status, body } = await call(route, `Bearer ${people.tokens.leader}`);
      expect([400, 404], `${route.path}: ${JSON.stringify(body)}`).toContain(status);
      expect(body.error.code).not.toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    }
  });
});
