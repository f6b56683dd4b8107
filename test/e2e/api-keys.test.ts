import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * API keys (issue 18 §1): created by IT officers, shown once, kept as a hash, sent as a bearer; a
 * key is its own principal and reads only what a field's scope lets it, never a person's fields.
 */
let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
const CREATE = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name scopes prefix allowedAddresses rateLimitPerMinute expiresAt revokedAt createdBy { username } } userErrors { field code message } }
}`;
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { id revokedAt } userErrors { field code } } }';
const SELF = '{ currentApiKey { id name scopes lastUsedAt lastUsedFrom recentAccesses { method path clientAddress refused } } }';

async function createKey(input: Record<string, unknown>, token = people.tokens.itOfficer!): Promise<{ id: string; secret: string }> {
  const created = await app.gql(CREATE, { input: { name: 'Báo cáo thống kê', scopes: ['statistics:read'], ...input } }, token);
  expect(created.data?.createApiKey.userErrors).toEqual([]);
  return { id: created.data!.createApiKey.apiKey.id, secret: created.data!.createApiKey.secret };
}

async function keyCount(): Promise<number> {
  const [row] = await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from api_key');
  return row!.n;
}

beforeAll(async () => {
  app = await startSignedIn(people, { otherOrganisation: true });
  people.tokens.otherItOfficer = await app.login('ducdd.khac');
});
afterAll(() => app?.close());

describe('creating keys', () => {
  it('an IT officer creates a key; its secret is shown once with a recognisable prefix and stored only as a hash', async () => {
    const created = await app.gql(CREATE, { input: { name: '  Hệ thống báo cáo   tỉnh ', scopes: ['statistics:read', 'registers:read', 'statistics:read'], allowedAddresses: ['127.0.0.1', '10.0.0.0/8'], rateLimitPerMinute: 100 } }, people.tokens.itOfficer);
    const { secret, apiKey, userErrors } = created.data!.createApiKey;
    expect(userErrors).toEqual([]);
    expect(secret).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Hệ thống báo cáo tỉnh', scopes: ['statistics:read', 'registers:read'], prefix: secret.slice(0, 9), allowedAddresses: ['127.0.0.1', '10.0.0.0/8'], rateLimitPerMinute: 100, revokedAt: null, createdBy: { username: 'ducdd.sct' } });
    const [row] = await app.db.orm.em.fork().execute<Record<string, unknown>[]>('select * from api_key where secret_hash = ?', [createHash('sha256').update(secret).digest('hex')]);
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(secret.slice(9));
    // Never shown again: the list has no secret field, and the key reads itself without one.
    const list = await app.gql('{ apiKeys { id name prefix } }', {}, people.tokens.itOfficer);
    expect(list.data?.apiKeys).toContainEqual({ id: apiKey.id, name: 'Hệ thống báo cáo tỉnh', prefix: secret.slice(0, 9) });
    const audit = await app.db.orm.em.fork().execute<{ action: string }[]>("select action from audit_entry where action = 'api_key.created'");
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses every bad input with its field, and writes nothing', async () => {
    const before = await keyCount();
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ name: '   ' }, ['input', 'name'], 'REQUIRED'],
      [{ name: 'x'.repeat(201) }, ['input', 'name'], 'TOO_LONG'],
      [{ scopes: [] }, ['input', 'scopes'], 'REQUIRED'],
      [{ scopes: ['statistics:read', 'documents:write'] }, ['input', 'scopes', '1'], 'INVALID'],
      [{ expiresAt: new Date(Date.now() - 60_000).toISOString() }, ['input', 'expiresAt'], 'INVALID'],
      [{ allowedAddresses: ['10.0.0.0/33'] }, ['input', 'allowedAddresses', '0'], 'INVALID'],
      [{ allowedAddresses: ['127.0.0.1', 'example.org'] }, ['input', 'allowedAddresses', '1'], 'INVALID'],
      [{ allowedAddresses: Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`) }, ['input', 'allowedAddresses'], 'TOO_LONG'],
      [{ rateLimitPerMinute: 0 }, ['input', 'rateLimitPerMinute'], 'INVALID'],
    ];
    for (const [input, field, code] of cases) {
      const answer = await app.gql(CREATE, { input: { name: 'Khóa', scopes: ['statistics:read'], ...input } }, people.tokens.itOfficer);
      expect(answer.data?.createApiKey, JSON.stringify(input)).toMatchObject({ apiKey: null, secret: null, userErrors: [expect.objectContaining({ field, code })] });
    }
    expect(await keyCount()).toBe(before);
  });

  it('only IT officers create, list and revoke keys', async () => {
    const before = await keyCount();
    for (const role of ['leader', 'specialist', 'clerk']) {
      const create = await app.gql(CREATE, { input: { name: 'Khóa', scopes: ['statistics:read'] } }, people.tokens[role]);
      expect(create.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      const list = await app.gql('{ apiKeys { id } }', {}, people.tokens[role]);
      expect(list.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    expect(await keyCount()).toBe(before);
  });
});

describe('a key as its own principal', () => {
  let key: { id: string; secret: string };
  beforeAll(async () => {
    key = await createKey({ name: 'Cổng tỉnh', scopes: ['statistics:read', 'registers:read', 'services:read', 'portal:submit', 'webhooks:manage'] });
  });

  it('reads itself, and its use is recorded: last use and the access log', async () => {
    const first = await app.gql(SELF, {}, key.secret);
    expect(first.errors).toBeUndefined();
    expect(first.data?.currentApiKey).toMatchObject({ id: key.id, name: 'Cổng tỉnh', lastUsedFrom: '127.0.0.1' });
    expect(new Date(first.data!.currentApiKey.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(first.data!.currentApiKey.recentAccesses[0]).toEqual({ method: 'POST', path: '/graphql', clientAddress: '127.0.0.1', refused: false });
    const listed = await app.gql('{ apiKeys { id lastUsedAt } }', {}, people.tokens.itOfficer);
    expect(listed.data?.apiKeys.find((k: { id: string }) => k.id === key.id).lastUsedAt).not.toBeNull();
  });

  it('with every scope, reads no person-only field: me, documents, registers, node, notices, keys', async () => {
    const documentId = (await app.gql('{ documents(first: 1) { nodes { id } } }', {}, people.tokens.leader)).data?.documents?.nodes?.[0]?.id ?? toGlobalId('Document', '00000000-0000-4000-8000-000000000000');
    for (const query of ['{ me { id } }', '{ documents(first: 5) { nodes { id subject } } }', '{ registers { id } }', '{ myNotices(first: 5) { nodes { id } } }', '{ apiKeys { id } }', '{ mailboxes { id } }']) {
      const answer = await app.gql(query, {}, key.secret);
      expect(answer.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(answer.data ?? null, query).toBeNull();
    }
    const node = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: documentId }, key.secret);
    expect(node.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: key.id }, key.secret);
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nor mutations written for people.
    const create = await app.gql(CREATE, { input: { name: 'Khóa con', scopes: ['statistics:read'] } }, key.secret);
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nor a person's HTTP route.
    const registerId = (await app.gql('{ registers { id } }', {}, people.tokens.leader)).data!.registers[0].id;
    const book = await fetch(`http://127.0.0.1:${app.server.port}/registers/${registerId}/book.csv?from=2026-01-01&to=2026-12-31`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(book.status).toBe(403);
    expect(await book.text()).not.toContain('Số');
  });

  it('over WebSocket, a key is no session: the connection is refused', async () => {
    const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key.secret}` } })));
    expect(await closed).toBe(4403);
  });
});

describe('refused keys', () => {
  const UNAUTHENTICATED = async (secret: string) => {
    const answer = await app.gql(SELF, {}, secret);
    expect(answer.status, secret).toBe(401);
    expect(answer.data?.currentApiKey ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    return answer;
  };

  it('an unknown, malformed, revoked or expired key gets 401 and the same answer, and reads nothing', async () => {
    const revoked = await createKey({ name: 'Sắp thu hồi' });
    const expired = await createKey({ name: 'Hết hạn', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await app.gql(SELF, {}, revoked.secret)).data?.currentApiKey.name).toBe('Sắp thu hồi');
    const revoke = await app.gql(REVOKE, { id: revoked.id }, people.tokens.itOfficer);
    expect(revoke.data?.revokeApiKey.userErrors).toEqual([]);
    expect(revoke.data?.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    await app.db.orm.em.fork().execute("update api_key set expires_at = now() - interval '1 second' where name = 'Hết hạn'");
    const answers = [];
    for (const secret of [`vk_${randomBytes(32).toString('base64url')}`, 'vk_short', `vk_${'!'.repeat(43)}`, revoked.secret, expired.secret]) answers.push(await UNAUTHENTICATED(secret));
    for (const answer of answers) expect(answer.errors).toEqual(answers[0]!.errors);
    // The same on an HTTP route.
    const route = await fetch(`http://127.0.0.1:${app.server.port}/registers/x/book.csv`, { headers: { authorization: `Bearer ${revoked.secret}` } });
    expect(route.status).toBe(401);
  });

  it('revoking twice, or a key of another organisation, is refused and changes nothing', async () => {
    const key = await createKey({ name: 'Thu hồi hai lần' });
    await app.gql(REVOKE, { id: key.id }, people.tokens.itOfficer);
    const again = await app.gql(REVOKE, { id: key.id }, people.tokens.itOfficer);
    expect(again.data?.revokeApiKey.userErrors).toEqual([{ field: ['input', 'apiKeyId'], code: 'INVALID_STATE' }]);
    const live = await createKey({ name: 'Của cơ quan A' });
    const other = await app.gql(REVOKE, { id: live.id }, people.tokens.otherItOfficer);
    const missing = await app.gql(REVOKE, { id: toGlobalId('ApiKey', '00000000-0000-4000-8000-000000000000') }, people.tokens.otherItOfficer);
    expect(other.data?.revokeApiKey).toEqual({ apiKey: null, userErrors: [{ field: ['input', 'apiKeyId'], code: 'NOT_FOUND' }] });
    expect(other.data).toEqual(missing.data);
    expect((await app.gql(SELF, {}, live.secret)).data?.currentApiKey.name).toBe('Của cơ quan A');
  });

  it('a key used from an address outside its list is refused like an unknown key', async () => {
    const far = await createKey({ name: 'Chỉ mạng nội bộ', allowedAddresses: ['10.0.0.0/8', '192.168.1.1'] });
    await UNAUTHENTICATED(far.secret);
    const near = await createKey({ name: 'Máy này', allowedAddresses: ['127.0.0.0/8'] });
    expect((await app.gql(SELF, {}, near.secret)).data?.currentApiKey.name).toBe('Máy này');
  });

  it('over its rate, a key gets 429 with Retry-After, counted in the database (shared by instances)', async () => {
    const key = await createKey({ name: 'Ba lần một phút', rateLimitPerMinute: 3 });
    const [row] = await app.db.orm.em.fork().execute<{ m: string }[]>('select extract(second from now())::int as m');
    // Three requests must fall in one minute: wait for a fresh minute when close to its end.
    if (Number(row!.m) > 50) await new Promise((resolve) => setTimeout(resolve, (61 - Number(row!.m)) * 1000));
    for (let i = 0; i < 3; i++) expect((await app.gql(SELF, {}, key.secret)).status).toBe(200);
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` }, body: JSON.stringify({ query: SELF }) });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const [usage] = await app.db.orm.em.fork().execute<{ requests: number }[]>('select requests from api_key_usage u join api_key k on k.id = u.key_id where k.name = ? order by minute desc limit 1', ['Ba lần một phút']);
    expect(usage!.requests).toBe(4);
    const [refused] = await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from api_key_access a join api_key k on k.id = a.key_id where k.name = ? and a.refused', ['Ba lần một phút']);
    expect(refused!.n).toBe(1);
  }, 20_000);

  it('a revocation takes effect on the very next request, with requests running', async () => {
    const key = await createKey({ name: 'Đang dùng', rateLimitPerMinute: 10_000 });
    let stop = false;
    const statuses: number[] = [];
    const load = (async () => {
      while (!stop) statuses.push((await app.gql(SELF, {}, key.secret)).status);
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await app.gql(REVOKE, { id: key.id }, people.tokens.itOfficer);
    const after = (await app.gql(SELF, {}, key.secret)).status;
    stop = true;
    await load;
    expect(after).toBe(401);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    // Once one request was refused, none after it succeeded.
    const firstRefused = statuses.indexOf(401);
    if (firstRefused >= 0) expect(statuses.slice(firstRefused).every((status) => status === 401)).toBe(true);
  });
});

describe('another organisation', () => {
  it("another organisation's key reads only itself; its IT officer lists only its own keys", async () => {
    const mine = await createKey({ name: 'Khóa của A' });
    const theirs = await createKey({ name: 'Khóa của B' }, people.tokens.otherItOfficer);
    const self = await app.gql(SELF, {}, theirs.secret);
    expect(self.data?.currentApiKey.name).toBe('Khóa của B');
    const list = await app.gql('{ apiKeys { id name } }', {}, people.tokens.otherItOfficer);
    expect(list.data?.apiKeys).toEqual([{ id: theirs.id, name: 'Khóa của B' }]);
    const byId = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: mine.id }, people.tokens.otherItOfficer);
    expect(byId.data?.node).toBeNull();
    expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
