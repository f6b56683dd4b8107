import type { EntityManager } from '@mikro-orm/postgresql';
import { formatArrivalNumber } from './notation.ts';

/**
 * Where a document sent through the system stands at each receiving agency (Decree 30 Appendix VI:
 * "the sender can see the processing status at the receiver"; Art. 20: the receiver tells the
 * sender it arrived). This is read across organisations on purpose, as sending writes across them:
 * only the receiver's name and the stage of its copy, never its handlers, notes or content.
 */
export const DELIVERY_STATUSES = ['RECEIVED', 'REGISTERED', 'IN_HANDLING', 'ANSWERED', 'RETURNED', 'WITHDRAWN'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRow {
  sourceDocumentId: string;
  organisationName: string;
  status: DeliveryStatus;
  receivedAt: Date | null;
  registeredAt: Date | null;
  arrivalNumber: string | null;
  returnReason: string | null;
  /** What the receiver found wrong with its copy (an invalid digital signature), if anything. */
  problem: string | null;
}

interface CopyRow {
  source_document_id: string;
  name: string;
  status: string;
  received_at: string | null;
  registered_at: string | null;
  register_number: number | null;
  register_year: number | null;
  return_reason: string | null;
  delivery_problem: string | null;
  replied_at: string | null;
  directed: boolean;
}

function deliveryStatus(copy: { status: string; replied: boolean; directed: boolean }): DeliveryStatus {
  if (copy.status === 'RECEIVED' || copy.status === 'RETURNED' || copy.status === 'WITHDRAWN') return copy.status;
  if (copy.replied) return 'ANSWERED';
  return copy.directed ? 'IN_HANDLING' : 'REGISTERED';
}

/** The copies of the given sent documents, one statement for any number of them. */
export async function deliveriesOf(em: EntityManager, sourceDocumentIds: readonly string[]): Promise<DeliveryRow[]> {
  if (sourceDocumentIds.length === 0) return [];
  const rows = await em.execute<CopyRow[]>(
    `select c.source_document_id, o.name, c.status, c.received_at, c.registered_at, c.register_number, c.register_year, c.return_reason, c.delivery_problem, c.replied_at,
            exists (select 1 from direction d where d.document_id = c.id) as directed
       from document c join organisation o on o.id = c.organisation_id
      where c.source_document_id in (?) and c.direction = 'INCOMING' and c.organisation_id <> (select organisation_id from document s where s.id = c.source_document_id)
      order by o.name`,
    [[...sourceDocumentIds]],
  );
  return rows.map((row) => ({
    sourceDocumentId: row.source_document_id,
    organisationName: row.name,
    status: deliveryStatus({ status: row.status, replied: row.replied_at !== null, directed: row.directed }),
    // Raw queries hand timestamps back as text.
    receivedAt: row.received_at ? new Date(row.received_at) : null,
    registeredAt: row.registered_at ? new Date(row.registered_at) : null,
    arrivalNumber: row.register_number ? formatArrivalNumber(row.register_number, row.register_year!) : null,
    returnReason: row.return_reason,
    problem: row.delivery_problem,
  }));
}

/**
 * The receiver tells the sender what is wrong with the copy it received (issue 16: an incoming
 * document with an invalid signature is flagged to the sender's status). Only copies sent through
 * the system have a sender here; any other document is left as it is.
 */
export async function reportDeliveryProblem(em: EntityManager, copyId: string, problem: string): Promise<void> {
  await em.execute(`update document set delivery_problem = ? where id = ? and source_document_id is not null and direction = 'INCOMING'`, [problem.slice(0, 500), copyId]);
}
