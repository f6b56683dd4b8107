import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';

/**
 * The explorer in a real browser (issue 13 point 2): GET /graphql opens GraphiQL from this server's
 * own files only (every request the page makes goes to the server itself), the documentation
 * explorer lists the schema, `{ __typename }` runs, and a token in the prefilled Headers signs in.
 */
let app: TestApp;
let browser: Browser;
let base = '';

beforeAll(async () => {
  app = await startTestApp();
  base = `http://127.0.0.1:${app.server.port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the explorer', () => {
  it('loads offline, shows the schema documentation and runs { __typename }', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${base}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });

    // The headers editor opens prefilled for sign-in by token.
    await expect.poll(() => page.locator('.graphiql-editor-tool').innerText(), { timeout: 10_000 }).toContain('Bearer');

    await page.getByLabel('Show Documentation Explorer').click();
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 10_000 });
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 20_000 }).toMatch(/query/i);
    await page.locator('.graphiql-doc-explorer a', { hasText: 'Query' }).first().click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 10_000 }).toContain('me');

    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain('"__typename": "Query"');

    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in by the token pasted into the Headers', async () => {
    const token = await app.login(DEMO.specialist);
    const page = await browser.newPage();
    await page.goto(`${base}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // Typed into GraphiQL's own editors (CodeMirror), then run with its button.
    await page.evaluate(
      ({ token }) => {
        ((globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror') as any).CodeMirror.setValue('{ me { username } }');
        // The Headers editor is the one prefilled with the bearer scheme (Variables is beside it).
        const editors: any[] = [...(globalThis as any).document.querySelectorAll('.graphiql-editor-tool .CodeMirror')];
        const headers = editors
          .map((element) => element.CodeMirror)
          .find((candidate: any) => candidate.getValue().includes('Bearer'));
        headers.setValue(JSON.stringify({ authorization: `Bearer ${token}` }));
      },
      { token },
    );
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain(DEMO.specialist);
    await page.close();
  });
});
