import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Logger } from 'pino';
import { EVENT_CHANNEL, type DomainEvent } from '../core/events.ts';

/**
 * Receives the domain events every instance publishes with NOTIFY (on commit) over one dedicated
 * LISTEN connection, and re-emits them in this process by type. Reconnects when the connection
 * drops; events sent while it was down are not replayed (subscribers reload state on reconnect).
 */
export class EventBus extends EventEmitter {
  private client: pg.Client | null = null;
  private closed = false;
  private readonly url: string;
  private readonly log: Logger;

  constructor(url: string, log: Logger) {
    super();
    this.setMaxListeners(0);
    this.url = url;
    this.log = log;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel !== EVENT_CHANNEL || !message.payload) return;
      try {
        const event = JSON.parse(message.payload) as DomainEvent;
        this.emit(event.type, event);
      } catch (error) {
        this.log.warn({ err: error }, 'ignored a malformed event');
      }
    });
    client.on('error', (error) => {
      this.log.error({ err: error }, 'event connection failed; reconnecting');
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`listen ${EVENT_CHANNEL}`);
    this.client = client;
  }

  private reconnectLater(): void {
    const broken = this.client;
    this.client = null;
    void broken?.end().catch(() => {});
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed) this.start().catch(() => this.reconnectLater());
    }, 1000).unref();
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
