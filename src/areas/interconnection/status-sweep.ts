import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { STATUS_CODES, type StatusCode } from './edxml-format.ts';
import { InterconnectionMessage } from './interconnection.ts';
import { queueStatus } from './sending-service.ts';

/**
 * The automatic status messages of a document that came over the interconnection (issue 19 §4):
 * where its copy stands is read from the copy and its handling — registered (03), directed (04),
 * in handling: an assignment read or done (05), the reply issued (06), returned (02) — and each
 * step not yet told to the sender is queued, in order, so the sender sees 01, 03, 04, 05, 06 even
 * when several happened between two runs. Read from the records rather than hooked into each
 * step, so no step of the documents and routing areas needs to know of the interconnection.
 */
const LADDER: StatusCode[] = ['01', '03', '04', '05', '06'];
const FINAL = ['02', '06', '15'];

interface Row {
  id: string;
  status_sent: string | null;
  status: string;
  return_reason: string | null;
  replied_at: string | null;
  directed: boolean;
  handling: boolean;
}

export async function queueDueStatuses(em: EntityManager, now = new Date(), only?: { organisationId: string }): Promise<number> {
  const rows = await em.execute<Row[]>(
    `select m.id, m.status_sent, d.status, d.return_reason, d.replied_at,
            exists (select 1 from direction x where x.document_id = d.id) as directed,
            exists (select 1 from assignment a where a.document_id = d.id and (a.read_at is not null or a.done_at is not null)) as handling
       from interconnection_message m join document d on d.id = m.document_id
      where m.direction = 'IN' and m.kind = 'DOCUMENT' and m.state = 'ACCEPTED'
        and coalesce(m.status_sent, '') not in (${FINAL.map(() => '?').join(', ')})
        ${only ? 'and m.organisation_id = ?' : ''}
      order by m.created_at
      limit 500`,
    [...FINAL, ...(only ? [only.organisationId] : [])],
  );
  let queued = 0;
  for (const row of rows) {
    if (row.status === 'WITHDRAWN') continue;
    const message = await em.findOneOrFail(InterconnectionMessage, { id: row.id }, { filters: false });
    if (row.status === 'RETURNED') {
      await queueStatus(em, message, '02', row.return_reason ?? STATUS_CODES['02'], now);
      queued += 1;
      continue;
    }
    const reached = row.replied_at ? 4 : row.handling ? 3 : row.directed ? 2 : row.status === 'REGISTERED' ? 1 : 0;
    const told = message.statusSent ? LADDER.indexOf(message.statusSent as StatusCode) : -1;
    for (let step = told + 1; step <= reached; step += 1) {
      await queueStatus(em, message, LADDER[step]!, STATUS_CODES[LADDER[step]!], now);
      queued += 1;
    }
  }
  return queued;
}

export async function sweepStatuses(orm: MikroORM, now = new Date()): Promise<{ statuses: number }> {
  return { statuses: await orm.em.fork().transactional((em) => queueDueStatuses(em, now)) };
}
