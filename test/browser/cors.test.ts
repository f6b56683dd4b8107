import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';

/**
 * CORS in a real browser (issue 13 point 1): a page served by another HTTP server, on another port
 * and so another origin, calls the API with fetch. From a listed origin it signs in and reads `me`;
 * from an unlisted one the browser itself refuses to hand over any answer.
 */
let app: TestApp;
let browser: Browser;
const pages: Server[] = [];
let listedOrigin = '';
let otherOrigin = '';
let api = '';

async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>portal</title><p>portal</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pages.push(server);
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  listedOrigin = (await pageServer()).origin;
  otherOrigin = (await pageServer()).origin;
  app = await startTestApp({ server: { corsOrigins: [listedOrigin] } });
  // The API on localhost, the pages on 127.0.0.1: other origins even on the same port range.
  api = `http://localhost:${app.server.port}/graphql`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  for (const server of pages) server.close();
});

async function open(origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(origin + '/');
  return page;
}

const SIGN_IN_AND_READ_ME = async ({ api, username, password }: { api: string; username: string; password: string }) => {
  const post = (body: unknown, token?: string) =>
    fetch(api, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((response) => response.json() as Promise<any>);
  try {
    const login = await post({
      query: 'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }',
      variables: { u: username, p: password },
    });
    const me = await post({ query: '{ me { username } }' }, login.data.login.token);
    return { ok: true, username: me.data.me.username as string };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
};

describe('CORS from a real browser', () => {
  it('a page on a listed origin signs in and reads me with fetch', async () => {
    const page = await open(listedOrigin);
    const result = await page.evaluate(SIGN_IN_AND_READ_ME, { api, username: DEMO.specialist, password: 'Demo@Pass2026' });
    expect(result).toEqual({ ok: true, username: DEMO.specialist });
    await page.close();
  });

  it('a page on an unlisted origin gets nothing: the browser refuses the answer', async () => {
    const page = await open(otherOrigin);
    const result = await page.evaluate(SIGN_IN_AND_READ_ME, { api, username: DEMO.specialist, password: 'Demo@Pass2026' });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Failed to fetch/);
    await page.close();
  });
});
