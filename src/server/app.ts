import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Context } from '../core/context.ts';
import { errorMask, isExpectedError } from '../core/errors.ts';
import { clientMistakesPlugin, formatError } from './client-errors.ts';
import { EventBus } from './event-bus.ts';
import { FanOut } from './fan-out.ts';
import { createRequestHandler } from './http.ts';
import { parseOrigins } from '../core/origins.ts';
import { createCorsPolicy } from './cors.ts';
import { principalOfRequest, viewerOfRequest } from './authentication.ts';
import { blobStoreFromEnvironment, type BlobStore } from '../areas/files/blob-store.ts';
import { limitRules, PARSE_OPTIONS } from './limits.ts';
import { costPlugin } from './cost.ts';
import { createMetrics } from './metrics.ts';
import { clientAddressOf } from './client-address.ts';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './rate-limit.ts';
import { createLogger } from './logger.ts';
import { buildSchema } from './schema.ts';
import { attachWebSocket } from './ws.ts';
import { startJobs, type JobOptions, type JobRunner } from './jobs.ts';
import type { ServerParts } from '../core/module.ts';
import { modules } from '../modules.ts';

export interface ServerOptions {
  orm: MikroORM;
  /** For the LISTEN connection of the event bus. */
  databaseUrl: string;
  port?: number;
  host?: string;
  log?: Logger;
  production?: boolean;
  /** Where file bytes go; from the environment (S3_BUCKET, else FILES_DIR) when absent. */
  blobStore?: BlobStore;
  /** Origins whose pages may call the API (CORS); from CORS_ORIGINS when absent. */
  corsOrigins?: string[];
  /** GraphiQL at GET /graphql for browsers; off in production unless EXPLORER=on, when absent. */
  explorer?: boolean;
  /** Background jobs (each area's AreaModule.jobs); on unless false. */
  jobs?: boolean | JobOptions;
  /** The areas' long-lived listeners (AreaModule.listeners); on unless false. */
  listeners?: boolean;
  /** Requests a client address may make a minute before 429 (0: no limit); RATE_LIMIT_PER_MINUTE or 1200 when absent. */
  rateLimitPerMinute?: number;
  /** Proxies whose X-Forwarded-For is believed; TRUSTED_PROXIES when absent. */
  trustedProxies?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  connectionCount(): number;
  /** Subscriptions listening for notices and record changes in this process, for leak checks. */
  liveSubscriptions(): number;
  /** The background job runner, when jobs are on. */
  jobs: JobRunner | null;
  /** Graceful: stops accepting, finishes requests in flight, closes WebSockets (1001). */
  stop(): Promise<void>;
}

/** Starts HTTP and WebSocket GraphQL on one port. The database's lifetime is the caller's. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger();
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const explorer = options.explorer ?? (!production || process.env.EXPLORER === 'on');
  const schema = buildSchema();
  const bus = new EventBus(options.databaseUrl, log);
  await bus.start();
  const fanOut = new FanOut({ bus, orm: options.orm, log });

  const httpServer = createServer();
  const mask = errorMask({ hideSchemaDetails: production, base: formatError });
  const webSocket = attachWebSocket({ httpServer, schema, orm: options.orm, bus, fanOut, log, mask });
  const metrics = createMetrics();
  const apollo = new ApolloServer<Context>({
    schema,
    validationRules: limitRules,
    parseOptions: PARSE_OPTIONS,
    // The explorer reads the schema's documentation by introspection: on with it.
    introspection: !production || explorer,
    // Never, not even in development: a stack trace tells apart errors that must read the same
    // (a missing record and a hidden one); it goes to the server's log instead.
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    stopOnTerminationSignals: false,
    // Apollo strips the hints from validation errors; the mask, from every other message too.
    hideSchemaDetailsFromClientErrors: production,
    formatError: mask,
    // Apollo's own messages (an unexpected error processing a request) into the JSON log too.
    logger: log,
    plugins: [
      metrics.plugin,
      clientMistakesPlugin,
      costPlugin(schema),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) },
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of per-viewer answers; the plugin would otherwise wrap every field.
      ApolloServerPluginCacheControlDisabled(),
      {
        requestDidStart: async () => ({
          didEncounterErrors: async ({ errors, contextValue }) => {
            for (const error of errors) {
              if (!isExpectedError(error)) (contextValue?.log ?? log).error({ err: error.originalError ?? error }, 'resolver failed');
            }
          },
        }),
      },
    ],
  });
  await apollo.start();
  const store = options.blobStore ?? blobStoreFromEnvironment();
  const addressOf = clientAddressOf(options.trustedProxies ?? process.env.TRUSTED_PROXIES);
  const parts: ServerParts = { orm: options.orm, log, store, viewerOf: viewerOfRequest(options.orm, addressOf), principalOf: principalOfRequest(options.orm, addressOf) };
  const cors = createCorsPolicy(options.corsOrigins ?? parseOrigins(process.env.CORS_ORIGINS));
  httpServer.on(
    'request',
    createRequestHandler({
      apollo,
      parts,
      cors,
      explorer,
      clientAddressOf: addressOf,
      rateLimitPerMinute: options.rateLimitPerMinute ?? Number(process.env.RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE),
      metrics,
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4000, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const jobs = options.jobs === false ? null : await startJobs(parts, options.databaseUrl, { ...(options.jobs === true ? {} : options.jobs), metrics });
  metrics.attach({ orm: options.orm, connections: webSocket.connectionCount, subscriptions: () => fanOut.subscriptions(), queues: async () => (jobs ? jobs.queues() : []) });
  const listeners = options.listeners === false ? [] : await Promise.all(modules.flatMap((module) => module.listeners ?? []).map((listener) => listener.start(parts)));
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    httpServer,
    connectionCount: webSocket.connectionCount,
    liveSubscriptions: () => fanOut.subscriptions(),
    jobs,
    async stop() {
      await Promise.all(listeners.map((listener) => listener.stop()));
      await jobs?.stop();
      await apollo.stop();
      fanOut.stop();
      await bus.stop();
    },
  };
}
