import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { eventually } from '../support/wait.ts';

/**
 * Prometheus metrics at /metrics (issue 13 §9) over real HTTP: what operators scrape after real
 * requests, job runs and sockets; that only the server's own host (or the bearer of METRICS_TOKEN)
 * reads them; and that each request's log line names its operation, account and client address.
 */
let app: TestApp;
const logLines: Record<string, any>[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
    done();
  },
});

beforeAll(async () => {
  app = await startTestApp({
    log: pino({ level: 'info' }, capture),
    jobs: { pollingIntervalSeconds: 0.5, crons: { 'deadline-sweep': '0 0 1 1 *' } },
    server: { trustedProxies: 'loopback' },
  });
});
afterAll(() => app?.close());

async function scrape(headers: Record<string, string> = {}) {
  const response = await fetch(new URL('/metrics', app.url), { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample line, by its name and labels exactly as Prometheus writes them. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('/metrics', () => {
  it('counts GraphQL operations by name, type and outcome, with their latency', async () => {
    const token = await app.login(DEMO.clerk);
    for (let i = 0; i < 3; i += 1) expect((await app.gql('query WhoAmI { me { username } }', {}, token)).data?.me.username).toBe(DEMO.clerk);
    expect((await app.gql('query WhoAmI { me { username } }', {}, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.gql('query Broken { me { noSuchField } }', {}, token)).status).toBe(400);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(sample(text, 'vanthu_graphql_operations_total{operation="WhoAmI",type="query",outcome="ok"}')).toBe(3);
    expect(sample(text, 'vanthu_graphql_operations_total{operation="WhoAmI",type="query",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, 'vanthu_graphql_operations_total{operation="Broken",type="query",outcome="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(sample(text, 'vanthu_graphql_operation_duration_seconds_count{operation="WhoAmI",type="query"}')).toBe(4);
    // The sign-in itself was a mutation.
    expect(sample(text, 'vanthu_graphql_operations_total{operation="anonymous",type="mutation",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vanthu_http_requests_total{route="/graphql",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'vanthu_http_request_duration_seconds_count{route="/graphql"}')).toBeGreaterThanOrEqual(6);
  });

  it('labels unknown paths as one family, whatever a client makes up', async () => {
    for (const path of ['/made-up-1', '/made-up-2', '/graphqlx']) expect((await fetch(new URL(path, app.url))).status).toBe(404);
    const { text } = await scrape();
    expect(sample(text, 'vanthu_http_requests_total{route="unmatched",status="404"}')).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain('made-up');
  });

  it('shows the database pool, sockets, subscriptions and each job queue with its runs', async () => {
    const token = await app.login(DEMO.clerk);
    const socket = app.ws(token);
    const events: unknown[] = [];
    const stop = socket.client.subscribe({ query: 'subscription { noticeReceived { id } }' }, { next: (event) => void events.push(event), error: () => {}, complete: () => {} });
    await app.listening(1);
    await app.server.jobs!.runNow('deadline-sweep');
    await eventually(async () => expect(sample((await scrape()).text, 'vanthu_job_runs_total{queue="deadline-sweep",outcome="done"}')).toBe(1));

    const { text } = await scrape();
    expect(sample(text, 'vanthu_websocket_connections')).toBe(1);
    expect(sample(text, 'vanthu_subscriptions')).toBe(1);
    expect(sample(text, 'vanthu_database_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vanthu_database_pool_connections{state="waiting"}')).toBe(0);
    expect(sample(text, 'vanthu_job_queue_jobs{queue="deadline-sweep",state="failed"}')).toBe(0);
    expect(sample(text, 'vanthu_job_queue_jobs{queue="mail-send",state="queued"}')).not.toBeNull();
    expect(sample(text, 'vanthu_job_duration_seconds_count{queue="deadline-sweep"}')).toBe(1);
    expect(sample(text, 'vanthu_process_resident_memory_bytes')).toBeGreaterThan(0);
    stop();
    await socket.client.dispose();
  });

  it('is not served to a client elsewhere: the same 404 as an unknown path', async () => {
    const outside = await scrape({ 'x-forwarded-for': '203.0.113.20' });
    expect(outside.status).toBe(404);
    expect(outside.text).not.toContain('vanthu_');
    expect(JSON.parse(outside.text)).toEqual(await (await fetch(new URL('/made-up-3', app.url))).json());
  });

  it("names each GraphQL request's operation, account and client address in its log line", async () => {
    const token = await app.login(DEMO.leader);
    await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.4', 'x-request-id': 'metrics-log-line' },
      body: JSON.stringify({ query: 'query LeaderLooks { me { id } }' }),
    });
    await eventually(() => expect(logLines.find((line) => line.requestId === 'metrics-log-line' && line.msg === 'request')).toBeDefined());
    const line = logLines.find((candidate) => candidate.requestId === 'metrics-log-line' && candidate.msg === 'request')!;
    expect(line).toMatchObject({ operation: 'LeaderLooks', clientAddress: '198.51.100.4', status: 200 });
    expect(line.accountId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    process.env.METRICS_TOKEN = 'scrape-secret-for-tests';
    try {
      guarded = await startTestApp();
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });
  afterAll(() => guarded?.close());

  it('is served only to the bearer of the token, even on the server’s own host', async () => {
    const at = new URL('/metrics', guarded.url);
    expect((await fetch(at)).status).toBe(404);
    expect((await fetch(at, { headers: { authorization: 'Bearer wrong' } })).status).toBe(404);
    const allowed = await fetch(at, { headers: { authorization: 'Bearer scrape-secret-for-tests' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('vanthu_http_requests_total');
  });
});
