import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServerParts } from '../../core/module.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { circulationMarkOfLabel, Document, receiveCopy } from '../documents/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import { judgeFile } from '../files/public.ts';
import { STATUS_CODES, type EdxmlDocumentMessage, type EdxmlStatusMessage } from './edxml-format.ts';
import { kindOfMessage, urgencyOfMessage } from './edxml-mapping.ts';
import { EdxmlRefusal, readEdxml, type ReadLimits, DEFAULT_LIMITS } from './edxml-reader.ts';
import { putBytes } from '../../core/blob-bytes.ts';
import { InterconnectionMessage, OrganIdentity, type ExternalOrganEntity, type InterconnectionMessageEntity } from './interconnection.ts';
import { queueRefusal, queueStatus } from './sending-service.ts';

/**
 * What comes in (issue 19 §4): a message from an authenticated peer is read and checked (well-formed,
 * fields, organ ids, attachments by their bytes), then in one transaction stored raw and applied: a
 * document becomes an incoming copy waiting for the clerk on the interconnection channel (the
 * documents area's own incoming flow: the clerk registers or returns it) and status 01 is queued
 * back; a status updates the sender's record of that delivery. The same message twice is the same
 * message: the second is answered as the first, and changes nothing.
 */
export interface Arrival {
  /** The receiving organisation, found by the organ id the message was addressed to. */
  organisationId: string;
  organId: string;
  peer: ExternalOrganEntity;
  body: Buffer;
}

export interface Received {
  messageId: string;
  duplicate: boolean;
}

const refuse = (code: EdxmlRefusal['code'], message: string): never => {
  throw new EdxmlRefusal(code, message);
};

export async function receiveMessage(parts: Pick<ServerParts, 'orm' | 'store'>, arrival: Arrival, limits: ReadLimits = DEFAULT_LIMITS, now = new Date()): Promise<Received> {
  const message = readEdxml(arrival.body, limits);
  if (message.from.organId !== arrival.peer.organId) refuse('INVALID_FIELD', `Thông điệp ghi cơ quan gửi ${message.from.organId}, khác với bên kết nối ${arrival.peer.organId}.`);
  return message.kind === 'document' ? receiveDocument(parts, arrival, message, now) : receiveStatus(parts, arrival, message, now);
}

async function already(em: EntityManager, organisationId: string, messageKey: string): Promise<InterconnectionMessageEntity | null> {
  return em.findOne(InterconnectionMessage, { organisation: organisationId, direction: 'IN', messageKey }, { filters: false });
}

async function receiveDocument(parts: Pick<ServerParts, 'orm' | 'store'>, arrival: Arrival, message: EdxmlDocumentMessage, now: Date): Promise<Received> {
  if (!message.to.some((to) => to.organId === arrival.organId)) refuse('INVALID_FIELD', `Thông điệp không gửi cho cơ quan ${arrival.organId}.`);
  const messageKey = `${message.documentId}|${message.business.type}|${message.from.organId}`;
  const first = await already(parts.orm.em.fork(), arrival.organisationId, messageKey);
  if (first) return { messageId: first.id, duplicate: true };
  let kind: string;
  const files = [];
  try {
    kind = kindOfMessage(message);
    if (message.promulgationDate > vietnamDate(now)) refuse('INVALID_FIELD', 'Ngày ban hành PromulgationInfo/PromulgationDate ở tương lai.');
    for (const [index, attachment] of message.attachments.entries()) {
      const verdict = await judgeFile(attachment.bytes.subarray(0, 64 * 1024), attachment.name);
      if (!verdict.ok) throw new EdxmlRefusal('ATTACHMENT_REFUSED', `Tệp đính kèm "${attachment.name}": ${verdict.reason}`);
      files.push({ attachmentNo: index + 1, mediaType: verdict.mediaType, fileName: attachment.name, size: attachment.bytes.length, bytes: attachment.bytes });
    }
  } catch (error) {
    // A well-formed message from a known peer that we cannot take: its sender is told why (02).
    // The message itself is not kept.
    if (error instanceof EdxmlRefusal) await parts.orm.em.fork().transactional((em) => queueRefusal(em, arrival.organisationId, message, error.message, now));
    throw error;
  }
  // The bytes first (kept by hash: bytes no row names are harmless), then every row at once.
  const stored = await Promise.all(files.map(async (file) => ({ ...file, sha256: await putBytes(parts.store, file.bytes) })));
  return parts.orm.em.fork().transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`edxml:${arrival.organisationId}:${messageKey}`]);
    const raced = await already(em, arrival.organisationId, messageKey);
    if (raced) return { messageId: raced.id, duplicate: true };
    const replyBy = message.dueDate && message.dueDate >= vietnamDate(now) ? message.dueDate : null;
    const copy = await receiveCopy(em, {
      organisationId: arrival.organisationId,
      kind,
      number: message.codeNumber,
      notation: message.codeNotation,
      issuingOrgan: message.from.organName,
      signerPosition: message.signer.position ?? null,
      signerName: message.signer.fullName ?? null,
      issuedOn: message.promulgationDate,
      subject: message.subject,
      pageCount: message.pageAmount ?? null,
      confidentiality: 'NONE',
      urgency: urgencyOfMessage(message),
      channel: 'INTERCONNECTION',
      circulationMark: circulationMarkOfLabel(message.sphereOfPromulgation),
      replyRequired: message.steeringType === '1' || replyBy !== null,
      replyBy,
      files: stored.map(({ bytes: _bytes, ...file }) => ({ ...file, uploadedById: arrival.peer.createdBy.id })),
      details: { fromOrganId: message.from.organId, documentId: message.documentId, business: message.business.type },
    });
    const row = em.create(InterconnectionMessage, {
      organisation: arrival.organisationId,
      direction: 'IN',
      kind: 'DOCUMENT',
      messageKey,
      documentKey: message.documentId,
      businessType: message.business.type,
      peerOrganId: message.from.organId,
      peerName: message.from.organName,
      subject: message.subject,
      document: copy.id,
      state: 'ACCEPTED',
      raw: arrival.body.toString('utf8'),
      size: arrival.body.length,
      sentAt: now,
    });
    await em.flush();
    // Decree 30 Art. 4: the sender is told the same day that it arrived.
    await queueStatus(em, row, '01', STATUS_CODES['01'], now);
    return { messageId: row.id, duplicate: false };
  });
}

