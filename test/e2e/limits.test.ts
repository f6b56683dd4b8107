import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/app.ts';
import { COST_LIMIT } from '../../src/server/cost.ts';
import { LIMITS } from '../../src/server/limits.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Operations over real HTTP: query limits, request-body rules, health endpoints, request ids,
 * and what production mode hides (introspection, internal error details, stack traces).
 */
let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  token = await app.login(DEMO.specialist);
});
afterAll(() => app?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function base(target: TestApp): string {
  return target.url.replace(/\/graphql$/, '');
}

/** A POST to /graphql with a raw body, read as text (and as JSON when it is). */
async function post(target: TestApp, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A POST over node:http, so that a refused upload can be observed: the server may answer and
 * close while the body is still being sent.
 */
function upload(size: number, options: { declareLength: boolean }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(app.url);
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.declareLength ? { 'content-length': String(size) } : { 'transfer-encoding': 'chunked' }),
      },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    // Writing into a connection the server has closed fails; only a missing answer is a failure.
    request.on('error', (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 500);
    });
    const prefix = '{"query":"{ __typename }","variables":{"pad":"';
    const suffix = '"}}';
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = size - prefix.length - suffix.length;
    request.write(prefix);
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!request.write(piece)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end(suffix);
    };
    pump();
  });
}

const chain = (depth: number, leaf: string) => `${'parent { '.repeat(depth)}${leaf}${' }'.repeat(depth)}`;
const messages = (errors: { message: string }[] | undefined) => (errors ?? []).map((error) => error.message).join(' | ');

