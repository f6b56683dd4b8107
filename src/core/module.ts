import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntitySchema, Routine } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { BlobStore } from './blob-store.ts';
import type { ApiClient, ClientAuthenticator } from './client.ts';
import type { ViewerOfRequest } from './http-answers.ts';
import type { Context } from './context.ts';
import type { NodeType } from './ids.ts';
import type { LoaderMakers, Loaders } from './loaders.ts';
import type { RecordKind } from './record-kind.ts';
import type { Viewer } from './viewer.ts';

/**
 * An area of the e-office (documents, routing, tasks…) as the server assembles it: its part of the
 * schema, its resolvers and its entities. Each area's `module.ts` exports one; `src/modules.ts`
 * lists them, and the schema, resolvers, entity list, loaders, node types and record kinds are
 * all built from that one list.
 */
export interface AreaModule {
  name: string;
  /** The area's SDL (every .graphql file in its folder). */
  typeDefs: string[];
  /** Resolver maps (typed per area with the generated `Resolvers`). */
  resolvers: object[];
  /** Every entity of the area. */
  entities: EntitySchema[];
  /** Of those, the ones carrying an organisation: the tenant filter applies to them. */
  tenantEntities: EntitySchema[];
  /** SQL functions the area's schema needs (generated columns, indexes), kept by migrations. */
  routines?: Routine[];
  /** The area's per-request loaders (each also declared into `Loaders` in its loaders.ts). */
  loaders?: LoaderMakers;
  /** How `node(id:)` reads each node type the area owns: through a loader, so its policy. */
  nodes?: { [T in NodeType]?: NodeReader };
  /** The records of the area one may subscribe to the changes of. */
  recordKinds?: RecordKind<never>[];
  /** Who may download an uploaded file that the area's records hold (GET /files/<id>). */
  fileAccess?: FileAccessRule;
  /** The area's HTTP routes beside /graphql (exports, feeds, public pages), tried in module order. */
  httpRoutes?: HttpRoute[];
  /** The area's background jobs (pg-boss queues), run by every instance's job runner. */
  jobs?: AreaJob[];
  /** Long-lived listeners the area runs beside the HTTP server (e.g. an SMTP receiver). */
  listeners?: AreaListener[];
  /** Machine credentials the area resolves from a bearer token (API keys): a principal apart from people. */
  authenticators?: ClientAuthenticator[];
}

/** What the server hands an area's routes, jobs and listeners. */
export interface ServerParts {
  orm: MikroORM;
  log: Logger;
  /** Where file bytes are kept. */
  store: BlobStore;
  /** The viewer of a request by its bearer token, answering 401 itself when there is none. */
  viewerOf: ViewerOfRequest;
  /**
   * The person or the machine (API key) behind a request to a route that accepts both, answering
   * 401 (or 429 for a key over its rate) itself when there is neither. Routes for people only use `viewerOf`.
   */
  principalOf: PrincipalOfRequest;
}

export type Principal = { viewer: Viewer; client: null } | { viewer: null; client: ApiClient };
export type PrincipalOfRequest = (request: IncomingMessage, response: ServerResponse) => Promise<Principal | null>;

/**
 * One HTTP route (or family of routes) of an area: true when it answered the request, false to let
 * the next route try. It answers with src/core/http-answers.ts and the same rules as GraphQL.
 */
export type HttpRoute = (request: IncomingMessage, response: ServerResponse, url: URL, parts: ServerParts) => Promise<boolean>;

/**
 * A background job on its own pg-boss queue. With a cron it is scheduled once across instances
 * (the schedule is kept in the database); a singleton queue runs one at a time.
 */
export interface AreaJob {
  /** The queue's name, unique across areas. */
  queue: string;
  /** When it runs (cron, Asia/Ho_Chi_Minh); none for a queue fed only by `runNow` or by the area. */
  cron?: string;
  /** The environment variable that overrides the cron (e.g. JOBS_SWEEP_CRON). */
  cronVariable?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** The work; what it returns (counts by name) is logged when any count is not zero. */
  run(parts: ServerParts, data: object): Promise<object | void>;
}

/** Something an area runs for the life of the server, stopped before the database closes. */
export interface AreaListener {
  name: string;
  start(parts: ServerParts): Promise<{ stop(): Promise<void> }>;
}

/**
 * Whether the viewer may download an uploaded file, by the records of one area that hold it: null
 * when none does. A file is downloadable when some area allows it; one no area holds, only by its
 * uploader. The file's organisation is checked before.
 */
export type FileAccessRule = (em: EntityManager, viewer: Viewer, file: { id: string }) => Promise<boolean | null>;

/** `node(id:)` for one type: the loader that reads it, and what reading it by id also does. */
export interface NodeReader {
  loader: (loaders: Loaders) => { load(id: string): Promise<object | null> };
  /** E.g. a document read by id is a view, kept in its access history. */
  read?: (context: Context, node: never) => Promise<object> | object;
}

/** The SDL files of a folder, read once at start (`folder` is a module's `import.meta.url`). */
export function sdlOf(moduleUrl: string): string[] {
  const folder = new URL('.', moduleUrl);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, folder), 'utf8'));
}
