import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * graphql-ws's protocol server on a `ws` WebSocketServer: the library's own `use/ws` adapter, less
 * its console output. A client's bad frame (too large, not UTF-8) is logged as one JSON line
 * without a stack trace, like any malformed request; our own faults are logged as errors.
 */
export interface WsExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

const KEEP_ALIVE_MS = 12_000;
const UNEXPECTED_MESSAGE = /^Unexpected message of type \S+ received$/;

export function serveGraphQLWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, WsExtra>,
  wss: WebSocketServer,
  log: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;

  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => {
      log.info({ reason: error.message }, 'closed a WebSocket after a protocol error');
      socket.close(CloseCode.BadRequest, 'Bad request');
    });

    // Pings find connections that died without a close (a phone that lost its network).
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              // graphql-ws throws for a message of a type only a server sends (`next`, `error`,
              // `connection_ack`): the client's mistake, closed as a bad request (was 4500).
              if (error instanceof Error && UNEXPECTED_MESSAGE.test(error.message)) {
                log.info({ reason: error.message }, 'closed a WebSocket after a protocol error');
                socket.close(CloseCode.BadRequest, 'Invalid message received');
                return;
              }
              log.error({ err: error }, 'WebSocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingInterval);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
