import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Lock-out and floods (issue 13 §6), over real HTTP behind a trusted proxy (127.0.0.1 here), so
 * each request can come from the address its X-Forwarded-For names: guessing a leader's password
 * from one address locks that address out, not the leader at her own; a guess spread over many
 * addresses locks the username for unknown addresses only; a flood gets 429 with Retry-After.
 */
let app: TestApp;
const RATE = 40;
beforeAll(async () => {
  app = await startTestApp({ server: { trustedProxies: 'loopback', rateLimitPerMinute: RATE } });
});
afterAll(() => app?.close());

async function loginFrom(address: string, username: string, password: string) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: 'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token userErrors { code message } } }', variables: { u: username, p: password } }),
  });
  const body = (await response.json()) as any;
  return { status: response.status, token: body.data?.login?.token as string | null, codes: (body.data?.login?.userErrors ?? []).map((error: { code: string }) => error.code) };
}

describe('sign-in throttling by username and address', () => {
  it("five wrong passwords from one address lock that address out, not the leader at her own", async () => {
    // The leader signs in from her desk first: it becomes a known address of hers.
    expect((await loginFrom('10.0.0.7', DEMO.leader, DEMO_PASSWORD)).token).toMatch(/^vt_/);
    const guesses = [];
    for (let i = 0; i < 5; i += 1) guesses.push((await loginFrom('203.0.113.9', DEMO.leader, `Doan-sai-${i}`)).codes);
    expect(guesses).toEqual([['INVALID_CREDENTIALS'], ['INVALID_CREDENTIALS'], ['INVALID_CREDENTIALS'], ['INVALID_CREDENTIALS'], ['TEMPORARILY_LOCKED']]);
    // Even the right password is refused from the guesser's address…
    expect((await loginFrom('203.0.113.9', DEMO.leader, DEMO_PASSWORD)).codes).toEqual(['TEMPORARILY_LOCKED']);
    // …while the leader still signs in from hers, and from a new one.
    expect((await loginFrom('10.0.0.7', DEMO.leader, DEMO_PASSWORD)).token).toMatch(/^vt_/);
    expect((await loginFrom('10.0.0.8', DEMO.leader, DEMO_PASSWORD)).token).toMatch(/^vt_/);
  });

  it('a guess spread over many addresses locks the username for unknown addresses only', async () => {
    expect((await loginFrom('10.1.0.1', DEMO.deputy, DEMO_PASSWORD)).token).toMatch(/^vt_/);
    for (let i = 0; i < 20; i += 1) expect((await loginFrom(`198.51.100.${i + 1}`, DEMO.deputy, `Sai-${i}`)).codes).toEqual(['INVALID_CREDENTIALS']);
    // A new address with the right password: refused, the username is under attack.
    expect((await loginFrom('198.51.100.200', DEMO.deputy, DEMO_PASSWORD)).codes).toEqual(['TEMPORARILY_LOCKED']);
    // The address the deputy signed in from before: still in.
    expect((await loginFrom('10.1.0.1', DEMO.deputy, DEMO_PASSWORD)).token).toMatch(/^vt_/);
    // Another username from a new address is not touched.
    expect((await loginFrom('198.51.100.201', DEMO.clerk, DEMO_PASSWORD)).token).toMatch(/^vt_/);
  });

  it('answers a flood from one address with 429 and Retry-After, and serves the others', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let body: any;
    for (let i = 0; i < RATE + 5; i += 1) {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.50' }, body: JSON.stringify({ query: '{ __typename }' }) });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        body = await response.json();
      } else await response.text();
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(RATE);
    expect(statuses.slice(RATE)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/Quá nhiều yêu cầu/);
    const other = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.51' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(other.status).toBe(200);
    // Health checks are never limited.
    expect((await fetch(app.url.replace(/\/graphql$/, '/healthz'), { headers: { 'x-forwarded-for': '192.0.2.50' } })).status).toBe(200);
  });
});
