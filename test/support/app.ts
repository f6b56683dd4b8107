import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { ensureDemoOrganisation, seedOrganisation, type DemoResult } from '../../src/provisioning/demo.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/app.ts';
import { expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { eventually } from './wait.ts';

/**
 * A running Vanthu on a free port over this file's own database, seeded with the demo agency,
 * and the clients tests use against it: real HTTP (fetch) and graphql-ws's own client.
 */
export const DEMO_PASSWORD = 'Demo@Pass2026';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export interface TestApp {
  /** Uploads bytes to POST /files; returns the HTTP status and JSON body. */
  upload(token: string | null, bytes: Uint8Array, fileName: string): Promise<{ status: number; body: any }>;
  db: TestDatabase;
  /** Where the server's LocalBlobStore keeps file bytes. */
  filesDir: string;
  server: RunningServer;
  demo: DemoResult;
  url: string;
  wsUrl: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  login(username: string, password?: string): Promise<string>;
  ws(token: string | null, options?: { params?: Record<string, unknown> }): WsTestClient;
  /**
   * Resolves once exactly `count` subscriptions listen on this server. graphql-ws sends no
   * "subscribed" acknowledgement, so a test that opens subscriptions waits on this (instead of a
   * fixed sleep) before it makes the change they should hear of. Exactly, so that subscriptions
   * an earlier test stopped and the server has not yet let go of do not count for new ones.
   */
  listening(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface WsTestClient {
  client: Client;
  closed: Promise<{ code: number; reason: string }>;
}

export async function startTestApp(
  options: { production?: boolean; jobs?: ServerOptions['jobs']; log?: Logger; server?: Pick<ServerOptions, 'corsOrigins' | 'explorer' | 'rateLimitPerMinute' | 'trustedProxies'> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const demo = await ensureDemoOrganisation(db.orm.em.fork(), DEMO_PASSWORD);
  if (!demo) throw new Error('the test database was not empty');
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-test-files-'));
  const server = await startServer({
    blobStore: new LocalBlobStore(filesDir),
    orm: db.orm,
    databaseUrl: db.url,
    port: 0,
    host: '127.0.0.1',
    log: options.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    production: options.production ?? false,
    // Every test speaks from 127.0.0.1, many requests a second: the flood guard only where a test is about it.
    rateLimitPerMinute: 0,
    // The job runner (deadline sweep) only where a test is about it.
    jobs: options.jobs ?? false,
    ...options.server,
  });
  const url = `http://127.0.0.1:${server.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${server.port}/graphql`;
  const clients: Client[] = [];

  const app: TestApp = {
    db,
    filesDir,
    server,
    demo,
    url,
    wsUrl,
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as never;
    },
    async upload(token, bytes, fileName) {
      const form = new FormData();
      form.append('file', new Blob([bytes]), fileName);
      const response = await fetch(`http://127.0.0.1:${server.port}/files`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: form,
      });
      return { status: response.status, body: await response.json() };
    },
    async login(username, password = DEMO_PASSWORD) {
      const result = await app.gql<{ login: { token: string | null; userErrors: { code: string }[] } }>(
        'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token userErrors { code message } } }',
        { u: username, p: password },
      );
      const token = result.data?.login.token;
      if (!token) throw new Error(`login of ${username} failed: ${JSON.stringify(result)}`);
      return token;
    },
    ws(token, wsOptions = {}) {
      let resolveClosed: (event: { code: number; reason: string }) => void = () => {};
      const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: wsOptions.params ?? (token ? { authorization: `Bearer ${token}` } : {}),
        on: {
          closed: (event) => {
            const { code, reason } = event as { code: number; reason: string };
            resolveClosed({ code, reason: String(reason) });
          },
        },
      });
      clients.push(client);
      return { client, closed };
    },
    async listening(count) {
      await eventually(() => expect(server.liveSubscriptions()).toBe(count), { timeout: 15_000, every: 10 });
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
      await server.stop();
      await db.close();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
  return app;
}

/** The first value of a subscription, or the error it ended with. */
export function nextValue<T = any>(client: Client, query: string, variables?: Record<string, unknown>) {
  const iterator = client.iterate<T>({ query, ...(variables ? { variables } : {}) });
  return {
    next: () => iterator.next(),
    stop: () => iterator.return?.(),
  };
}

export function usernameOf(app: TestApp, fullName: string): string {
  const account = app.demo.accounts.find((candidate) => candidate.fullName === fullName);
  if (!account) throw new Error(`no demo account named ${fullName}`);
  return account.username;
}

/** Demo usernames by role, as the demo agency creates them (src/domain/accounts/demo.ts). */
export const DEMO = {
  leader: 'minhnv.sct',
  deputy: 'lantt.sct',
  unitHead: 'namlh.sct',
  specialist: 'hantt.sct',
  clerk: 'maipt.sct',
  confidentialClerk: 'hunghv.sct',
  itOfficer: 'ducdd.sct',
  informationLead: 'hongvt.sct',
  mailboxReader: 'tambv.sct',
  oneStopDesk: 'hanhdt.sct',
  legalAppraiser: 'phaplv.sct',
} as const;

/**
 * A second organisation with the same units and people as the demo one; its usernames end in
 * `.${suffix}` (e.g. `hantt.khac`). For tenant-isolation tests.
 */
export async function addOrganisation(app: TestApp, suffix = 'khac') {
  return app.db.orm.em.fork().transactional((em) =>
    seedOrganisation(em, { name: `Sở Tư pháp (${suffix})`, abbreviation: 'STP', usernameSuffix: suffix }, DEMO_PASSWORD),
  );
}

/** Signs in as each person (role → username), with their account ids and the organisation's units by code. */
/** People of the second organisation (`addOrganisation`) that tests sign in beside the demo ones. */
export const OTHER_ORGANISATION_PEOPLE = { otherLeader: 'minhnv.khac', otherSpecialist: 'hantt.khac' } as const;

export interface SignedIn {
  tokens: Record<string, string>;
  ids: Record<string, string>;
  units: Record<string, string>;
}

/**
 * A test app with the demo people signed in, their tokens, ids and the units by code written into
 * `into`; with `otherOrganisation`, a second organisation too and its OTHER_ORGANISATION_PEOPLE.
 */
export async function startSignedIn(
  into: SignedIn,
  options: { otherOrganisation?: boolean; jobs?: ServerOptions['jobs'] } = {},
): Promise<TestApp> {
  const app = await startTestApp(options.jobs ? { jobs: options.jobs } : {});
  if (options.otherOrganisation) await addOrganisation(app);
  const signedIn = await signInAll(app, options.otherOrganisation ? { ...DEMO, ...OTHER_ORGANISATION_PEOPLE } : DEMO);
  Object.assign(into.tokens, signedIn.tokens);
  Object.assign(into.ids, signedIn.ids);
  Object.assign(into.units, signedIn.units);
  return app;
}

export async function signInAll(app: TestApp, people: Record<string, string>) {
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const units: Record<string, string> = {};
  for (const [role, username] of Object.entries(people)) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
  const reader = tokens.leader ?? Object.values(tokens)[0];
  for (const unit of (await app.gql('{ organisation { units { id code } } }', {}, reader)).data!.organisation.units) units[unit.code] = unit.id;
  return { tokens, ids, units };
}

/**
 * A logger that keeps the server's error lines (level 50 and up) for a test to look at, and
 * writes nothing: faults of ours are logged as errors, a client's mistakes are not.
 */
export function errorCollectingLog(): { log: Logger; errors: { msg: string; err?: { message?: string } }[] } {
  const errors: { msg: string; err?: { message?: string } }[] = [];
  const log = pino(
    { level: 'info' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
        if (entry.level >= 50) errors.push(entry);
      },
    },
  );
  return { log, errors };
}
