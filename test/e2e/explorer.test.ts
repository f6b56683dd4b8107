import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Where the explorer is served (issue 13 point 2; the browser side is test/browser/explorer.test.ts):
 * GET /graphql for a browser, not for GraphQL clients, its files from node_modules, and never in
 * production unless asked for.
 */
let development: TestApp;
let production: TestApp;
let productionOn: TestApp;
const base = (app: TestApp) => app.url.replace(/\/graphql$/, '');
const page = (app: TestApp, path = '/graphql') => fetch(base(app) + path, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

beforeAll(async () => {
  [development, production, productionOn] = await Promise.all([
    startTestApp(),
    startTestApp({ production: true }),
    startTestApp({ production: true, server: { explorer: true } }),
  ]);
});
afterAll(() => Promise.all([development?.close(), production?.close(), productionOn?.close()]));

describe('the explorer', () => {
  it('is GraphiQL from this server only, with a policy that forbids anything else', async () => {
    const response = await page(development);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await response.text();
    expect(html).toContain('/explorer/graphiql.min.js');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js', 'start.js']) {
      const file = await fetch(`${base(development)}/explorer/${asset}`);
      expect(file.status, asset).toBe(200);
      expect((await file.text()).length, asset).toBeGreaterThan(100);
    }
    expect((await fetch(`${base(development)}/explorer/..%2Fpackage.json`)).status).toBe(404);
    expect(await (await fetch(`${base(development)}/explorer/start.js`)).text()).toContain('"authorization":"Bearer "');
  });

  it('leaves GraphQL over GET and POST as it was', async () => {
    const get = await fetch(`${development.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    expect((await development.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('is off in production, and on there only when asked for (EXPLORER=on)', async () => {
    const off = await page(production);
    expect(off.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect((await fetch(`${base(production)}/explorer/graphiql.min.js`)).status).toBe(404);
    const on = await page(productionOn);
    expect(on.status).toBe(200);
    expect(await on.text()).toContain('graphiql');
  });
});