describe('operation limits over HTTP', () => {
  it('accepts an ordinary nested query', async () => {
    const result = await app.gql(`{ me { username unit { ${chain(3, 'id name')} } } }`, {}, token);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.username).toBe(DEMO.specialist);
  });

  it('refuses a 20-deep query with 400 and a depth-limit error, without running it', async () => {
    const query = `{ me { unit { ${chain(18, 'id')} } } }`;
    const result = await app.gql(query, {}, token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(messages(result.errors)).toMatch(new RegExp(`depth limit of ${LIMITS.depth}`, 'i'));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // Also when it is not signed in: limits come before anything else.
    const anonymous = await app.gql(query);
    expect(anonymous.status).toBe(400);
    expect(messages(anonymous.errors)).toMatch(/depth limit/i);
  });

  it('refuses a 20-deep query through units and children too', async () => {
    const children = (depth: number): string => (depth === 0 ? 'id' : `children { ${children(depth - 1)} }`);
    const result = await app.gql(`{ organisation { units { ${children(18)} } } }`, {}, token);
    expect(result.status).toBe(400);
    expect(messages(result.errors)).toMatch(/depth limit/i);
  });

  it('refuses 100 aliases with 400 and an alias-limit error', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const result = await app.gql(query, {}, token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(messages(result.errors)).toMatch(new RegExp(`aliases limit of ${LIMITS.aliases}`, 'i'));

    const allowed = `{ ${Array.from({ length: LIMITS.aliases }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const ok = await app.gql(allowed, {}, token);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.data ?? {})).toHaveLength(LIMITS.aliases);
  });

  it('refuses a shallow but costly query with a stable code, a Vietnamese message and its figures', async () => {
    const fields = 'id name code kind';
    const level = (n: number): string => (n === 0 ? fields : `${fields} parent { ${level(n - 1)} } children { ${level(n - 1)} }`);
    const result = await app.gql(`{ organisation { units { ${level(6)} } } }`, {}, token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: COST_LIMIT });
    expect(error?.extensions?.cost).toBeGreaterThan(COST_LIMIT);
    expect(error?.message).toMatch(/^Truy vấn quá tốn kém: chi phí \d+, tối đa 10000/);
    expect(messages(result.errors)).not.toMatch(/depth limit|aliases limit/i);
  });

  // What a frontend asks of a page of 100 documents: its register, the people it was handed to
  // with their units, who registered it, its files and who added them, its reply status.
  const DOCUMENT_PAGE = `query ($first: Int) { documents(first: $first) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id direction status kind { code name } numberNotation issuingOrgan issuedOn receivedAt confidentiality urgency channel
      subject signerName pageCount registerNumber registeredAt replyRequired replyBy viewerCanReadContent replyStatus
      register { id name code } registeredBy { id fullName unit { id name } } handedTo { id fullName unit { id name } }
      files { attachmentNo version addedAt addedBy { id fullName } file { id fileName size downloadUrl } } } } }`;

  it('lets a frontend page of 100 documents pass, and tells each operation its cost in extensions', async () => {
    const hundred = await app.gql(DOCUMENT_PAGE, { first: 100 }, token);
    expect(hundred.errors, JSON.stringify(hundred.errors)).toBeUndefined();
    expect(hundred.status).toBe(200);
    const cost = hundred.extensions?.cost;
    expect(cost.limit).toBe(COST_LIMIT);
    expect(cost.requested).toBeGreaterThan(1000);
    expect(cost.requested).toBeLessThanOrEqual(COST_LIMIT);
    // The cost follows the page asked for: a tenth of the page, about a tenth of the cost.
    const ten = await app.gql(DOCUMENT_PAGE, { first: 10 }, token);
    expect(ten.extensions?.cost.requested).toBeLessThan(cost.requested / 5);
    expect((await app.gql('{ me { id } }', {}, token)).extensions?.cost).toEqual({ requested: 1, limit: COST_LIMIT });
  });

  it("lets a folder page of 100 items with the viewer's permissions per item pass", async () => {
    const page = await app.gql(
      `{ cabinet { id name viewerCan { addItems createFolders changeStructure manageRights restoreAll }
         items(first: 100) { totalCount nodes { id name description size createdAt updatedAt viewerIsAuthor
           viewerCan { edit requestChange manageRights } rights { inheritsRights ownGrantCount everyone viewerAccess } author { id fullName unit { id name } }
           currentVersion { version fileName size sha256 } } } } }`,
      {},
      token,
    );
    expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
    expect(page.status).toBe(200);
  });
});

describe('request bodies', () => {
  it('refuses a batched request (a JSON array)', async () => {
    const response = await post(app, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    expect(response.json?.data).toBeUndefined();
    expect(response.text).not.toContain('"__typename"');
    // Said as the client's mistake, not as a fault of the server.
    expect(messages(response.json?.errors)).toMatch(/batch/i);
    expect(response.json?.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('answers a variable of the wrong type with 400 naming the variable', async () => {
    const result = await app.gql('query ($n: Int) { accounts(first: $n) { totalCount } }', { n: 'abc' }, token);
    expect(result.status).toBe(400);
    expect(messages(result.errors)).toMatch(/\$n/);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers a syntax error with 400 saying where', async () => {
    const result = await app.gql('{ me { ', {}, token);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(messages(result.errors)).toMatch(/Syntax Error/);
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const response = await post(app, '{"query": "{ __typename }"');
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    expect(response.text).not.toMatch(/SyntaxError/);

    const health = await fetch(`${base(app)}/healthz`);
    expect(health.status).toBe(200);
    const me = await app.gql('{ me { username } }', {}, token);
    expect(me.data?.me.username).toBe(DEMO.specialist);
  });

  it('answers a body that is JSON but not an operation with 400', async () => {
    for (const body of ['"just a string"', '42', 'null', '{"query": 12}']) {
      const response = await post(app, body);
      expect(response.status, body).toBe(400);
    }
  });

  it('accepts a body just under 1 MiB', async () => {
    const response = await post(app, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(900_000) } }));
    expect(response.status).toBe(200);
    expect(response.json?.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a body over 1 MiB with 413, declared or streamed, and keeps serving', async () => {
    const declared = await upload(2 * 1024 * 1024, { declareLength: true });
    expect(declared.status).toBe(413);

    const streamed = await upload(2 * 1024 * 1024, { declareLength: false });
    expect(streamed.status).toBe(413);

    const viaFetch = await post(app, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024 + 10) } })).catch(
      (error: unknown) => ({ status: -1, error }),
    );
    // fetch may see the connection closed before the answer; if it sees an answer, it is 413.
    if (viaFetch.status !== -1) expect(viaFetch.status).toBe(413);

    const after = await app.gql('{ me { username } }', {}, token);
    expect(after.status).toBe(200);
    expect(after.data?.me.username).toBe(DEMO.specialist);
  });
});

describe('endpoints and request ids', () => {
  it('GET /healthz answers 200 {status: ok}', async () => {
    const response = await fetch(`${base(app)}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 {status: ready} while the database is reachable', async () => {
    const response = await fetch(`${base(app)}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('answers an unknown path with 404', async () => {
    for (const path of ['/nope', '/graphql/extra', '/healthz/x']) {
      const response = await fetch(`${base(app)}${path}`);
      expect(response.status, path).toBe(404);
      await response.arrayBuffer();
    }
  });

  it('gives every response an x-request-id, echoing a well-formed one', async () => {
    const fresh = await post(app, JSON.stringify({ query: '{ __typename }' }));
    expect(fresh.headers.get('x-request-id')).toMatch(UUID);
    const other = await post(app, JSON.stringify({ query: '{ __typename }' }));
    expect(other.headers.get('x-request-id')).not.toBe(fresh.headers.get('x-request-id'));

    const given = await post(app, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'client-req.42_a' });
    expect(given.headers.get('x-request-id')).toBe('client-req.42_a');

    const hostile = await post(app, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'a b<script>' });
    expect(hostile.headers.get('x-request-id')).toMatch(UUID);
    const tooLong = await post(app, JSON.stringify({ query: '{ __typename }' }), { 'x-request-id': 'x'.repeat(65) });
    expect(tooLong.headers.get('x-request-id')).toMatch(UUID);

    const health = await fetch(`${base(app)}/healthz`, { headers: { 'x-request-id': 'health-1' } });
    expect(health.headers.get('x-request-id')).toBe('health-1');
    const missing = await fetch(`${base(app)}/nope`);
    expect(missing.headers.get('x-request-id')).toMatch(UUID);
    const refused = await post(app, '{', { 'x-request-id': 'bad-json-1' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('bad-json-1');
  });

  /** A second server over this file's database whose log lines are kept. */
  async function withLoggedServer(work: (url: string) => Promise<void>): Promise<Record<string, any>[]> {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const server = await startServer({
      orm: app.db.orm,
      databaseUrl: app.db.url,
      port: 0,
      host: '127.0.0.1',
      log: pino({ level: 'info' }, sink),
      production: false,
      jobs: false,
    });
    try {
      await work(`http://127.0.0.1:${server.port}/graphql`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await server.stop();
    }
    return lines.map((line) => JSON.parse(line) as Record<string, any>);
  }

  it('logs a malformed request as JSON with its request id and no stack trace', async () => {
    const entries = await withLoggedServer(async (url) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'log-check-1' },
        body: '{"query": ',
      });
      expect(response.status).toBe(400);
      await response.arrayBuffer();
    });
    const mine = entries.filter((entry) => entry.requestId === 'log-check-1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.some((entry) => entry.status === 400)).toBe(true);
    // The server handled nothing else: no line of it is an error or carries a stack trace.
    for (const entry of entries) {
      expect(JSON.stringify(entry)).not.toMatch(/"stack"|\n\s+at /);
      expect(entry.level).toBeLessThan(50);
    }
  });

  it('logs a query refused by the limits without a stack trace and not as a server error', async () => {
    const entries = await withLoggedServer(async (url) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'log-check-2', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ me { unit { ${chain(18, 'id')} } } }` }),
      });
      expect(response.status).toBe(400);
      await response.arrayBuffer();
    });
    const mine = entries.filter((entry) => entry.requestId === 'log-check-2');
    expect(mine.some((entry) => entry.status === 400)).toBe(true);
    for (const entry of entries) {
      expect(JSON.stringify(entry)).not.toMatch(/"stack"/);
      expect(entry.level).toBeLessThan(50);
    }
  });
});

describe('development mode', () => {
  it('answers introspection', async () => {
    const result = await app.gql('{ __schema { types { name } } }');
    expect(result.status).toBe(200);
    const names = result.data?.__schema.types.map((type: { name: string }) => type.name);
    expect(names).toContain('Account');
    expect(names).toContain('Subscription');
  });

  it('leaves stack traces out of error responses too: they would tell a hidden record from a missing one', async () => {
    const result = await app.gql('{ noSuchField }', {}, token);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  });
});

describe('production mode', () => {
  let prod: TestApp;
  let prodToken: string;
  beforeAll(async () => {
    prod = await startTestApp({ production: true });
    prodToken = await prod.login(DEMO.specialist);
  });
  afterAll(() => prod?.close());

  async function withTableRenamed<T>(table: string, work: () => Promise<T>): Promise<T> {
    const em = prod.db.orm.em.fork();
    await em.execute(`alter table "${table}" rename to "${table}_moved_away"`);
    try {
      return await work();
    } finally {
      await em.execute(`alter table "${table}_moved_away" rename to "${table}"`);
    }
  }

  it('serves ordinary queries', async () => {
    const result = await prod.gql('{ me { username } }', {}, prodToken);
    expect(result.status).toBe(200);
    expect(result.data?.me.username).toBe(DEMO.specialist);
  });

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Account") { fields { name } } }']) {
      const result = await prod.gql(query, {}, prodToken);
      expect(result.status, query).toBe(400);
      expect(result.data, query).toBeUndefined();
      expect(messages(result.errors), query).toMatch(/introspection/i);
    }
    // __typename is not introspection of the schema and stays available.
    const typename = await prod.gql('{ __typename }', {}, prodToken);
    expect(typename.data).toEqual({ __typename: 'Query' });
  });

  it('names no part of the schema a client did not send, over HTTP and WebSocket', async () => {
    const misspelt = [
      { query: '{ documents(first: 1) { nodes { subjec } } }' },
      { query: '{ documnts(first: 1) { totalCount } }' },
      { query: '{ documents(frist: 1) { totalCount } }' },
      { query: 'query ($f: DocumentFilter) { documents(first: 1, filter: $f) { totalCount } }', variables: { f: { serch: 'x' } } },
    ];
    const hints = /Did you mean|"subject"|"documents"|"first"|"search"/;
    for (const { query, variables } of misspelt) {
      const result = await prod.gql(query, variables ?? {}, prodToken);
      expect(result.errors?.length, query).toBeGreaterThan(0);
      for (const error of result.errors ?? []) expect(error.message, query).not.toMatch(hints);
    }
    const { client } = prod.ws(prodToken);
    for (const query of ['subscription { documentChanged { subjec } }', 'subscription { documentChanged(idd: "x") { id } }', 'subscription { documntChanged { id } }']) {
      const errors = await client
        .iterate({ query })
        .next()
        .then(
          (result) => (result.value as { errors?: { message: string }[] }).errors ?? [],
          (thrown: { message: string }[]) => thrown,
        );
      expect(errors.length, query).toBeGreaterThan(0);
      for (const error of errors) expect(error.message, query).not.toMatch(/Did you mean|"subject"|"id"|"documentChanged"/);
    }
    // A development server keeps the hints: they help whoever writes a query.
    const dev = await app.gql('{ documents(first: 1) { nodes { subjec } } }', {}, token);
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean "subject"/);
  });

  it('gives errors no stack trace', async () => {
    const invalid = await prod.gql('{ noSuchField }', {}, prodToken);
    expect(invalid.status).toBe(400);
    expect(invalid.errors?.length).toBeGreaterThan(0);
    for (const error of invalid.errors ?? []) expect(error.extensions?.stacktrace).toBeUndefined();

    const deep = await prod.gql(`{ me { unit { ${chain(18, 'id')} } } }`, {}, prodToken);
    expect(deep.status).toBe(400);
    for (const error of deep.errors ?? []) expect(error.extensions?.stacktrace).toBeUndefined();

    const unauthenticated = await prod.gql('{ me { username } }');
    expect(unauthenticated.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  });

  it('never leaks an unexpected error from a resolver', async () => {
    // A table only the resolver reads (authentication reads the session, accounts and units).
    const response = await withTableRenamed('document', () =>
      post(prod, JSON.stringify({ query: '{ documents(first: 5) { nodes { id } } }' }), { authorization: `Bearer ${prodToken}` }),
    );
    expect(response.json?.errors?.length).toBeGreaterThan(0);
    const [error] = response.json.errors;
    expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(error.message).not.toMatch(/document|relation|select|exist/i);
    expect(response.text).not.toMatch(/moved_away|relation|select |DriverException|node_modules|\.ts:\d+/i);
  });

  it('never leaks an unexpected error while authenticating the request', async () => {
    const response = await withTableRenamed('session', () =>
      post(prod, JSON.stringify({ query: '{ me { username } }' }), { authorization: `Bearer ${prodToken}` }),
    );
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.text).not.toMatch(/moved_away|relation|select |DriverException|node_modules|\.ts:\d+/i);
    for (const error of response.json?.errors ?? []) {
      expect(error.extensions?.stacktrace).toBeUndefined();
      expect(error.message).not.toMatch(/session|relation|exist/i);
    }
  });

  it('still reports readiness and health', async () => {
    const ready = await fetch(`${base(prod)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
