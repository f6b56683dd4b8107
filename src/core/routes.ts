import type { EventEmitter } from 'node:events';
import type { DomainEvent } from './events.ts';
import type { Viewer } from './viewer.ts';

/**
 * What a record subscription receives: the event and the record as read once for everyone here;
 * for a change about a part of the record, that part (null when it is gone) with its policy's check.
 */
export interface RecordNews<T = { id: string }> {
  event: Extract<DomainEvent, { type: 'record.changed' }>;
  record: T;
  part?: { row: object | null; canSee: (viewer: Viewer, row: object) => boolean };
}

/** Where this instance's subscriptions listen for what the fan-out hands on (src/server/fan-out.ts). */
export interface FanOutRoutes {
  readonly routes: EventEmitter;
}

/** A recipient's notices: their own deliveries only ever reach this route. */
export const noticeRoute = (organisationId: string, accountId: string) => `notice/${organisationId}/${accountId}`;
/** Changes of one type of record in one organisation. */
export const recordRoute = (organisationId: string, recordType: string) => `${recordType}/${organisationId}`;
