import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { parseOrigins as parseCorsOrigins } from '../../src/core/origins.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * CORS (issue 13 point 1) over real HTTP: listed origins get their preflight answered and the
 * Access-Control headers with credentials; any other origin gets none; Apollo's CSRF prevention
 * still refuses a cross-origin request that skips the preflight. The real-browser side is
 * test/browser/cors.test.ts.
 */
const LISTED = 'http://portal.example.test:5173';
const OTHER = 'http://evil.example.test';

let app: TestApp;
let base = '';
let token = '';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because it sends an Origin header as given. */
function call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(base + path, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const PATHS = () => [
  '/graphql',
  '/files',
  `/files/${toGlobalId('StoredFile', randomUUID())}`,
  `/registers/${toGlobalId('Register', randomUUID())}/book.csv`,
  `/registers/${toGlobalId('Register', randomUUID())}/book.pdf`,
  `/work-files/${toGlobalId('WorkFile', randomUUID())}.pdf`,
  `/work-files/${toGlobalId('WorkFile', randomUUID())}.xml`,
];

const preflight = (path: string, origin: string) =>
  call('OPTIONS', path, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' });

beforeAll(async () => {
  app = await startTestApp({ server: { corsOrigins: [LISTED] } });
  base = app.url.replace(/\/graphql$/, '');
  token = await app.login(DEMO.specialist);
});
afterAll(() => app?.close());

describe('CORS', () => {
  it('answers the preflight of a listed origin on /graphql, /files and every export route', async () => {
    for (const path of PATHS()) {
      const answer = await preflight(path, LISTED);
      expect(answer.status, path).toBe(204);
      expect(answer.headers['access-control-allow-origin'], path).toBe(LISTED);
      expect(answer.headers['access-control-allow-credentials'], path).toBe('true');
      expect(String(answer.headers['access-control-allow-methods'])).toContain('POST');
      expect(String(answer.headers['access-control-allow-headers'])).toMatch(/authorization/);
      expect(String(answer.headers['access-control-allow-headers'])).toMatch(/content-type/);
      expect(String(answer.headers.vary)).toMatch(/origin/i);
    }
  });

  it('gives an unlisted origin no Access-Control header at all, preflight or request', async () => {
    for (const path of PATHS()) {
      const answer = await preflight(path, OTHER);
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-')), path).toEqual([]);
    }
    const post = await call('POST', '/graphql', { origin: OTHER, 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ query: '{ me { username } }' }));
    expect(Object.keys(post.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    // An origin differing only by port or scheme is another origin.
    const nearly = await preflight('/graphql', LISTED.replace('5173', '5174'));
    expect(nearly.headers['access-control-allow-origin']).toBeUndefined();
    const https = await preflight('/graphql', LISTED.replace('http:', 'https:'));
    expect(https.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a listed origin read a signed-in answer, with the request id exposed', async () => {
    const answer = await call('POST', '/graphql', { origin: LISTED, 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ query: '{ me { username } }' }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.me.username).toBe(DEMO.specialist);
    expect(answer.headers['access-control-allow-origin']).toBe(LISTED);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(String(answer.headers['access-control-expose-headers'])).toMatch(/x-request-id/);
  });

  it('keeps CSRF prevention: a simple cross-origin GET or form POST is refused even from a listed origin', async () => {
    const get = await call('GET', `/graphql?query=${encodeURIComponent('{ __typename }')}`, { origin: LISTED });
    expect(get.status).toBe(400);
    expect(get.body).toMatch(/CSRF|preflight/i);
    const form = await call('POST', '/graphql', { origin: OTHER, 'content-type': 'text/plain' }, JSON.stringify({ query: '{ __typename }' }));
    expect(form.status).not.toBe(200);
    expect(form.body).not.toMatch(/__typename/);
  });

  it('a preflight does not reach the route: no body, no authentication needed', async () => {
    const answer = await preflight('/files', LISTED);
    expect(answer.body).toBe('');
    expect(answer.status).toBe(204);
  });
});

describe('CORS_ORIGINS', () => {
  it('reads a comma-separated list of origins', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins(' ')).toEqual([]);
    expect(parseCorsOrigins('https://portal.example.gov.vn, http://localhost:5173')).toEqual(['https://portal.example.gov.vn', 'http://localhost:5173']);
  });

  it('refuses what is not an exact origin, naming it', () => {
    expect(() => parseCorsOrigins('*')).toThrow(/CORS_ORIGINS: "\*"/);
    expect(() => parseCorsOrigins('portal.example.gov.vn')).toThrow(/portal\.example\.gov\.vn/);
    expect(() => parseCorsOrigins('https://portal.example.gov.vn/app')).toThrow(/no path/);
    expect(() => parseCorsOrigins('ftp://files.example')).toThrow(/CORS_ORIGINS/);
  });
});
