import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST, GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticate } from '../areas/accounts/sign-in.ts';
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
 * in `connectionParams`; after that it re-authenticates whenever its account changes, and closes
 * with 4403 as soon as its session is revoked or expires.
 */
export const CLOSE_FORBIDDEN = 4403;
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = Number(process.env.MAX_SUBSCRIPTIONS_PER_CONNECTION ?? 50);
const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Connection extends ConnectionState {
  token: string;
  socket: WebSocket;
  expiry: NodeJS.Timeout | undefined;
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
    connection.socket.close(CLOSE_FORBIDDEN, reason);
  }

  function watchExpiry(connection: Connection) {
    clearTimeout(connection.expiry);
    const remaining = connection.viewer.sessionExpiresAt.getTime() - Date.now();
    connection.expiry = setTimeout(() => close(connection, 'Session expired'), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
    connection.expiry.unref();
  }

  async function reauthenticate(connection: Connection) {
    const authentication = await authenticate(orm.em.fork(), connection.token);
    if (!authentication.viewer) {
      close(connection, 'Session ended');
      return;
    }
    connection.viewer = authentication.viewer;
    watchExpiry(connection);
    connection.events.emit('viewer-updated');
  }

  const onAccountEvent = (event: Extract<DomainEvent, { accountId: string }>) => {
    for (const connection of byAccount.get(event.accountId) ?? []) {
      reauthenticate(connection).catch((error: unknown) => {
        log.error({ err: error }, 'could not re-authenticate a WebSocket connection; closing it');
        close(connection, 'Session check failed');
      });
    }
  };
  bus.on('sessions.revoked', onAccountEvent);
  bus.on('account.changed', onAccountEvent);

  const server = serveGraphQLWs(
    {
      schema,
      onConnect: async (context) => {
        const token = tokenFromParams(context.connectionParams);
        const authentication = await authenticate(orm.em.fork(), token);
        if (!authentication.viewer || !token) return false; // closes with 4403 Forbidden
        const connection: Connection = {
          token,
          viewer: authentication.viewer,
          socket: context.extra.socket,
          events: new EventEmitter(),
          expiry: undefined,
        };
        connection.events.setMaxListeners(MAX_SUBSCRIPTIONS_PER_CONNECTION + 5);
        connections.set(connection.socket, connection);
        const siblings = byAccount.get(connection.viewer.accountId) ?? new Set();
        byAccount.set(connection.viewer.accountId, siblings.add(connection));
        watchExpiry(connection);
        return true;
      },
      onClose: (context) => {
        const connection = connections.get(context.extra.socket);
        if (!connection) return;
        connections.delete(connection.socket);
        clearTimeout(connection.expiry);
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

