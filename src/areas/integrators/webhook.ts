import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from '../../core/organisation.ts';
import { ApiKey } from './api-key.ts';

/**
 * Event kinds a webhook endpoint may ask for, and the recorded actions (audit trail) they come
 * from. Public service cases will add theirs when that area exists.
 */
export const WEBHOOK_EVENTS = {
  DOCUMENT_REGISTERED: 'document.registered',
  DOCUMENT_ISSUED: 'document.issue',
  DOCUMENT_RECALLED: 'document.recall',
  HANDLING_DONE: 'assignment.done',
} as const;
export type WebhookEventKind = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_KINDS = Object.keys(WEBHOOK_EVENTS) as WebhookEventKind[];

/** An integrator's endpoint, registered by a key with webhooks:manage (its owner). */
export const WebhookEndpoint = defineEntity({
  name: 'WebhookEndpoint',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    owner: () => p.manyToOne(ApiKey).ref(),
    url: p.string().length(2000),
    eventKinds: p.array().default([]),
    /**
     * The signing secret (`whsec_` + base64), kept because every delivery is signed with it; the
     * previous one signs too until `previousSecretUntil` after a rotation.
     */
    secret: p.string().length(100),
    previousSecret: p.string().length(100).nullable(),
    previousSecretUntil: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Since when every delivery has failed; a day of it disables the endpoint. */
    failingSince: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organisation'] }],
});
export type WebhookEndpointEntity = InferEntity<typeof WebhookEndpoint>;

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/**
 * One event for one endpoint: written in the transaction of the change (an outbox: a rolled-back
 * change sends nothing), sent by the job queue, retried with backoff, and logged.
 */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    endpoint: () => p.manyToOne(WebhookEndpoint).ref(),
    eventKind: p.string().length(40),
    recordType: p.string().length(40),
    recordId: p.uuid(),
    /** The JSON body sent: ids only (receivers read what their key may see). */
    payload: p.text(),
    /** Set by clock_timestamp(): the order of deliveries per record. */
    createdAt: p.datetime(),
    status: p.enum(DELIVERY_STATUSES).default('PENDING'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastStatusCode: p.integer().nullable(),
    lastLatencyMs: p.integer().nullable(),
    lastError: p.string().length(500).nullable(),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['endpoint', 'createdAt'] }, { properties: ['status', 'nextAttemptAt'] }],
});
export type WebhookDeliveryEntity = InferEntity<typeof WebhookDelivery>;
