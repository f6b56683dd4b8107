import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordChange } from '../../core/audit/trail.ts';
import { toGlobalId, type NodeType } from '../../core/ids.ts';
import { WEBHOOK_EVENTS, type WebhookEventKind } from './webhook.ts';

const KIND_OF_ACTION = new Map<string, WebhookEventKind>(Object.entries(WEBHOOK_EVENTS).map(([kind, action]) => [action, kind as WebhookEventKind]));

/**
 * Writes a delivery for each live endpoint of the organisation asking for the kind of each
 * change, in the change's own transaction and in ONE statement. A change about a classified
 * document (or the handling of one) is never sent: a key may not see it.
 */
export async function queueDeliveries(em: EntityManager, changes: readonly RecordChange[]): Promise<void> {
  const events = changes.flatMap((change) => {
    const kind = KIND_OF_ACTION.get(change.action);
    if (!kind) return [];
    const payload = JSON.stringify({ type: kind, timestamp: new Date().toISOString(), data: { id: toGlobalId(change.target.type as NodeType, change.target.id), type: change.target.type } });
    return [{ kind, organisation: change.organisationId, type: change.target.type, id: change.target.id, payload }];
  });
  if (events.length === 0) return;
  await em.execute(
    `insert into webhook_delivery (id, organisation_id, endpoint_id, event_kind, record_type, record_id, payload, created_at, status, attempts, next_attempt_at)
     select gen_random_uuid(), e.organisation_id, e.id, c.kind, c.type, c.id, c.payload, clock_timestamp(), 'PENDING', 0, now()
       from rows from (json_to_recordset(?::json) as (kind text, organisation uuid, type text, id uuid, payload text)) with ordinality as c(kind, organisation, type, id, payload, n)
       join webhook_endpoint e on e.organisation_id = c.organisation and c.kind = any(e.event_kinds) and e.disabled_at is null
      where not exists (
        select 1 from document d
         where d.id = case when c.type = 'Document' then c.id else (select a.document_id from assignment a where a.id = c.id) end
           and d.confidentiality <> 'NONE')
      order by c.n, e.id`,
    [JSON.stringify(events)],
  );
}
