import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** A port nobody listens on now (the receiver and the relay of a test are started on one). */
export { freePort } from '../../src/db/embedded.ts';

/** A real SMTP client to a receiver on loopback (no TLS offered there). */
export function smtpClient(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
}

/** An SMTP server standing in for the agency's relay: keeps every raw message it accepts. */
export async function startRelay(port: number): Promise<{ received: { raw: Buffer; to: string[] }[]; stop(): Promise<void> }> {
  const received: { raw: Buffer; to: string[] }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((address) => address.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
