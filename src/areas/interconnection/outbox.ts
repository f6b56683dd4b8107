import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServerParts } from '../../core/module.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import { Document, DocumentFile, type DocumentEntity } from '../documents/public.ts';
import { STATUS_CODES, type EdxmlOrgan, type StatusCode } from './edxml-format.ts';
import { outgoingMessage } from './edxml-mapping.ts';
import { writeDocumentMessage, writeStatusMessage } from './edxml-writer.ts';
import { readBytes } from '../../core/blob-bytes.ts';
import { ExternalOrgan, InterconnectionMessage, OrganIdentity, type InterconnectionMessageEntity } from './interconnection.ts';
import { DeliveryRefused, directPeers, type InterconnectionPlatform } from './transport.ts';

/**
 * The outbox's sender (the `interconnection-send` job): each due message is claimed, written as
 * edXML the first time (and kept raw as sent), and handed to the platform; a failure is retried
 * with a growing delay, and after MAX_ATTEMPTS the message is DEAD, in the dead-letter list an
 * IT officer sees and may queue again. A receiver's refusal is not retried.
 */
export const MAX_ATTEMPTS = 8;
const BATCH = 20;

export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

async function organOf(em: EntityManager, organisationId: string) {
  const identity = await em.findOneOrFail(OrganIdentity, { organisation: organisationId }, { filters: false, populate: ['organisation'] });
  const from: EdxmlOrgan & { place: string | null } = {
    organId: identity.organId,
    organName: identity.organisation.getEntity().name,
    organAdd: identity.address ?? null,
    email: identity.email ?? null,
    telephone: identity.telephone ?? null,
    place: identity.place ?? null,
  };
  return from;
}

async function attachmentsOf(em: EntityManager, store: BlobStore, document: DocumentEntity) {
  const files = await em.find(DocumentFile, { document: document.id }, { populate: ['file'], orderBy: { attachmentNo: 'asc', version: 'desc' }, filters: false });
  const current = files.filter((file, index) => files.findIndex((other) => other.attachmentNo === file.attachmentNo) === index);
  return Promise.all(
    current.map(async (attachment) => {
      const file = attachment.file.getEntity();
      const bytes = await readBytes(store, file.sha256);
      if (!bytes) throw new Error(`the bytes of attachment ${attachment.attachmentNo} are missing from the store`);
      return { contentId: `cid:${attachment.attachmentNo}`, contentType: file.mediaType, name: file.fileName, description: null, bytes };
    }),
  );
}

/** The message's XML, written from the records it names. */
async function written(em: EntityManager, store: BlobStore, message: InterconnectionMessageEntity, now: Date): Promise<string> {
  const from = await organOf(em, message.organisation.id);
  const organ = await em.findOne(ExternalOrgan, { organisation: message.organisation.id, organId: message.peerOrganId }, { filters: false });
  const to: EdxmlOrgan = { organId: message.peerOrganId, organName: organ?.name ?? message.peerName, organAdd: organ?.address ?? null, email: organ?.email ?? null, telephone: organ?.telephone ?? null };
  if (message.kind === 'DOCUMENT') {
    const document = await em.findOneOrFail(Document, { id: message.document!.id }, { filters: false });
    // A reply to what came over the interconnection names it (ResponseFor).
    const answered = document.replyTo ? await em.findOne(InterconnectionMessage, { document: document.replyTo.id, direction: 'IN', kind: 'DOCUMENT' }, { filters: false }) : null;
    const answeredDocument = answered ? await em.findOneOrFail(Document, { id: answered.document!.id }, { filters: false }) : null;
    return writeDocumentMessage(
      outgoingMessage({
        document,
        from,
        to,
        business: (message.businessType ?? 'NEW') as 'NEW',
        responseFor:
          answered && answeredDocument
            ? { organId: answered.peerOrganId, code: `${answeredDocument.number}/${answeredDocument.notation}`, promulgationDate: answeredDocument.issuedOn, documentId: answered.documentKey }
            : null,
        attachments: await attachmentsOf(em, store, document),
        now,
      }),
    );
  }
  const [issuer = '', date = '', ...reference] = message.documentKey.split(',');
  const code = message.statusCode as StatusCode;
  const event = message.statuses[0];
  return writeStatusMessage({
    kind: 'status',
    // The document's issuer: the peer for a receiver's status, ourselves for a recall request.
    responseFor: { organId: issuer, code: reference.join(','), promulgationDate: date.replaceAll('/', '-'), documentId: message.documentKey },
    from,
    statusCode: code,
    description: event?.description ?? STATUS_CODES[code],
    timestamp: event ? new Date(event.at) : now,
    staff: null,
  });
}

/** Sends what is due; returns the counts for the job's log line. */
export async function sendDue(parts: Pick<ServerParts, 'orm' | 'store'>, platform: InterconnectionPlatform = directPeers, now = new Date()): Promise<{ sent: number; retried: number; dead: number }> {
  const counts = { sent: 0, retried: 0, dead: 0 };
  const due = await parts.orm.em.fork().execute<{ id: string }[]>(
    `select id from interconnection_message where state = 'QUEUED' and next_attempt_at <= ? order by next_attempt_at limit ${BATCH}`,
    [now],
  );
  for (const { id } of due) {
    await parts.orm.em.fork().transactional(async (em) => {
      // Claimed: another instance's run skips it.
      const [claimed] = await em.execute<{ id: string }[]>(`select id from interconnection_message where id = ? and state = 'QUEUED' for update skip locked`, [id]);
      if (!claimed) return;
      const message = await em.findOneOrFail(InterconnectionMessage, { id }, { filters: false, populate: ['raw'] });
      message.attempts += 1;
      try {
        if (!message.raw) {
          message.raw = await written(em, parts.store, message, now);
          message.size = Buffer.byteLength(message.raw);
        }
        const organ = await em.findOne(ExternalOrgan, { organisation: message.organisation.id, organId: message.peerOrganId }, { filters: false, populate: ['sharedKey'] });
        if (!organ?.endpointUrl || !organ.sharedKey) throw new DeliveryRefused('Cơ quan nhận chưa có địa chỉ kết nối trong danh bạ liên thông.');
        const from = await em.findOneOrFail(OrganIdentity, { organisation: message.organisation.id }, { filters: false });
        await platform.send({ fromOrganId: from.organId, toOrganId: message.peerOrganId, endpointUrl: organ.endpointUrl, sharedKey: organ.sharedKey, body: message.raw });
        message.state = 'SENT';
        message.sentAt = now;
        message.nextAttemptAt = null;
        message.error = null;
        counts.sent += 1;
      } catch (error) {
        message.error = (error as Error).message.slice(0, 1000);
        if (error instanceof DeliveryRefused || message.attempts >= MAX_ATTEMPTS) {
          message.state = 'DEAD';
          message.nextAttemptAt = null;
          counts.dead += 1;
        } else {
          message.nextAttemptAt = new Date(now.getTime() + retryDelayMs(message.attempts));
          counts.retried += 1;
        }
      }
      await em.flush();
    });
  }
  return counts;
}
