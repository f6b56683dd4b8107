import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

/** /readyz answers 503 within a second when the database stalls (issue 13 point 8). */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('/readyz', () => {
  it('is 200 while the database answers', async () => {
    const response = await fetch(app.url.replace(/\/graphql$/, '/readyz'));
    expect(response.status).toBe(200);
  });

  it('is 503 within a second when the database stalls (every pooled connection busy)', async () => {
    // The server's pool (10 connections) all held by queries that take 4 s.
    const busy = Array.from({ length: 12 }, () => app.db.orm.em.fork().execute('select pg_sleep(4)'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const response = await fetch(app.url.replace(/\/graphql$/, '/readyz'));
    const elapsed = performance.now() - started;
    expect(response.status).toBe(503);
    expect(elapsed).toBeLessThan(1000);
    await Promise.all(busy);
  }, 30_000);
});
