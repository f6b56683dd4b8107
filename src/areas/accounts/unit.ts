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
  },
  uniques: [{ properties: ['organisation', 'code'] }],
});
export type UnitEntity = InferEntity<typeof Unit>;
