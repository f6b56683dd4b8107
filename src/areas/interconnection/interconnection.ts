import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Document } from '../documents/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * Interconnection with other agencies' systems (issue 19): this organisation's organ id, its
 * directory of external organs, and every edXML message in and out (the outbox and the inbox).
 */

/** The organisation's organ id (mã định danh), unique across the deployment: messages are routed by it. */
export const OrganIdentity = defineEntity({
  name: 'OrganIdentity',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref().unique(),
    organId: p.string().length(35).unique(),
    /** Written into From: where the agency is. */
    place: p.string().length(200).nullable(),
    address: p.string().length(500).nullable(),
    email: p.string().length(200).nullable(),
    telephone: p.string().length(50).nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type OrganIdentityEntity = InferEntity<typeof OrganIdentity>;

/**
 * An organ of another deployment or vendor, as an IT officer keeps it. `endpointUrl` and
 * `sharedKey` are set for a direct peer (another Vanthu, or a province without the national
 * platform): messages to it are POSTed there, signed with HMAC-SHA256 under the key, and its
 * messages to us are believed only under the same key.
 */
export const ExternalOrgan = defineEntity({
  name: 'ExternalOrgan',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    organId: p.string().length(35),
    name: p.string().length(200),
    address: p.string().length(500).nullable(),
    email: p.string().length(200).nullable(),
    telephone: p.string().length(50).nullable(),
    endpointUrl: p.string().length(500).nullable(),
    sharedKey: p.string().length(200).nullable().lazy(),
    createdBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['organisation', 'organId'] }],
});
export type ExternalOrganEntity = InferEntity<typeof ExternalOrgan>;

export const MESSAGE_DIRECTIONS = ['OUT', 'IN'] as const;
export const MESSAGE_KINDS = ['DOCUMENT', 'STATUS'] as const;
/**
 * Out: QUEUED (waiting, or waiting for its retry at `nextAttemptAt`), SENT, DEAD (gave up after
 * the retries; an IT officer may queue it again). In: ACCEPTED (stored, and for a document its
 * incoming copy made), REFUSED (with `error`).
 */
export const MESSAGE_STATES = ['QUEUED', 'SENT', 'DEAD', 'ACCEPTED', 'REFUSED'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/**
 * One edXML message, stored raw as sent or received. `messageKey` is its identity across
 * systems (the DocumentId with the business type for a document; with the status code for a
 * status): the same key twice at one organisation is the same message.
 *
 * An outgoing document message is also the sender's record of that delivery: the statuses the
 * receiver sent back (`statuses`, oldest first) and the latest one. An incoming document message
 * holds the copy it made and the last status sent back for it (`statusSent`).
 */
export const InterconnectionMessage = defineEntity({
  name: 'InterconnectionMessage',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    direction: p.enum(MESSAGE_DIRECTIONS),
    kind: p.enum(MESSAGE_KINDS),
    messageKey: p.string().length(300),
    /** The edXML DocumentId of the document the message is about. */
    documentKey: p.string().length(200),
    businessType: p.string().length(20).nullable(),
    statusCode: p.string().length(2).nullable(),
    peerOrganId: p.string().length(35),
    peerName: p.string().length(200),
    subject: p.string().length(500).nullable(),
    document: () => p.manyToOne(Document).ref().nullable(),
    state: p.enum(MESSAGE_STATES),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    error: p.string().length(1000).nullable(),
    raw: p.text().lazy(),
    size: p.integer(),
    /** Out, document: the receiver's statuses; in, document: whether the sender asked to recall it. */
    statuses: p.json<{ code: string; at: string; description: string | null }[]>().default([]),
    latestStatus: p.string().length(2).nullable(),
    statusSent: p.string().length(2).nullable(),
    recallRequested: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'direction', 'messageKey'] }],
  indexes: [
    { properties: ['organisation', 'createdAt', 'id'] },
    { properties: ['document'] },
    { properties: ['organisation', 'documentKey'] },
    // The sender's job: what is due, oldest first.
    { name: 'interconnection_message_due', expression: `create index "interconnection_message_due" on "interconnection_message" ("next_attempt_at") where "state" = 'QUEUED'` },
  ],
});
export type InterconnectionMessageEntity = InferEntity<typeof InterconnectionMessage>;
