import type { EntityManager } from '@mikro-orm/postgresql';
import type { NodeType } from './ids.ts';

/**
 * Change events for other server instances and open subscriptions. They go out through PostgreSQL
 * NOTIFY inside the caller's transaction, so they are delivered on commit and never for a change
 * that rolled back. They carry ids only: every receiver reloads through its own authorized path.
 */
export const EVENT_CHANNEL = 'vanthu_events';

export type DomainEvent =
  /** Some sessions of the account ended (sign-out, lock, disable, password change or reset). */
  | { type: 'sessions.revoked'; accountId: string }
  /** The account's rights, unit, title or delegations changed. */
  | { type: 'account.changed'; accountId: string; organisationId: string }
  /**
   * A record changed (an audited act on it): subscribers reload it through their own rules; when
   * the change is about a part of it (`part`: a document linked into a work file), only those who
   * may see that part hear of it.
   */
  | { type: 'record.changed'; organisationId: string; recordType: NodeType; recordId: string; action: string; part?: { type: NodeType; id: string } }
  /** A notice was sent: its recipients are read back from the database by each receiver. */
  | { type: 'notice.sent'; organisationId: string; noticeId: string };

export async function publish(em: EntityManager, event: DomainEvent): Promise<void> {
  await publishAll(em, [event]);
}

/** Several events in one statement (delivered on commit, in this order). */
export async function publishAll(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  // One JSON array of payloads (the driver would spread a JavaScript array into a list).
  await em.execute('select pg_notify(?, payload) from json_array_elements_text(?::json) as payload', [
    EVENT_CHANNEL,
    JSON.stringify(events.map((event) => JSON.stringify(event))),
  ]);
}
