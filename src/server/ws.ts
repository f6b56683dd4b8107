import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST, GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate, nextRightsChange } from '../areas/accounts/sign-in.ts';
import { tokenFromParams } from './authentication.ts';
import type { DomainEvent } from '../core/events.ts';
import type { ConnectionState } from '../core/context.ts';
import { createContext } from './create-context.ts';
import type { EventBus } from './event-bus.ts';
import type { FanOut } from './fan-out.ts';
import { parsedOperations } from './parsed-operations.ts';
import { serveGraphQLWs } from './ws-adapter.ts';

/**
 * graphql-ws on the same server and path as HTTP. A connection authenticates once with the token
 * in `connectionParams`; after that it rebuilds its viewer at the moment any input of its rights
 * changes — an account event (rights, unit, title, status, delegations, the leader a delegation
 * comes from, the unit tree), or the clock (a delegation to or from it starting or ending) — and
 * closes with 4403 as soon as its session is revoked or expires.
 */
export const CLOSE_FORBIDDEN = 4403;
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = Number(process.env.MAX_SUBSCRIPTIONS_PER_CONNECTION ?? 50);
const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Connection extends ConnectionState {
  token: string;
  socket: WebSocket;
  expiry: NodeJS.Timeout | undefined;
  /** Fires at `validUntil`, to rebuild the viewer when its rights change by the clock. */
  clock: NodeJS.Timeout | undefined;
  /** When the viewer's rights next change by the clock alone (ms since the epoch; Infinity: never). */
  validUntil: number;
  /** The rebuild under way or waiting to start, if any: deliveries wait for it. */
  rebuilding: Promise<void> | null;
  /** Whether `rebuilding` has yet to start reading (a change asked for now is still seen by it). */
  queued: boolean;
  closing: boolean;
}

