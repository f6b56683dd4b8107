import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Kind } from 'graphql';
import proxyAddr from 'proxy-addr';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Context } from '../core/context.ts';
import { answerJson } from '../core/http-answers.ts';

/**
 * Prometheus metrics at GET /metrics (issue 13 §9), with prom-client: GraphQL operations by name,
 * type and outcome with their latency, HTTP requests by route and status, the database pool,
 * WebSocket connections and live subscriptions, each job queue's depth, runs and the counts its
 * runs report (mail handed to the relay or refused, and whatever later jobs deliver). One registry
 * per server, so servers started side by side in one process (the tests) do not share counts.
 *
 * Who may read it: operators, not users. With METRICS_TOKEN set, a request bearing that token;
 * without it, only a client on the server's own host (a scraper beside it, or a proxy that does
 * not forward the address as trusted). Everyone else gets the same 404 as an unknown path.
 */

/** Label values a client chooses (operation names) are kept to this many; later ones read "other". */
const MAX_OPERATION_NAMES = 500;

/** Seconds: GraphQL answers are expected in milliseconds, exports and uploads in seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

export interface MetricSources {
  orm: MikroORM;
  connections(): number;
  subscriptions(): number;
  /** Each job queue's waiting and running jobs, read when scraped. */
  queues(): Promise<{ name: string; queued: number; active: number; failed: number }[]>;
}

export interface Metrics {
  /** Answers GET /metrics when it is for it (true), else false. */
  route(request: IncomingMessage, response: ServerResponse, url: URL, clientAddress: string): Promise<boolean>;
  /** Counts an HTTP request once its answer is sent; `route` is the path's family, not the path. */
  observeRequest(route: string, status: number, seconds: number): void;
  /** Counts GraphQL operations over HTTP and names them in the request's log line. */
  plugin: ApolloServerPlugin<Context>;
  /** Counts a job's run, its outcome and what it reports. */
  observeJob(queue: string, outcome: 'done' | 'failed', seconds: number, result?: object | void): void;
  /** What the server has only once it runs (sockets, jobs): read at each scrape. */
  attach(sources: MetricSources): void;
  registry: Registry;
}

export function createMetrics(token = process.env.METRICS_TOKEN): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vanthu_' });
  let sources: MetricSources | null = null;
  const registers = [registry];

  const operations = new Counter({
    name: 'vanthu_graphql_operations_total',
    help: 'GraphQL operations over HTTP by operation name, type (query, mutation) and outcome (ok, or the first error code).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers,
  });
  const operationSeconds = new Histogram({
    name: 'vanthu_graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to its answer, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: 'vanthu_http_requests_total',
    help: 'HTTP requests by route family (/graphql, /files, /exports…, "unmatched" for unknown paths) and status.',
    labelNames: ['route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'vanthu_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route family.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const jobRuns = new Counter({ name: 'vanthu_job_runs_total', help: 'Background job runs by queue and outcome (done, failed).', labelNames: ['queue', 'outcome'] as const, registers });
  const jobSeconds = new Histogram({ name: 'vanthu_job_duration_seconds', help: 'Time a background job ran, by queue.', labelNames: ['queue'] as const, buckets: LATENCY_BUCKETS, registers });
  const jobCounts = new Counter({
    name: 'vanthu_job_results_total',
    help: 'What background jobs report they did, by queue and count name (e.g. mail-send: sent, failed).',
    labelNames: ['queue', 'result'] as const,
    registers,
  });
  new Gauge({
    name: 'vanthu_websocket_connections',
    help: 'Open GraphQL WebSocket connections on this instance.',
    registers,
    collect() {
      this.set(sources?.connections() ?? 0);
    },
  });
  new Gauge({
    name: 'vanthu_subscriptions',
    help: 'Live subscriptions (notices and record changes) on this instance.',
    registers,
    collect() {
      this.set(sources?.subscriptions() ?? 0);
    },
  });
  new Gauge({
    name: 'vanthu_database_pool_connections',
    help: 'Connections of the database pool by state (total, idle, waiting: requests waiting for one).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      if (!sources) return;
      const pool = await sources.orm.em.getConnection().getNativeClient();
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'vanthu_job_queue_jobs',
    help: 'Jobs of each background queue by state (queued, active, failed: failed jobs still kept).',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      if (!sources) return;
      for (const queue of await sources.queues()) {
        this.set({ queue: queue.name, state: 'queued' }, queue.queued);
        this.set({ queue: queue.name, state: 'active' }, queue.active);
        this.set({ queue: queue.name, state: 'failed' }, queue.failed);
      }
    },
  });

  const knownNames = new Set<string>();
  function operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (knownNames.has(name)) return name;
    if (knownNames.size >= MAX_OPERATION_NAMES) return 'other';
    knownNames.add(name);
    return name;
  }

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, document, request, response, errors, contextValue }) {
          // An operation refused in validation has no resolved operation: its text still names it.
          const written = operation ?? document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
          const name = operationName ?? written?.name?.value ?? request.operationName ?? null;
          const label = operationLabel(name);
          const type = written?.operation ?? 'unknown';
          const answered = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const firstError = (errors ?? answered ?? [])[0];
          const code = firstError?.extensions?.['code'];
          operations.inc({ operation: label, type, outcome: firstError ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'ok' });
          operationSeconds.observe({ operation: label, type }, (performance.now() - started) / 1000);
          if (contextValue?.requestFacts) contextValue.requestFacts.operation = name;
        },
      };
    },
  };

  return {
    registry,
    plugin,
    attach(given) {
      sources = given;
    },
    observeRequest(route, status, seconds) {
      requests.inc({ route, status: String(status) });
      requestSeconds.observe({ route }, seconds);
    },
    observeJob(queue, outcome, seconds, result) {
      jobRuns.inc({ queue, outcome });
      jobSeconds.observe({ queue }, seconds);
      for (const [name, count] of Object.entries(result ?? {})) {
        if (typeof count === 'number' && count > 0) jobCounts.inc({ queue, result: name }, count);
      }
    },
    async route(request, response, url, clientAddress) {
      if (url.pathname !== '/metrics') return false;
      const allowed = token ? bears(request.headers.authorization, token) : isLoopback(clientAddress);
      if (!allowed || request.method !== 'GET') {
        answerJson(response, 404, { error: 'Not found' });
        return true;
      }
      const text = await registry.metrics();
      response.statusCode = 200;
      response.setHeader('content-type', registry.contentType);
      response.setHeader('cache-control', 'no-store');
      response.end(text);
      return true;
    },
  };
}

/** The token compared in constant time (by digest, so lengths do not tell either). */
function bears(authorization: string | undefined, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}

/** 127.0.0.0/8 and ::1, IPv4-mapped forms included: proxy-addr's own `loopback` range, as TRUSTED_PROXIES reads it. */
const isLoopback = (address: string): boolean => loopback(address, 0);
const loopback = proxyAddr.compile('loopback');

/**
 * The family of a path for the route label: its first segment when something answered it, so the
 * label's values are the server's routes, never what a client made up.
 */
export function routeFamily(pathname: string, status: number): string {
  if (status === 404) return 'unmatched';
  const first = /^\/[a-z][a-z-]{0,30}/.exec(pathname)?.[0];
  return first ?? '/';
}
