import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** A port nobody listens on now (the receiver and the relay of a test are started on one). */
export { freePort } from '../../src/db/embedded.ts';

/** A real SMTP client to a receiver on loopback (no TLS offered there). */
export function smtpClient(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
}

/**
 * An SMTP server standing in for the agency's relay: keeps every raw message it accepts. It listens
 * on a port of its own choosing (`url` names it), so no other test's server can take that port
 * between choosing and using it; while `down` is set it answers every connection with 421, as a
 * relay out of service does.
 */
export async function startRelay(): Promise<{ url: string; down: boolean; received: { raw: Buffer; to: string[] }[]; stop(): Promise<void> }> {
  const received: { raw: Buffer; to: string[] }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      callback(relay.down ? Object.assign(new Error('Dịch vụ tạm ngừng'), { responseCode: 421 }) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((address) => address.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const relay = { url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, down: false, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  return relay;
}
