import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.ts';
import { Organisation } from '../../core/organisation.ts';
import { Unit } from './unit.ts';
import { TITLES, type Role } from '../../core/titles.ts';

export const RIGHTS_GRANT_STATUSES = ['PENDING', 'CONFIRMED', 'REFUSED'] as const;
export type RightsGrantStatus = (typeof RIGHTS_GRANT_STATUSES)[number];

/**
 * Rights over sealed records proposed for an account (issue 11): roles to add, a position to take,
 * a unit to move to. An IT officer proposes (seed 003); nothing of it is in effect until a leader
 * of the organisation (not the proposer, not the account itself) confirms; a refusal ends it.
 */
export const RightsGrant = defineEntity({
  name: 'RightsGrant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    account: () => p.manyToOne(Account).ref(),
    roles: p.array<Role>().default([]),
    title: p.enum(TITLES).nullable(),
    unit: () => p.manyToOne(Unit).ref().nullable(),
    reason: p.string().length(500).nullable(),
    status: p.enum(RIGHTS_GRANT_STATUSES).default('PENDING'),
    proposedBy: () => p.manyToOne(Account).ref(),
    proposedAt: p.datetime().onCreate(() => new Date()),
    decidedBy: () => p.manyToOne(Account).ref().nullable(),
    decidedOnBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    decidedAt: p.datetime().nullable(),
    refusalReason: p.string().length(500).nullable(),
  },
  indexes: [{ properties: ['organisation', 'status', 'proposedAt'] }, { properties: ['account'] }],
});
export type RightsGrantEntity = InferEntity<typeof RightsGrant>;
