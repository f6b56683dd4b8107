import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An agency, and the tenant boundary: every other row carries its organisation. */
export const Organisation = defineEntity({
  name: 'Organisation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    abbreviation: p.string().length(20),
    /** Ends every username of the organisation (seed 004 Art. 3: `.bimson`); unique in the deployment. */
    usernameSuffix: p.string().length(30).unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type OrganisationEntity = InferEntity<typeof Organisation>;
