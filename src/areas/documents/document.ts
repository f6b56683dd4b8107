import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { CHANNELS, CONFIDENTIALITY_LEVELS, URGENCY_LEVELS } from './kinds.ts';
import { Register } from './register.ts';
import { OUTGOING_STATUSES } from './outgoing-states.ts';
import { CIRCULATION_MARKS } from './circulation.ts';

export const DOCUMENT_DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
/**
 * Incoming: RECEIVED (arrived through the system from another agency, not yet registered),
 * REGISTERED, RETURNED (to its sender), WITHDRAWN (its sender recalled it: removed for everyone,
 * the row kept as the record). Outgoing: see outgoing-states.ts.
 */
export const DOCUMENT_STATUSES = ['RECEIVED', 'REGISTERED', 'RETURNED', 'WITHDRAWN', ...OUTGOING_STATUSES] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * An official document with the metadata of Decree 30/2020 Appendix VI (lengths as there). Who may
 * see it and read its content is decided from `handlerIds` (the people it was handed to) and
 * `handlerUnitIds` (their units and every unit above), kept on the row so that lists and search
 * filter by index rather than by joins.
 */
export const Document = defineEntity({
  name: 'Document',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    direction: p.enum(DOCUMENT_DIRECTIONS),
    status: p.enum(DOCUMENT_STATUSES),
    register: () => p.manyToOne(Register).ref().nullable(),
    registerYear: p.integer().nullable(),
    registerNumber: p.integer().nullable(),
    kind: p.string().length(30),
    number: p.string().length(11).nullable(),
    notation: p.string().length(30).nullable(),
    /** Folded number/notation (`80/qd-sct`): duplicate detection and partial-number search. */
    numberKey: p.string().length(60).nullable(),
    issuingOrgan: p.string().length(200),
    issuingOrganKey: p.string().length(200),
    signerPosition: p.string().length(100).nullable(),
    signerName: p.string().length(50).nullable(),
    issuedOn: p.string().length(10),
    receivedAt: p.datetime().nullable(),
    subject: p.string().length(500),
    pageCount: p.integer().nullable(),
    confidentiality: p.enum(CONFIDENTIALITY_LEVELS),
    urgency: p.enum(URGENCY_LEVELS),
    channel: p.enum(CHANNELS),
    /** XEM XONG TRẢ LẠI or LƯU HÀNH NỘI BỘ (circulation.ts), as marked on the document. */
    circulationMark: p.enum(CIRCULATION_MARKS).nullable(),
    /** Outgoing: the leaders restricted it from publication (seed 003: hạn chế công bố): paper only. */
    publicationRestrictedAt: p.datetime().nullable(),
    publicationRestrictedBy: () => p.manyToOne(Account).ref().nullable(),
    publicationRestrictionReason: p.string().length(500).nullable(),
    replyRequired: p.boolean().default(false),
    replyBy: p.string().length(10).nullable(),
    recallBy: p.string().length(10).nullable(),
    duplicateOf: () => p.manyToOne(Document).ref().nullable(),
    /** Incoming: registered later than the next working day after arrival. Outgoing: registered after the drafter sent it in an emergency. */
    registeredLate: p.boolean().default(false),
    /** Outgoing: when the drafter sent it before registration (seed 000 Art. 9 §6). */
    sentFirstAt: p.datetime().nullable(),
    /** Outgoing: an internal note sent between units of the organisation without a number (seed 000 Art. 9 §5). */
    unnumbered: p.boolean().default(false),
    returnReason: p.string().length(500).nullable(),
    /** On a copy received from another agency of this deployment: what the receiver found wrong with it (an invalid signature), for the sender's delivery status. */
    deliveryProblem: p.string().length(500).nullable(),
    handlerIds: p.array().default([]),
    handlerUnitIds: p.array().default([]),
    /** Folded register entry (number, notation, issuing organ): searchable by whoever sees the entry. */
    entryText: p.text().lazy(),
    /** Folded entry plus subject and signer: searchable by whoever may read the content. */
    contentText: p.text().lazy(),
    /**
     * The words of contentText prefixed with the organisation (search-words.ts), kept by
     * PostgreSQL for the search index; read by no one (lazy, never selected).
     */
    contentWords: p.string().columnType('tsvector').generated('(document_organisation_words(organisation_id, content_text)) stored').lazy().nullable(),
    /** Outgoing: văn bản quy phạm pháp luật, appraised by the justice office before approval. */
    legalNormative: p.boolean().default(false),
    draftedBy: () => p.manyToOne(Account).ref().nullable(),
    draftingUnit: () => p.manyToOne(Unit).ref().nullable(),
    /** Whose turn it is (reviewer, approver); null when it is a role's (appraisers, clerks). */
    assignee: () => p.manyToOne(Account).ref().nullable(),
    /** The leader chosen to approve when the unit head forwarded it. */
    approver: () => p.manyToOne(Account).ref().nullable(),
    /** The incoming document this one answers (phúc đáp); the link reads both ways. */
    replyTo: () => p.manyToOne(Document).ref().nullable(),
    /** The issued document this one corrects and replaces. */
    replaces: () => p.manyToOne(Document).ref().nullable(),
    /** For a copy received from another agency in this deployment: the sender's document. */
    sourceDocument: () => p.manyToOne(Document).ref().nullable(),
    /** Nơi nhận, as written on the document. */
    recipients: p.string().length(1000).nullable(),
    issuedAt: p.datetime().nullable(),
    recalledAt: p.datetime().nullable(),
    recallReason: p.string().length(500).nullable(),
    /** Reply tracking (seed 004 Art. 14 §2): when the linked reply was issued; the sweep's marks. */
    repliedAt: p.datetime().nullable(),
    replyRemindedAt: p.datetime().nullable(),
    replyOverdueAt: p.datetime().nullable(),
    /** When the confidential clerk was reminded of the recall deadline (seed 000 Art. 8 §3). */
    recallRemindedAt: p.datetime().nullable(),
    registeredBy: () => p.manyToOne(Account).ref().nullable(),
    registeredAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['register', 'registerYear', 'registerNumber'] }],
  indexes: [
    { properties: ['organisation', 'createdAt', 'id'] },
    // Lists filtered by kind (rare kinds would otherwise walk the whole organisation; npm run bench)
    // and by urgency (hỏa tốc, thượng khẩn, khẩn first). Each carries the other and the columns of
    // the role ways of seeing a document, so that a count by kind, urgency or both is read from the
    // index alone (count-by-ways.ts; npm run bench: a clerk's count 25 → … ms).
    { name: 'document_organisation_kind_created_at_id_index', properties: ['organisation', 'kind', 'createdAt', 'id'], include: ['urgency', 'status', 'confidentiality', 'direction'] },
    { name: 'document_organisation_urgency_created_at_id_index', properties: ['organisation', 'urgency', 'createdAt', 'id'], include: ['kind', 'status', 'confidentiality', 'direction'] },
    { properties: ['organisation', 'issuingOrganKey', 'numberKey'] },
    { properties: ['replyTo'] },
    { properties: ['sourceDocument'] },
    // Who may see a document is asked of every list: array containment through GIN. Alone, for the
    // planner to intersect with another filter's index (kind); and within the organisation in one
    // index (btree_gin), or it intersects with the organisation's whole index (npm run bench: 7 of a
    // specialist's 12 ms for a first page).
    { name: 'document_handler_ids_gin', expression: 'create index "document_handler_ids_gin" on "document" using gin ("handler_ids")' },
    { name: 'document_handler_unit_ids_gin', expression: 'create index "document_handler_unit_ids_gin" on "document" using gin ("handler_unit_ids")' },
    {
      name: 'document_organisation_handler_ids_gin',
      expression: 'create index "document_organisation_handler_ids_gin" on "document" using gin ("organisation_id", "handler_ids")',
    },
    {
      name: 'document_organisation_handler_unit_ids_gin',
      expression: 'create index "document_organisation_handler_unit_ids_gin" on "document" using gin ("organisation_id", "handler_unit_ids")',
    },
    // The deadline sweep's look-ups: only documents still waiting for a reply or a recall.
    {
      name: 'document_reply_tracking',
      expression: 'create index "document_reply_tracking" on "document" ("reply_by") where "reply_required" and "replied_at" is null and "reply_overdue_at" is null',
    },
    // Withdrawn copies, few: "not withdrawn" is an anti-join on this, reading no document row.
    { name: 'document_withdrawn', expression: 'create index "document_withdrawn" on "document" ("id") where "status" = \'WITHDRAWN\'' },
    {
      name: 'document_recall_due',
      expression: 'create index "document_recall_due" on "document" ("recall_by") where "recall_by" is not null and "recall_reminded_at" is null',
    },
    // Search: the words of the documents, each prefixed with its organisation, beside the organisation
    // itself (btree_gin), so a search never intersects another index for it (search-words.ts).
    {
      name: 'document_content_words_gin',
      expression: 'create index "document_content_words_gin" on "document" using gin ("organisation_id", "content_words")',
    },
  ],
});
export type DocumentEntity = InferEntity<typeof Document>;

/** A snapshot of an outgoing draft each time it changes: every version is kept (seed 004 Art. 7). */
export const DocumentVersion = defineEntity({
  name: 'DocumentVersion',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    version: p.integer(),
    /** The draft's metadata and file ids as JSON text. */
    snapshot: p.text(),
    createdBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'version'] }],
});
export type DocumentVersionEntity = InferEntity<typeof DocumentVersion>;

/** A step of the outgoing flow with its comment (submitted, returned with reasons, approved…). */
export const DocumentComment = defineEntity({
  name: 'DocumentComment',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    author: () => p.manyToOne(Account).ref(),
    onBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    action: p.string().length(20),
    text: p.string().length(2000).nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['document', 'at'] }],
});
export type DocumentCommentEntity = InferEntity<typeof DocumentComment>;

/** Access history (Decree 30 Appendix VI): every view of a document, and whether content was read. */
export const DocumentView = defineEntity({
  name: 'DocumentView',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    account: () => p.manyToOne(Account).ref(),
    at: p.datetime().onCreate(() => new Date()),
    contentRead: p.boolean(),
  },
  indexes: [{ properties: ['document', 'at'] }],
});
export type DocumentViewEntity = InferEntity<typeof DocumentView>;
