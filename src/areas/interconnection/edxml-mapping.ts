import { circulationLabel, DOCUMENT_KINDS, documentKind, type DocumentEntity, type Urgency } from '../documents/public.ts';
import { foldVietnamese } from '../../core/text.ts';
import { documentIdOf, edxmlTimestamp, type BusinessType, type EdxmlAttachment, type EdxmlDocumentMessage, type EdxmlOrgan } from './edxml-format.ts';
import { EdxmlRefusal } from './edxml-reader.ts';

/**
 * Decree 30 metadata ↔ the edXML header: the only hand-written part of the interconnection (the
 * XML itself is the libraries'). Urgency is the standard's Priority; a document asking for an
 * answer is a steering document (SteeringType 1) with its DueDate; the kind is DocumentType's
 * TypeName, the Decree's name of it.
 */
const PRIORITY: Record<Urgency, number> = { NORMAL: 0, KHAN: 1, THUONG_KHAN: 2, HOA_TOC: 3 };
const URGENCY_BY_PRIORITY: Urgency[] = ['NORMAL', 'KHAN', 'THUONG_KHAN', 'HOA_TOC', 'HOA_TOC'];

export interface OutgoingFacts {
  document: DocumentEntity;
  from: EdxmlOrgan & { place: string | null };
  to: EdxmlOrgan;
  business: BusinessType;
  reason?: string | null;
  /** The edXML DocumentId of the incoming document this one answers, when it came over the interconnection. */
  responseFor?: EdxmlDocumentMessage['responseFor'];
  attachments: EdxmlAttachment[];
  now: Date;
}

export function documentKeyOf(organId: string, document: Pick<DocumentEntity, 'issuedOn' | 'number' | 'notation'>): string {
  return documentIdOf(organId, document.issuedOn, document.number ?? '', document.notation ?? '');
}

export function outgoingMessage(facts: OutgoingFacts): EdxmlDocumentMessage {
  const { document } = facts;
  return {
    kind: 'document',
    from: { organId: facts.from.organId, organName: facts.from.organName, organAdd: facts.from.organAdd ?? null, email: facts.from.email ?? null, telephone: facts.from.telephone ?? null },
    to: [facts.to],
    documentId: documentKeyOf(facts.from.organId, document),
    codeNumber: document.number ?? '',
    codeNotation: document.notation ?? '',
    place: facts.from.place ?? '',
    promulgationDate: document.issuedOn,
    documentType: document.legalNormative ? '1' : '2',
    typeName: documentKind(document.kind)?.name ?? document.kind,
    subject: document.subject,
    content: null,
    signer: { competence: null, position: document.signerPosition ?? null, fullName: document.signerName ?? null },
    dueDate: document.replyBy ?? null,
    priority: PRIORITY[document.urgency],
    // Phạm vi lưu hành: the circulation mark (an internal-only document never gets here).
    sphereOfPromulgation: circulationLabel(document.circulationMark),
    pageAmount: document.pageCount ?? null,
    appendixes: [],
    responseFor: facts.responseFor ?? null,
    steeringType: document.replyRequired ? '1' : '0',
    toPlaces: document.recipients ? document.recipients.split(/[;\n]/).map((place) => place.trim()).filter(Boolean) : [facts.to.organName],
    business: { type: facts.business, reason: facts.reason ?? null },
    trace: [{ organId: facts.from.organId, timestamp: edxmlTimestamp(facts.now) }],
    attachments: facts.attachments,
  };
}

const KIND_BY_NAME = new Map(DOCUMENT_KINDS.map((kind) => [foldVietnamese(kind.name), kind.code]));

/** Our kind of an incoming message's TypeName; an EdxmlRefusal for a type the Decree does not have. */
export function kindOfMessage(message: EdxmlDocumentMessage): string {
  const code = KIND_BY_NAME.get(foldVietnamese(message.typeName));
  if (!code) throw new EdxmlRefusal('UNKNOWN_DOCUMENT_TYPE', `Loại văn bản "${message.typeName}" không có trong danh mục của Nghị định 30/2020/NĐ-CP.`);
  return code;
}

export function urgencyOfMessage(message: EdxmlDocumentMessage): Urgency {
  return URGENCY_BY_PRIORITY[message.priority] ?? 'NORMAL';
}
