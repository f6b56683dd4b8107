import { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { Notice, NoticeDelivery, type NoticeDeliveryEntity } from '../areas/notices/notice.ts';
import { Account } from '../areas/accounts/account.ts';
import type { DomainEvent } from '../core/events.ts';
import type { Viewer } from '../core/viewer.ts';
import { forkForOrganisation } from '../core/context.ts';
import { recordKindOf } from './record-kinds.ts';
import { SharedRows, shareRows } from '../core/shared-rows.ts';
import { noticeRoute, recordRoute, type FanOutRoutes, type RecordNews } from '../core/routes.ts';

type NoticeSent = Extract<DomainEvent, { type: 'notice.sent' }>;
type RecordChanged = Extract<DomainEvent, { type: 'record.changed' }>;


/** The part of a route that says whether anyone here listens for an organisation's events of a kind. */
function groupOf(route: string | symbol): string | null {
  if (typeof route !== 'string') return null;
  const [kind, organisationId] = route.split('/');
  return organisationId ? `${kind}/${organisationId}` : null;
}

/** Events of one organisation read together (see FanOut.batch). */
interface Batch {
  rows: SharedRows;
  deliveries: DataLoader<string, NoticeDeliveryEntity[]>;
  /** Open once the previous batch's reads are done. */
  gate: Promise<void>;
  reads: Promise<unknown>[];
}

/**
 * Hands the bus's events to this instance's subscriptions, reading what they are about once for
 * all of them. Subscriptions listen on `routes` under a route: a notice goes only to its
 * recipients' routes, a record change to its type's route in its organisation; an event no one
 * here listens for is not read at all. Events are read in batches, one query per kind of row
 * (SharedRows), one batch at a time per organisation; each subscriber then checks its own rights
 * in memory with the policy's `canSee` (notices.ts, record-stream.ts). Events are handed on in
 * the order they came.
 */
export class FanOut implements FanOutRoutes {
  readonly routes = new EventEmitter();
  private readonly orm: MikroORM;
  private readonly log: Logger;
  private readonly bus: EventEmitter;
  private readonly listening = new Map<string, number>();
  /** Per organisation: the batch still taking events, and the reads of the one before. */
  private readonly filling = new Map<string, Batch>();
  private readonly reading = new Map<string, Promise<unknown>>();
  /** Per organisation: the hand-off of its events in arrival order (no one sees another's order). */
  private readonly order = new Map<string, Promise<void>>();

  constructor(options: { bus: EventEmitter; orm: MikroORM; log: Logger }) {
    this.bus = options.bus;
    this.orm = options.orm;
    this.log = options.log;
    this.routes.setMaxListeners(0);
    this.routes.on('newListener', (route: string | symbol) => this.count(route, 1));
    this.routes.on('removeListener', (route: string | symbol) => this.count(route, -1));
    this.bus.on('notice.sent', this.onNotice);
    this.bus.on('record.changed', this.onRecord);
  }

  /** Subscriptions listening here, for leak checks. */
  subscriptions(): number {
    let total = 0;
    for (const count of this.listening.values()) total += count;
    return total;
  }

  stop(): void {
    this.bus.off('notice.sent', this.onNotice);
    this.bus.off('record.changed', this.onRecord);
  }

  private count(route: string | symbol, delta: number): void {
    const group = groupOf(route);
    if (!group) return;
    const count = (this.listening.get(group) ?? 0) + delta;
    if (count > 0) this.listening.set(group, count);
    else this.listening.delete(group);
  }

  private readonly onNotice = (event: NoticeSent): void => {
    if (!this.listening.has(`notice/${event.organisationId}`)) return;
    const loading = this.read(event.organisationId, (batch) => batch.deliveries.load(event.noticeId));
    this.inOrder(event.organisationId, loading, (deliveries) => {
      for (const delivery of deliveries) this.routes.emit(noticeRoute(event.organisationId, delivery.account.id), delivery);
    });
  };

  private readonly onRecord = (event: RecordChanged): void => {
    const kind = recordKindOf(event.recordType);
    const route = recordRoute(event.organisationId, event.recordType);
    if (!kind || !this.listening.has(route)) return;
    // A change about a part of the record (a linked document) is heard only by who may see that part.
    const partKind = event.part ? recordKindOf(event.part.type) : undefined;
    const loading = this.read(event.organisationId, async (batch) => {
      const [record, partRow] = await Promise.all([
        batch.rows.load(kind.entity, event.recordId),
        event.part && partKind ? batch.rows.load(partKind.entity, event.part.id) : null,
      ]);
      if (record && kind.alongside) await kind.alongside(record, batch.rows);
      if (partRow && partKind?.alongside) await partKind.alongside(partRow, batch.rows);
      return { rows: batch.rows, record, partRow };
    });
    this.inOrder(event.organisationId, loading, ({ rows, record, partRow }) => {
      if (!record) return;
      shareRows(record, rows);
      // A part of a kind no module knows reads as gone: no one hears of it (fail closed).
      const canSee = (viewer: Viewer, row: object) => (partKind ? partKind.policy.canSee(viewer, row as { id: string }) : false);
      const part = event.part ? { row: partRow ?? null, canSee } : undefined;
      this.routes.emit(route, { event, record, ...(part ? { part } : {}) } satisfies RecordNews);
    });
  };

  /** Reads what an event needs with the batch of its organisation now filling up. */
  private read<T>(organisationId: string, load: (batch: Batch) => Promise<T>): Promise<T> {
    const batch = this.batch(organisationId);
    const reading = batch.gate.then(() => load(batch));
    batch.reads.push(reading);
    return reading;
  }

  /**
   * The organisation's batch still taking events. Its reads start when the previous batch's are
   * done, at once when there is none: an event alone is read straight away, and under load what
   * arrives while a read is in flight is read together next, so batches grow instead of queries.
   */
  private batch(organisationId: string): Batch {
    const filling = this.filling.get(organisationId);
    if (filling) return filling;
    const previous = this.reading.get(organisationId) ?? Promise.resolve();
    const em = forkForOrganisation(this.orm, organisationId);
    const rows = new SharedRows(em);
    const batch: Batch = {
      rows,
      deliveries: new DataLoader(async (noticeIds) => {
        // The notices with their senders too, side by side: every notice is shown with its sender,
        // and each subscriber's loaders then find them here instead of asking again.
        const [found, notices] = await Promise.all([
          em.find(NoticeDelivery, { notice: { $in: [...noticeIds] } }),
          em.find(Notice, { id: { $in: [...noticeIds] } }, { populate: ['sender'] }),
        ]);
        for (const notice of notices) {
          rows.prime(Notice, notice);
          // The system's reminders have no sender.
          if (notice.sender?.isInitialized()) rows.prime(Account, notice.sender.getEntity());
        }
        const byNotice = new Map<string, NoticeDeliveryEntity[]>();
        for (const delivery of found) {
          shareRows(delivery, rows);
          const ofNotice = byNotice.get(delivery.notice.id);
          if (ofNotice) ofNotice.push(delivery);
          else byNotice.set(delivery.notice.id, [delivery]);
        }
        return noticeIds.map((id) => byNotice.get(id) ?? []);
      }),
      gate: previous.then(() => {
        // Closed: later events start the next batch, which waits for these reads. These rows
        // live on only with the items handed out.
        this.filling.delete(organisationId);
        const done: Promise<unknown> = Promise.allSettled(batch.reads).then(() => {
          if (this.reading.get(organisationId) === done) this.reading.delete(organisationId);
        });
        this.reading.set(organisationId, done);
      }),
      reads: [],
    };
    this.filling.set(organisationId, batch);
    return batch;
  }

  /**
   * Reads may end in any order; an organisation's results go on in arrival order. Organisations do
   * not wait for one another: a slow read of one holds back none of another's events.
   */
  private inOrder<T>(organisationId: string, loading: Promise<T>, hand: (value: T) => void): void {
    const settled = loading.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const handed = (this.order.get(organisationId) ?? Promise.resolve()).then(async () => {
      const outcome = await settled;
      if ('error' in outcome) {
        this.log.error({ err: outcome.error }, 'could not read an event for its subscribers');
        return;
      }
      try {
        hand(outcome.value);
      } catch (error) {
        this.log.error({ err: error }, 'could not hand an event to its subscribers');
      }
    });
    this.order.set(organisationId, handed);
    // The last hand-off of an organisation leaves no entry behind.
    void handed.then(() => {
      if (this.order.get(organisationId) === handed) this.order.delete(organisationId);
    });
  }
}
