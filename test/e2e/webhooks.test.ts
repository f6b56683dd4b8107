import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChanges } from '../../src/core/audit/trail.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';
import { eventually } from '../support/wait.ts';

/**
 * Signed webhooks (issue 18 §5): a real HTTP receiver on 127.0.0.1 verifies every delivery with the
 * `standardwebhooks` library (an independent implementation), refuses the first two, and still
 * receives every event exactly once, in order per record; a rolled-back change sends nothing.
 */
let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
let receiver: Server;
let receiverUrl = '';
let secret = '';
let requests = 0;
const received: { id: string; type: string; recordId: string }[] = [];
const refusedSignatures: string[] = [];
let managerKey = '';

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id url eventKinds } userErrors { field code } } }`;

beforeAll(async () => {
  process.env.WEBHOOKS_RETRY_SECONDS = '0';
  app = await startSignedIn(people, { jobs: { pollingIntervalSeconds: 0.5, crons: { 'integrators.webhooks': '0 0 1 1 *' } } });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      let event: { type: string; data: { id: string } };
      try {
        event = new Webhook(secret).verify(body, request.headers as Record<string, string>) as typeof event;
      } catch (error) {
        refusedSignatures.push((error as Error).message);
        response.writeHead(400).end();
        return;
      }
      // The first two deliveries fail: they must come again.
      if (requests <= 2) {
        response.writeHead(503).end();
        return;
      }
      received.push({ id: String(request.headers['webhook-id']), type: event.type, recordId: event.data.id });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  managerKey = (await app.gql('mutation { createApiKey(input: { name: "Nhận sự kiện", scopes: ["webhooks:manage"] }) { secret } }', {}, people.tokens.itOfficer)).data!.createApiKey.secret;
});
afterAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
  delete process.env.WEBHOOKS_RETRY_SECONDS;
  await app?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('registering endpoints', () => {
  it('refuses a URL that is not http(s) or points at the server itself, and nothing without events; nothing is written', async () => {
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ url: 'ftp://example.org/x' }, ['input', 'url'], 'INVALID'],
      [{ url: 'not a url' }, ['input', 'url'], 'INVALID'],
      [{ url: 'http://127.0.0.1:4000/graphql' }, ['input', 'url'], 'INVALID'],
      [{ url: 'http://localhost/hook' }, ['input', 'url'], 'INVALID'],
      [{ url: 'https://user:pw@example.org/hook' }, ['input', 'url'], 'INVALID'],
      [{ eventKinds: [] }, ['input', 'eventKinds'], 'REQUIRED'],
    ];
    for (const [input, field, code] of cases) {
      const answer = await app.gql(CREATE, { input: { url: 'https://example.org/hook', eventKinds: ['DOCUMENT_REGISTERED'], ...input } }, managerKey);
      expect(answer.data?.createWebhookEndpoint, JSON.stringify(input)).toEqual({ secret: null, endpoint: null, userErrors: [{ field, code }] });
    }
    const [row] = await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from webhook_endpoint');
    expect(row!.n).toBe(0);
  });

  it('only a key with webhooks:manage registers one: people and other keys are refused', async () => {
    const statisticsKey = (await app.gql('mutation { createApiKey(input: { name: "Thống kê", scopes: ["statistics:read"] }) { secret } }', {}, people.tokens.itOfficer)).data!.createApiKey.secret;
    const input = { url: 'https://example.org/hook', eventKinds: ['DOCUMENT_REGISTERED'] };
    expect((await app.gql(CREATE, { input }, statisticsKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(CREATE, { input }, people.tokens.itOfficer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(CREATE, { input }, people.tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('deliveries', () => {
  it('signs every delivery; a receiver failing the first two still gets each event exactly once', async () => {
    process.env.WEBHOOKS_ALLOW_LOOPBACK = 'on';
    const created = await app.gql(CREATE, { input: { url: receiverUrl, eventKinds: ['DOCUMENT_REGISTERED', 'HANDLING_DONE'] } }, managerKey);
    expect(created.data?.createWebhookEndpoint.userErrors).toEqual([]);
    secret = created.data!.createWebhookEndpoint.secret;
    expect(secret).toMatch(/^whsec_/);
    const documents = [];
    for (let i = 0; i < 3; i += 1) documents.push(await registerIncoming(app, people.tokens.clerk!, { subject: `Sự kiện ${i}` }));
    // A classified document is never sent.
    await registerIncoming(app, people.tokens.confidentialClerk!, { numberNotation: '9/UBND-M', subject: 'Mật', confidentiality: 'MAT', recallBy: vietnamDate(new Date(Date.now() + 7 * 86_400_000)) });
    const count = async () => (await app.db.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from webhook_delivery'))[0]!.n;
    expect(await count()).toBe(3);
    // A recorded change whose transaction rolls back queues nothing.
    const documentId = fromGlobalId(documents[0]!.id)!.id;
    const [{ organisation_id: organisationId }] = (await app.db.orm.em.fork().execute<{ organisation_id: string }[]>('select organisation_id from document where id = ?', [documentId])) as [{ organisation_id: string }];
    await expect(
      app.db.orm.em.fork().transactional(async (em) => {
        await recordChanges(em, [{ organisationId, action: 'document.registered', target: { type: 'Document', id: documentId } }]);
        expect(await em.execute<{ n: number }[]>('select count(*)::int as n from webhook_delivery')).toEqual([{ n: 4 }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(3);
    await eventually(async () => {
      await app.server.jobs!.runNow('integrators.webhooks');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(3);
    }, { timeout: 30_000, every: 200 });
    expect(refusedSignatures).toEqual([]);
    // Each record's events in order; records apart may overtake one another (the first one was refused twice).
    expect(received.map((event) => event.recordId).sort()).toEqual(documents.map((document) => document.id).sort());
    expect(new Set(received.map((event) => event.id)).size).toBe(3);
    expect(received.every((event) => event.type === 'DOCUMENT_REGISTERED')).toBe(true);
    // More runs send nothing again.
    await app.server.jobs!.runNow('integrators.webhooks');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received).toHaveLength(3);
    const log = await app.gql('{ webhookEndpoints { url deliveries { messageId status attempts lastStatusCode lastLatencyMs } } }', {}, managerKey);
    const deliveries = log.data!.webhookEndpoints[0].deliveries;
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d: { status: string; lastStatusCode: number }) => d.status === 'DELIVERED' && d.lastStatusCode === 204)).toBe(true);
    expect(deliveries.reduce((sum: number, d: { attempts: number }) => sum + d.attempts, 0)).toBe(5);
    expect(deliveries.map((d: { messageId: string }) => d.messageId).sort()).toEqual(received.map((event) => event.id).sort());
  }, 60_000);

  it('after a rotation both secrets sign for the overlap: a receiver holding either verifies', async () => {
    const [endpoint] = (await app.gql('{ webhookEndpoints { id } }', {}, managerKey)).data!.webhookEndpoints;
    const old = secret;
    const rotated = await app.gql('mutation ($id: ID!) { rotateWebhookSecret(input: { endpointId: $id }) { secret userErrors { code } } }', { id: endpoint.id }, managerKey);
    expect(rotated.data?.rotateWebhookSecret.userErrors).toEqual([]);
    const fresh = rotated.data!.rotateWebhookSecret.secret;
    expect(fresh).not.toBe(old);
    secret = old; // the receiver still holds the old secret
    await registerIncoming(app, people.tokens.clerk!, { subject: 'Sau khi đổi khóa' });
    await eventually(async () => {
      await app.server.jobs!.runNow('integrators.webhooks');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(4);
    }, { timeout: 30_000, every: 200 });
    expect(refusedSignatures).toEqual([]);
  }, 60_000);

  it("another organisation's IT officer and a key without the scope see no endpoint", async () => {
    const people2 = await app.gql('{ webhookEndpoints { id } }', {}, people.tokens.specialist);
    expect(people2.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const officer = await app.gql('{ webhookEndpoints { url } }', {}, people.tokens.itOfficer);
    expect(officer.data?.webhookEndpoints).toEqual([{ url: receiverUrl }]);
  });
});
