import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * An integrator's machine credential (issue 18): created by the organisation's IT officers, shown
 * once, kept only as the SHA-256 of its secret. It acts as its own principal (core/client.ts).
 */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    name: p.string().length(200),
    /** What it may do (scopes.ts). */
    scopes: p.array().default([]),
    /** SHA-256 (hex) of the whole secret: what a bearer is looked up by. */
    secretHash: p.string().length(64).unique(),
    /** The secret's first characters, to tell keys apart in lists and logs (never enough to use). */
    prefix: p.string().length(16),
    /** Addresses or CIDR ranges it may be used from; empty: anywhere. */
    allowedNetworks: p.array().default([]),
    rateLimitPerMinute: p.integer().default(600),
    expiresAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    createdBy: () => p.manyToOne(Account).ref().nullable(),
    lastUsedAt: p.datetime().nullable(),
    lastUsedFrom: p.string().length(64).nullable(),
    revokedAt: p.datetime().nullable(),
    revokedBy: () => p.manyToOne(Account).ref().nullable(),
  },
  indexes: [{ properties: ['organisation', 'createdAt'] }],
});
export type ApiKeyEntity = InferEntity<typeof ApiKey>;

/**
 * Requests per key and minute, counted in the database so every instance shares the limit.
 * Not tenant-scoped: it is read only by the authentication statement, before any tenant is set.
 */
export const ApiKeyUsage = defineEntity({
  name: 'ApiKeyUsage',
  properties: {
    keyId: p.uuid().primary(),
    minute: p.datetime().primary(),
    requests: p.integer().default(0),
  },
});
export type ApiKeyUsageEntity = InferEntity<typeof ApiKeyUsage>;

/** One request made with a key (issue 18: a key's reads go on an access log), refused ones too. */
export const ApiKeyAccess = defineEntity({
  name: 'ApiKeyAccess',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    key: () => p.manyToOne(ApiKey).ref(),
    at: p.datetime().onCreate(() => new Date()),
    clientAddress: p.string().length(64).nullable(),
    method: p.string().length(10),
    path: p.string().length(200),
    /** Over the key's rate: answered 429. */
    refused: p.boolean().default(false),
  },
  indexes: [{ properties: ['key', 'at'] }],
});
export type ApiKeyAccessEntity = InferEntity<typeof ApiKeyAccess>;
