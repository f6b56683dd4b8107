import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const LOGIN = `mutation ($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) { token expiresAt mustChangePassword account { username } userErrors { field code message } }
}`;

describe('sign-in', () => {
  it('signs in, reads me, and signs out', async () => {
    const signedIn = await app.gql(LOGIN, { u: DEMO.specialist, p: DEMO_PASSWORD });
    const login = signedIn.data?.login;
    expect(login.userErrors).toEqual([]);
    expect(login.token).toMatch(/^vt_/);
    expect(login.account.username).toBe(DEMO.specialist);
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await app.gql('{ me { username fullName title roles status } }', {}, login.token);
    expect(me.data?.me).toEqual({
      username: DEMO.specialist,
      fullName: 'Nguyễn Thị Thu Hà',
      title: 'SPECIALIST',
      roles: ['SPECIALIST'],
      status: 'ACTIVE',
    });

    const logout = await app.gql('mutation { logout { ok userErrors { code } } }', {}, login.token);
    expect(logout.data?.logout).toEqual({ ok: true, userErrors: [] });
    const after = await app.gql('{ me { username } }', {}, login.token);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads a missing token as unauthenticated', async () => {
    const response = await app.gql('{ me { username } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeNull();
  });
});
