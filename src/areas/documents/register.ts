import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation } from '../../core/organisation.ts';

/**
 * A register (sổ văn bản). Each organisation has an incoming and an outgoing register, and a
 * confidential one of each, because secret documents have a number series of their own
 * (Decree 30 Art. 15 §2); an administrator may add others (copies, a unit's own series).
 */
export const REGISTER_DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export type RegisterDirection = (typeof REGISTER_DIRECTIONS)[number];

export const Register = defineEntity({
  name: 'Register',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    code: p.string().length(20),
    name: p.string().length(200),
    direction: p.enum(REGISTER_DIRECTIONS),
    confidential: p.boolean().default(false),
    /**
     * An added outgoing register's mark at the end of its notations (`01/TB-SCT-VP`): number and
     * notation stay unique within the year across the organisation's series (Decree 30 Art. 15).
     * The standard registers have none; the confidential one is a series of its own (Art. 15 §2).
     */
    notationSuffix: p.string().length(10).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // The notation mark too: it is what keeps two series' numbers apart (checked first for a clear error).
  uniques: [{ properties: ['organisation', 'code'] }, { properties: ['organisation', 'notationSuffix'] }],
});
export type RegisterEntity = InferEntity<typeof Register>;

/** The last number given in a register in a year; its row lock orders concurrent registrations. */
export const RegisterCounter = defineEntity({
  name: 'RegisterCounter',
  properties: {
    register: () => p.manyToOne(Register).ref().primary(),
    year: p.integer().primary(),
    lastNumber: p.integer().default(0),
  },
});

export const DEFAULT_REGISTERS: readonly { code: string; name: string; direction: RegisterDirection; confidential: boolean }[] = [
  { code: 'DEN', name: 'Sổ đăng ký văn bản đến', direction: 'INCOMING', confidential: false },
  { code: 'DI', name: 'Sổ đăng ký văn bản đi', direction: 'OUTGOING', confidential: false },
  { code: 'DEN-MAT', name: 'Sổ đăng ký văn bản mật đến', direction: 'INCOMING', confidential: true },
  { code: 'DI-MAT', name: 'Sổ đăng ký văn bản mật đi', direction: 'OUTGOING', confidential: true },
];

/** The organisation's standard register for a direction: the confidential one for classified documents. */
export function standardRegister(em: EntityManager, direction: RegisterDirection, confidential: boolean): Promise<RegisterEntity | null> {
  return em.findOne(Register, { direction, confidential }, { orderBy: { createdAt: 'asc' } });
}
