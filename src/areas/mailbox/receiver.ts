import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { AreaListener, ServerParts } from '../../core/module.ts';
import { ingest } from './ingest.ts';
import { Mailbox, type MailboxEntity } from './mailbox.ts';

/**
 * The SMTP receiver of the shared mailboxes (issue 15 §2): the agency's mail server forwards or
 * relays their mail to it. Off unless SMTP_PORT is set. Only clients on the allow-list
 * (SMTP_ALLOWED_CLIENTS, loopback when unset) may connect; with SMTP_USER and SMTP_PASSWORD they
 * must also authenticate; with SMTP_TLS_KEY and SMTP_TLS_CERT (PEM files) it offers STARTTLS.
 * Recipients other than a mailbox's address are refused at RCPT, a message over SMTP_MAX_BYTES
 * is refused with 552, and one that cannot be parsed or stored with a 451 (the sender retries),
 * so nothing is half-stored.
 */
export interface ReceiverConfig {
  port: number;
  host: string;
  allowedClients: readonly string[];
  user: string | null;
  password: string | null;
  tls: { key: Buffer; cert: Buffer } | null;
  maxBytes: number;
}

export function receiverConfig(environment: NodeJS.ProcessEnv = process.env): ReceiverConfig | null {
  if (!environment.SMTP_PORT) return null;
  const port = Number(environment.SMTP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SMTP_PORT must be a port number, not ${environment.SMTP_PORT}`);
  const list = (environment.SMTP_ALLOWED_CLIENTS ?? '127.0.0.1,::1,::ffff:127.0.0.1').split(',').map((entry) => entry.trim()).filter(Boolean);
  const key = environment.SMTP_TLS_KEY;
  const cert = environment.SMTP_TLS_CERT;
  return {
    port,
    host: environment.SMTP_HOST ?? '127.0.0.1',
    allowedClients: list,
    user: environment.SMTP_USER ?? null,
    password: environment.SMTP_PASSWORD ?? null,
    tls: key && cert ? { key: readFileSync(key), cert: readFileSync(cert) } : null,
    maxBytes: Number(environment.SMTP_MAX_BYTES ?? 30 * 1024 * 1024),
  };
}

/** Whether a client address is on the allow-list: exact addresses, or `prefix*` (e.g. `10.0.*`). */
export function allowedClient(list: readonly string[], address: string): boolean {
  const plain = address.replace(/^::ffff:/, '');
  return list.some((entry) => (entry.endsWith('*') ? plain.startsWith(entry.slice(0, -1)) || address.startsWith(entry.slice(0, -1)) : entry === address || entry === plain));
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

type Session = SMTPServerSession & { mailboxes?: MailboxEntity[] };

export async function startReceiver(orm: MikroORM, parts: Pick<ServerParts, 'store' | 'log'>, config: ReceiverConfig): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    name: 'vanthu',
    banner: 'Vanthu shared mailbox receiver',
    size: config.maxBytes,
    secure: false,
    ...(config.tls ? { key: config.tls.key, cert: config.tls.cert } : {}),
    authOptional: !config.user,
    disabledCommands: [...(config.tls ? [] : ['STARTTLS']), ...(config.user ? [] : ['AUTH'])],
    // Credentials only over TLS when there is a certificate; a test receiver on loopback has none.
    allowInsecureAuth: !config.tls,
    logger: false,
    onConnect(session, callback) {
      if (!allowedClient(config.allowedClients, session.remoteAddress)) return callback(smtpError(554, '5.7.1 Client not allowed'));
      callback();
    },
    onAuth(auth, _session, callback) {
      if (config.user && auth.username === config.user && auth.password === config.password) return callback(null, { user: auth.username });
      callback(smtpError(535, '5.7.8 Authentication failed'));
    },
    onMailFrom(_address, session, callback) {
      if (config.user && !session.user) return callback(smtpError(530, '5.7.0 Authentication required'));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: Session, callback) {
      const wanted = address.address.toLowerCase();
      orm.em
        .fork()
        .findOne(Mailbox, { address: wanted }, { filters: false })
        .then((mailbox) => {
          if (!mailbox) return callback(smtpError(550, '5.1.1 No such mailbox here'));
          session.mailboxes = [...(session.mailboxes ?? []).filter((known) => known.id !== mailbox.id), mailbox];
          callback();
        })
        .catch(() => callback(smtpError(451, '4.3.0 Temporary failure, try again')));
    },
    onData(stream, session: Session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
        const raw = Buffer.concat(chunks);
        ingest(orm, parts.store, { raw, mailboxes: session.mailboxes ?? [], clientAddress: session.remoteAddress, helo: session.hostNameAppearsAs, mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '' })
          .then(() => callback())
          .catch((error: unknown) => {
            parts.log.error({ err: error }, 'mail could not be stored');
            callback(smtpError(451, '4.3.0 Message could not be stored, try again'));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  server.on('error', (error) => parts.log.error({ err: error }, 'SMTP receiver error'));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  parts.log.info({ port, host: config.host }, 'SMTP receiver listening');
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The receiver as the server runs it: started with the server when SMTP_PORT is set. */
export const smtpReceiver: AreaListener = {
  name: 'mailbox-smtp',
  async start(parts) {
    const config = receiverConfig();
    if (!config) return { stop: async () => {} };
    return startReceiver(parts.orm, parts, config);
  },
};
