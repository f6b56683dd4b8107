import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.ts';
import { Organisation } from '../../core/organisation.ts';
import type { Role } from '../../core/titles.ts';

/** Ủy quyền (seed 000 Art. 2 §2): a leader hands their authority to a deputy for a period. */
export const Delegation = defineEntity({
  name: 'Delegation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    from: () => p.manyToOne(Account).ref(),
    to: () => p.manyToOne(Account).ref(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.string().length(500),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['to', 'endsAt'] }, { properties: ['from', 'endsAt'] }],
});
export type DelegationEntity = InferEntity<typeof Delegation>;

/**
 * What a delegation hands over: the leader's authority to run the agency (seed 000 Art. 2 §2),
 * not every right the leader happens to hold (an IT officer's, a clerk's).
 */
const DELEGABLE_ROLES: readonly Role[] = ['LEADER'];

export function delegatedRoles(leaderRoles: readonly Role[]): Role[] {
  return leaderRoles.filter((role) => DELEGABLE_ROLES.includes(role));
}

/**
 * The one definition of a delegation in force at `at`, as a query filter for every path that asks
 * (sign-in's viewer, `Delegation.inForce`, `delegations(inForceOnly:)`, `effectiveRoles`): not
 * revoked, within its period, and given by a leader whose account is active — a disabled leader
 * holds no authority to hand on.
 */
export function inForceAt(at: Date) {
  return { revokedAt: null, startsAt: { $lte: at }, endsAt: { $gt: at }, from: { status: 'ACTIVE' as const } };
}

/**
 * The same rule as SQL, for the one statement that authenticates a request (sign-in.ts): the
 * delegation `d` given by the account `leader`, in force at the timestamp parameter `at`. A test
 * (delegations-in-force.test.ts) holds the two forms to the same rows.
 */
export function inForceSql(d: string, leader: string, at: string): string {
  return `${d}.revoked_at is null and ${d}.starts_at <= ${at} and ${d}.ends_at > ${at} and ${leader}.status = 'ACTIVE'`;
}