export function attachWebSocket(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  bus: EventBus;
  fanOut: FanOut;
  log: Logger;
  /** How errors reach a client: the same mask as over HTTP. */
  mask: (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError;
}) {
  const { httpServer, schema, orm, bus, fanOut, log, mask } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const parsed = parsedOperations(schema);
  const connections = new Map<WebSocket, Connection>();
  const byAccount = new Map<string, Set<Connection>>();

  function close(connection: Connection, reason: string) {
    connection.closing = true;
    connection.socket.close(CLOSE_FORBIDDEN, reason);
  }

  function watchExpiry(connection: Connection) {
    clearTimeout(connection.expiry);
    const remaining = connection.viewer.sessionExpiresAt.getTime() - Date.now();
    connection.expiry = setTimeout(() => close(connection, 'Session expired'), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
    connection.expiry.unref();
  }

  /** Rebuilds the viewer when the clock reaches the next instant its rights change. */
  function watchClock(connection: Connection, next: Date | null) {
    clearTimeout(connection.clock);
    connection.validUntil = next ? next.getTime() : Infinity;
    if (!next) return;
    const remaining = connection.validUntil - Date.now();
    connection.clock = setTimeout(() => void rebuild(connection), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
    connection.clock.unref();
  }

  async function reauthenticate(connection: Connection) {
    const em = orm.em.fork();
    const now = new Date();
    const [authentication, next] = await Promise.all([authenticate(em, connection.token, now), nextRightsChange(em, connection.token, now)]);
    if (!authentication.viewer) {
      close(connection, 'Session ended');
      return;
    }
    connection.viewer = authentication.viewer;
    watchExpiry(connection);
    watchClock(connection, next);
    connection.events.emit('viewer-updated');
  }

  /**
   * Rebuilds the viewer after whatever rebuild is under way: one asked for while another is still
   * waiting to start shares it (it reads after the change), so rebuilds never pile up.
   */
  function rebuild(connection: Connection): Promise<void> {
    if (connection.queued && connection.rebuilding) return connection.rebuilding;
    const previous = connection.rebuilding;
    connection.queued = true;
    const run: Promise<void> = (async () => {
      await previous;
      connection.queued = false;
      if (!connection.closing) await reauthenticate(connection);
    })()
      .catch((error: unknown) => {
        log.error({ err: error }, 'could not re-authenticate a WebSocket connection; closing it');
        close(connection, 'Session check failed');
      })
      .finally(() => {
        if (connection.rebuilding === run) connection.rebuilding = null;
      });
    connection.rebuilding = run;
    return run;
  }

  const onAccountEvent = (event: Extract<DomainEvent, { accountId: string }>) => {
    for (const connection of byAccount.get(event.accountId) ?? []) void rebuild(connection);
  };
  bus.on('sessions.revoked', onAccountEvent);
  bus.on('account.changed', onAccountEvent);

  const server = serveGraphQLWs(
    {
      schema,
      onConnect: async (context) => {
        const token = tokenFromParams(context.connectionParams);
        const em = orm.em.fork();
        const now = new Date();
        const [authentication, next] = await Promise.all([authenticate(em, token, now), token ? nextRightsChange(em, token, now) : null]);
        if (!authentication.viewer || !token) return false; // closes with 4403 Forbidden
        const connection: Connection = {
          token,
          viewer: authentication.viewer,
          socket: context.extra.socket,
          events: new EventEmitter(),
          expiry: undefined,
          clock: undefined,
          validUntil: Infinity,
          rebuilding: null,
          queued: false,
          closing: false,
          async fresh() {
            for (;;) {
              if (connection.closing) return null;
              if (connection.rebuilding) await connection.rebuilding;
              else if (Date.now() >= connection.validUntil) await rebuild(connection);
              else return connection.viewer;
            }
          },
        };
        connection.events.setMaxListeners(MAX_SUBSCRIPTIONS_PER_CONNECTION + 5);
        connections.set(connection.socket, connection);
        const siblings = byAccount.get(connection.viewer.accountId) ?? new Set();
        byAccount.set(connection.viewer.accountId, siblings.add(connection));
        watchExpiry(connection);
        watchClock(connection, next);
        return true;
      },
      onClose: (context) => {
        const connection = connections.get(context.extra.socket);
        if (!connection) return;
        connections.delete(connection.socket);
        connection.closing = true;
        clearTimeout(connection.expiry);
        clearTimeout(connection.clock);
        const siblings = byAccount.get(connection.viewer.accountId);
        siblings?.delete(connection);
        if (siblings?.size === 0) byAccount.delete(connection.viewer.accountId);
        connection.events.emit('closed');
      },
      context: (context) => {
        const connection = connections.get(context.extra.socket);
        const requestContext = createContext(orm, randomUUID(), log, connection?.viewer ?? null, connection ? null : 'INVALID');
        if (connection) requestContext.connection = connection;
        requestContext.fanOut = fanOut;
        return requestContext;
      },
      onSubscribe: (context, _id, payload) => {
        // The current subscription is already counted in `context.subscriptions`.
        if (Object.keys(context.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new GraphQLError(`Tối đa ${MAX_SUBSCRIPTIONS_PER_CONNECTION} đăng ký trên một kết nối.`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        const document = parsed(payload.query);
        // Refusals before execution go through the same mask (no schema hints in production).
        if (!('kind' in document)) return document.map((error) => new GraphQLError(mask(error.toJSON(), error).message, { extensions: error.extensions }));
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [new GraphQLError('Qua WebSocket chỉ nhận subscription; truy vấn và thay đổi gửi qua HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
      },
      onNext: (_context, _id, _payload, _args, result) => {
        const errors = (result as ExecutionResult).errors;
        if (!errors) return result;
        return { ...result, errors: errors.map((error) => mask(error.toJSON(), error)) } as never;
      },
    },
    wss,
    log,
  );

  return {
    connectionCount: () => connections.size,
    async dispose() {
      bus.off('sessions.revoked', onAccountEvent);
      bus.off('account.changed', onAccountEvent);
      await server.dispose();
    },
  };
}

