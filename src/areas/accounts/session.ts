import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.ts';
import { Organisation } from '../../core/organisation.ts';

/** A signed-in session. Only the token's hash is stored. */
export const Session = defineEntity({
  name: 'Session',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    account: () => p.manyToOne(Account).ref(),
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    /** Where it was signed in from: an address an account signed in from is "known" to it (sign-in-throttle.ts). */
    clientAddress: p.string().length(64).nullable(),
  },
  indexes: [{ properties: ['account'] }],
});
export type SessionEntity = InferEntity<typeof Session>;

/**
 * Failed sign-ins per username and client address, per username from anywhere, and per address
 * for any username (sign-in-throttle.ts), whether or not the username exists, so that the lock
 * itself never tells who has an account. Not tenant-scoped: sign-in happens before a tenant is known.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  properties: {
    /** The username tried, or '*' for every username tried from `address`. */
    username: p.string().length(64).primary(),
    /** The client address it was tried from, or '*' for every address the username was tried from. */
    address: p.string().length(64).primary(),
    failures: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type LoginThrottleEntity = InferEntity<typeof LoginThrottle>;
