import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { appendAudit } from '../../core/audit/trail.ts';
import { signatureHeader } from './webhook-signing.ts';

/**
 * The job that sends due webhook deliveries (queue integrators.webhooks): in order per record (a
 * delivery waits while an earlier one of the same record to the same endpoint is pending), each
 * attempt logged with its status and latency, failures retried with exponential backoff, and an
 * endpoint failing for a day disabled (recorded on the audit trail for its organisation's IT officers).
 */
const BATCH = 100;
const MAX_ATTEMPTS = 15;
const TIMEOUT_MS = 10_000;
const DISABLE_AFTER_MS = 24 * 3600 * 1000;

/** Seconds before the n-th retry: WEBHOOKS_RETRY_SECONDS (30) doubled each time, at most six hours. */
export function backoffSeconds(attempts: number): number {
  const base = Number(process.env.WEBHOOKS_RETRY_SECONDS ?? 30);
  return Math.min((Number.isFinite(base) && base >= 0 ? base : 30) * 2 ** Math.max(0, attempts - 1), 6 * 3600);
}

interface DueRow {
  id: string;
  organisation_id: string;
  endpoint_id: string;
  record_id: string;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
}

export async function sendDueDeliveries(orm: MikroORM, log: Logger): Promise<{ delivered: number; failed: number; disabled: number }> {
  const em = orm.em.fork();
  const due = await em.execute<DueRow[]>(
    `select d.id, d.organisation_id, d.endpoint_id, d.record_id, d.payload, d.attempts, e.url, e.secret, e.previous_secret, e.previous_secret_until, e.failing_since
       from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
      where d.status = 'PENDING' and d.next_attempt_at <= now() and e.disabled_at is null
        and not exists (select 1 from webhook_delivery p where p.endpoint_id = d.endpoint_id and p.record_id = d.record_id and p.status = 'PENDING'
                          and (p.created_at, p.id) < (d.created_at, d.id))
      order by d.created_at, d.id
      limit ${BATCH}`,
  );
  let delivered = 0;
  let failed = 0;
  let disabled = 0;
  const blocked = new Set<string>();
  const disabledEndpoints = new Set<string>();
  for (const row of due) {
    if (blocked.has(`${row.endpoint_id}:${row.record_id}`) || disabledEndpoints.has(row.endpoint_id)) continue;
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const messageId = `msg_${row.id}`;
    const secrets = [row.secret, ...(row.previous_secret && row.previous_secret_until && new Date(row.previous_secret_until) > now ? [row.previous_secret] : [])];
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader(secrets, messageId, timestamp, row.payload) },
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (cause) {
      error = (cause as Error).message.slice(0, 500);
    }
    const latency = Math.round(performance.now() - started);
    if (!error) {
      delivered += 1;
      await em.execute(
        `with d as (update webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_status_code = ?, last_latency_ms = ?, last_error = null, delivered_at = now() where id = ? returning endpoint_id)
         update webhook_endpoint set failing_since = null where id = (select endpoint_id from d)`,
        [status, latency, row.id],
      );
      continue;
    }
    failed += 1;
    blocked.add(`${row.endpoint_id}:${row.record_id}`);
    const attempts = row.attempts + 1;
    log.info({ delivery: row.id, endpoint: row.endpoint_id, status, error, attempts }, 'webhook delivery failed');
    await em.execute(
      `with d as (update webhook_delivery set attempts = ?, status = ?, last_status_code = ?, last_latency_ms = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                  where id = ? returning endpoint_id)
       update webhook_endpoint set failing_since = coalesce(failing_since, now()) where id = (select endpoint_id from d)`,
      [attempts, attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING', status, latency, error, backoffSeconds(attempts), row.id],
    );
    if (row.failing_since && now.getTime() - new Date(row.failing_since).getTime() >= DISABLE_AFTER_MS) {
      disabled += 1;
      disabledEndpoints.add(row.endpoint_id);
      await em.transactional(async (tx) => {
        await tx.execute('update webhook_endpoint set disabled_at = now() where id = ? and disabled_at is null', [row.endpoint_id]);
        await appendAudit(tx, { organisationId: row.organisation_id, action: 'webhook_endpoint.disabled', target: { type: 'WebhookEndpoint', id: row.endpoint_id }, details: { url: row.url, failingSince: row.failing_since } });
      });
    }
  }
  return { delivered, failed, disabled };
}
