import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { answerRateLimited, authenticateRequest } from './authentication.ts';
import { answerJson } from '../core/http-answers.ts';
import type { Context } from '../core/context.ts';
import { createContext } from './create-context.ts';
import type { ServerParts } from '../core/module.ts';
import { modules } from '../modules.ts';
import type { CorsPolicy } from './cors.ts';
import { createExplorer } from './explorer.ts';
import type { ClientAddressOf } from './client-address.ts';
import { createRateLimit } from './rate-limit.ts';
import { refuseBeforeParsing } from './client-errors.ts';
import { routeFamily, type Metrics } from './metrics.ts';

/**
 * The HTTP side: /graphql through Apollo Server (a small node:http integration over
 * executeHTTPGraphQLRequest), /healthz (process up) and /readyz (database reachable).
 */
export const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES ?? 1024 * 1024);

/** How long /readyz waits for the database before answering 503. */
const READY_TIMEOUT_MS = 800;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/(graphql-response\+)?json\b/i.test(type)) {
    request.resume();
    return undefined;
  }
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new HttpError(413, 'Payload too large');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Payload too large');
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The client went away before its body ended (ECONNRESET 'aborted'): its doing, not a fault of ours.
    throw new HttpError(400, 'Request body cut off');
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Invalid JSON body');
  }
}

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Every area's HTTP routes (AreaModule.httpRoutes), tried in module order. */
const areaRoutes = modules.flatMap((module) => module.httpRoutes ?? []);

export interface RequestHandlerOptions {
  apollo: ApolloServer<Context>;
  parts: ServerParts;
  cors: CorsPolicy;
  explorer: boolean;
  clientAddressOf: ClientAddressOf;
  /** Requests per client address a minute (0: none). */
  rateLimitPerMinute: number;
  metrics: Metrics;
}

/** What a request's log line says beyond method, path and status, learnt while it is served. */
interface RequestFacts {
  operation?: string | null;
  accountId?: string;
  apiKeyId?: string;
}

export function createRequestHandler(options: RequestHandlerOptions) {
  const { apollo, parts, cors } = options;
  const { orm, log } = parts;
  const explorer = options.explorer ? createExplorer() : null;
  const rateLimit = createRateLimit(options.rateLimitPerMinute);

  async function handle(request: IncomingMessage, response: ServerResponse, requestId: string, requestLog: Logger, clientAddress: string, facts: RequestFacts) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return answerJson(response, 200, { status: 'ok' });
    // The scraper, like the supervisor, is never limited.
    if (await options.metrics.route(request, response, url, clientAddress)) return;
    // Health checks come from the supervisor and are never limited; everything else is.
    if (url.pathname !== '/readyz' && (await rateLimit.refuses(clientAddress, response))) {
      request.resume();
      return;
    }
    if (url.pathname === '/readyz') {
      try {
        // A stalled database (or a pool with no free connection) is not ready: 503 within a second.
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        });
        try {
          await Promise.race([orm.em.fork().execute('select 1'), stalled]);
        } finally {
          clearTimeout(timer);
        }
        return answerJson(response, 200, { status: 'ready' });
      } catch (error) {
        requestLog.warn({ err: error }, 'database not reachable');
        return answerJson(response, 503, { status: 'database unreachable' });
      }
    }
    if (cors.handle(request, response, url.pathname)) return;
    if (explorer && (await explorer(request, response, url))) return;
    const requestParts = { ...parts, log: requestLog };
    for (const route of areaRoutes) if (await route(request, response, url, requestParts)) return;
    if (url.pathname !== '/graphql') return answerJson(response, 404, { error: 'Not found' });

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = request.method === 'POST' ? await readJsonBody(request) : undefined;
    const refused = refuseBeforeParsing(body, url.search);
    if (refused) {
      requestLog.info({ reason: refused.errors[0]?.extensions?.['code'] }, 'rejected request');
      return answerJson(response, 400, refused);
    }
    const authentication = await authenticateRequest(orm, request, clientAddress);
    // A key over its rate (kept across instances) is answered before any parsing.
    if (answerRateLimited(response, authentication)) return;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: async () => {
        if (authentication.viewer) facts.accountId = authentication.viewer.accountId;
        if (authentication.client) facts.apiKeyId = authentication.client.keyId;
        const context = createContext(orm, requestId, requestLog, authentication.viewer, authentication.problem, clientAddress, authentication.client);
        context.requestFacts = facts;
        return context;
      },
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }

  return (request: IncomingMessage, response: ServerResponse) => {
    const requestId = requestIdOf(request);
    const clientAddress = options.clientAddressOf(request);
    const requestLog = log.child({ requestId, clientAddress });
    const started = performance.now();
    response.setHeader('x-request-id', requestId);
    const facts: RequestFacts = {};
    response.on('finish', () => {
      const ms = performance.now() - started;
      requestLog.info({ method: request.method, path: request.url, status: response.statusCode, ms: Math.round(ms), ...facts }, 'request');
      options.metrics.observeRequest(routeFamily(new URL(request.url ?? '/', 'http://localhost').pathname, response.statusCode), response.statusCode, ms / 1000);
    });
    handle(request, response, requestId, requestLog, clientAddress, facts).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // A client's malformed request: said plainly, no stack trace in the log.
        requestLog.info({ status: error.status, reason: error.message }, 'rejected request');
        if (!response.headersSent) answerJson(response.setHeader('connection', 'close'), error.status, { error: error.message });
        return;
      }
      requestLog.error({ err: error }, 'request failed');
      if (!response.headersSent) answerJson(response, 500, { error: 'Internal server error' });
      else response.destroy();
    });
  };
}
