import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from '../../core/organisation.ts';
import { Unit } from './unit.ts';
import { ACCOUNT_STATUSES, TITLES, type Role } from '../../core/titles.ts';

export const FULL_NAME_MAX = 100;

/** A person's account. Usernames are unique in the deployment, as sign-in asks for nothing else. */
export const Account = defineEntity({
  name: 'Account',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    unit: () => p.manyToOne(Unit).ref(),
    username: p.string().length(64).unique(),
    fullName: p.string().length(FULL_NAME_MAX),
    /** Name and username folded (no diacritics, lower case) for accent-insensitive search. */
    searchText: p.string().length(200),
    title: p.enum(TITLES),
    roles: p.array<Role>().default([]),
    status: p.enum(ACCOUNT_STATUSES).default('ACTIVE'),
    statusReason: p.string().length(500).nullable(),
    passwordHash: p.string().length(200).hidden(),
    /** Set when an IT officer issued the password (seed 004 Art. 10: it must be changed). */
    mustChangePassword: p.boolean().default(true),
    lastSignInAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ['organisation', 'username'] }, { properties: ['unit'] }],
});
export type AccountEntity = InferEntity<typeof Account>;
