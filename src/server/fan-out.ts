import { EventEmitter } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { Notice, NoticeDelivery, type NoticeDeliveryEntity } from '../domain/notices/notice.ts';
import type { DomainEvent } from '../domain/shared/events.ts';
import { forkForOrganisation } from './context.ts';
import { recordKindOf } from './record-kinds.ts';
import { SharedRows, shareRows } from './shared-rows.ts';

type NoticeSent = Extract<DomainEvent, { type: 'notice.sent' }>;
type RecordChanged = Extract<DomainEvent, { type: 'record.changed' }>;

/** What a record subscription receives: the event and the record as read once for everyone here. */
export interface RecordNews<T = { id: string }> {
  event: RecordChanged;
  record: T;
}

/** A recipient's notices: their own deliveries only ever reach this route. */
export const noticeRoute = (organisationId: string, accountId: string) => `notice/${organisationId}/${accountId}`;
/** Changes of one type of record in one organisation. */
export const recordRoute = (organisationId: string, recordType: string) => `${recordType}/${organisationId}`;

/** The part of a route that says whether anyone here listens for an organisation's events of a kind. */
function groupOf(route: string | symbol): string | null {
  if (typeof route !== 'string') return null;
  const [kind, organisationId] = route.split('/');
  return organisationId ? `${kind}/${organisationId}` : null;
}

/** The events that reach this instance in one turn of the event loop, per organisation, read together. */
interface Batch {
  rows: SharedRows;
  deliveries: DataLoader<string, NoticeDeliveryEntity[]>;
}

/**
 * Hands the bus's events to this instance's subscriptions, reading what they are about once for
 * all of them. Subscriptions listen on `routes` under a route: a notice goes only to its
 * recipients' routes, a record change to its type's route in its organisation; an event no one
 * here listens for is not read at all. Events that arrive in the same turn are read together, one
 * query per kind of row (SharedRows); each subscriber then checks its own rights in memory with the
 * policy's `canSee` (notices.ts, record-stream.ts). Events are handed on in the order they came.
 */
export class FanOut {
  readonly routes = new EventEmitter();
  private readonly orm: MikroORM;
  private readonly log: Logger;
  private readonly bus: EventEmitter;
  private readonly listening = new Map<string, number>();
  private readonly batches = new Map<string, Batch>();
  private order: Promise<void> = Promise.resolve();

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
    const loading = this.batch(event.organisationId).deliveries.load(event.noticeId);
    this.inOrder(loading, (deliveries) => {
      for (const delivery of deliveries) this.routes.emit(noticeRoute(event.organisationId, delivery.account.id), delivery);
    });
  };

  private readonly onRecord = (event: RecordChanged): void => {
    const kind = recordKindOf(event.recordType);
    const route = recordRoute(event.organisationId, event.recordType);
    if (!kind || !this.listening.has(route)) return;
    const rows = this.batch(event.organisationId).rows;
    this.inOrder(rows.load(kind.entity, event.recordId), (record) => {
      if (!record) return;
      shareRows(record, rows);
      this.routes.emit(route, { event, record } satisfies RecordNews);
    });
  };

  private batch(organisationId: string): Batch {
    const current = this.batches.get(organisationId);
    if (current) return current;
    const em = forkForOrganisation(this.orm, organisationId);
    const rows = new SharedRows(em);
    const batch: Batch = {
      rows,
      deliveries: new DataLoader(async (noticeIds) => {
        const found = await em.find(NoticeDelivery, { notice: { $in: [...noticeIds] } }, { populate: ['notice'] });
        const byNotice = new Map<string, NoticeDeliveryEntity[]>();
        for (const delivery of found) {
          rows.prime(Notice, delivery.notice.getEntity());
          shareRows(delivery, rows);
          const ofNotice = byNotice.get(delivery.notice.id);
          if (ofNotice) ofNotice.push(delivery);
          else byNotice.set(delivery.notice.id, [delivery]);
        }
        return noticeIds.map((id) => byNotice.get(id) ?? []);
      }),
    };
    this.batches.set(organisationId, batch);
    // Later events get a fresh read; these rows live on only with the items handed out.
    setImmediate(() => this.batches.delete(organisationId));
    return batch;
  }

  /** Reads run side by side; their results are handed on one after another, in arrival order. */
  private inOrder<T>(loading: Promise<T>, hand: (value: T) => void): void {
    const settled = loading.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    this.order = this.order.then(async () => {
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
  }
}
