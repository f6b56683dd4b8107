import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from '../../core/organisation.ts';
import { UNIT_KINDS } from '../../core/titles.ts';

/** A phòng, ban or nhóm. Units form a tree inside one organisation. */
export const Unit = defineEntity({
  name: 'Unit',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    parent: () => p.manyToOne(Unit).ref().nullable(),
    name: p.string().length(200),
    /** Used in notations (`05/BNV-VP`), so unique in the organisation. */
    code: p.string().length(20),
    kind: p.enum(UNIT_KINDS),
    createdAt: p.datetime().onCreate(() => new Date()),
    /**
     * When the unit was dissolved (giải thể): it keeps its row, its name and its history (documents,
     * assignments and audit entries still name it), but takes no new work, member or sub-unit.
     */
    dissolvedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'code'] }],
});
export type UnitEntity = InferEntity<typeof Unit>;

/**
 * The one rule of which units may take something new (a member, a sub-unit, an assignment, a task,
 * a right, a notice): those not dissolved. Spread into the query that looks the unit up, so a
 * dissolved unit reads as one that does not exist there.
 */
export const OPEN_UNIT = { dissolvedAt: null } as const;