async function receiveStatus(parts: Pick<ServerParts, 'orm'>, arrival: Arrival, status: EdxmlStatusMessage, now: Date): Promise<Received> {
  const messageKey = `${status.responseFor.documentId}|S${status.statusCode}|${status.from.organId}`;
  return parts.orm.em.fork().transactional(async (em) => {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`edxml:${arrival.organisationId}:${messageKey}`]);
    const first = await already(em, arrival.organisationId, messageKey);
    if (first) return { messageId: first.id, duplicate: true };
    const ours = status.responseFor.organId === arrival.organId;
    const target = ours
      ? // A receiver's status on a document we sent it.
        await em.findOne(InterconnectionMessage, { organisation: arrival.organisationId, direction: 'OUT', kind: 'DOCUMENT', documentKey: status.responseFor.documentId, peerOrganId: status.from.organId }, { filters: false })
      : // The sender's request about a document it sent us (13: recall).
        await em.findOne(InterconnectionMessage, { organisation: arrival.organisationId, direction: 'IN', kind: 'DOCUMENT', documentKey: status.responseFor.documentId, peerOrganId: status.from.organId }, { filters: false });
    if (!target) return refuse('INVALID_FIELD', `Không có văn bản ${status.responseFor.documentId} đã trao đổi với ${status.from.organId}: trạng thái bị từ chối.`);
    if (!ours && status.statusCode !== '13') refuse('INVALID_FIELD', `Mã trạng thái ${status.statusCode} chỉ do bên nhận văn bản gửi.`);
    if (ours && status.statusCode === '13') refuse('INVALID_FIELD', 'Đề nghị thu hồi (13) chỉ do bên ban hành văn bản gửi.');
    const row = em.create(InterconnectionMessage, {
      organisation: arrival.organisationId,
      direction: 'IN',
      kind: 'STATUS',
      messageKey,
      documentKey: status.responseFor.documentId,
      statusCode: status.statusCode,
      peerOrganId: status.from.organId,
      peerName: status.from.organName,
      subject: target.subject ?? null,
      document: target.document?.id ?? null,
      state: 'ACCEPTED',
      statuses: [{ code: status.statusCode, at: status.timestamp.toISOString(), description: status.description ?? null }],
      raw: arrival.body.toString('utf8'),
      size: arrival.body.length,
      sentAt: now,
    });
    if (ours) {
      target.statuses = [...target.statuses, { code: status.statusCode, at: status.timestamp.toISOString(), description: status.description ?? null }];
      target.latestStatus = status.statusCode;
      // The sender's handlers are told (issue 19 §5), as they would see it on the delivery.
      const document = target.document ? await em.findOne(Document, { id: target.document.id }, { filters: false }) : null;
      if (document) {
        const label = STATUS_CODES[status.statusCode];
        const why = status.description && status.description !== label ? `: ${status.description}` : '';
        await sendSystemNotice(em, arrival.organisationId, { kind: 'DELIVERY_STATUS', text: `${target.peerName} — ${label}${why}`.slice(0, 1000), recipients: document.handlerIds, documentId: document.id });
      }
    } else {
      target.recallRequested = true;
    }
    await em.flush();
    return { messageId: row.id, duplicate: false };
  });
}

/** The organisation a message is addressed to, by its organ id. */
export async function organisationOfOrganId(em: EntityManager, organId: string): Promise<string | null> {
  const identity = await em.findOne(OrganIdentity, { organId }, { filters: false });
  return identity?.organisation.id ?? null;
}
