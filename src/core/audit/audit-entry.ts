import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from '../organisation.ts';

/**
 * One entry of the append-only audit trail. Each organisation has its own chain
 * (`org:<id>`); sign-in failures for unknown usernames go to the deployment's chain.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref().nullable(),
    chain: p.string().length(64),
    sequence: p.integer(),
    at: p.datetime(),
    action: p.string().length(100),
    actorId: p.uuid().nullable(),
    onBehalfOfId: p.uuid().nullable(),
    targetType: p.string().length(50).nullable(),
    targetId: p.uuid().nullable(),
    /** JSON kept as text: jsonb would reorder keys and break the hash. */
    details: p.text(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
  uniques: [{ properties: ['chain', 'sequence'] }],
  // Append-only: the application never updates or deletes an entry, and the database refuses
  // to. (A superuser can still get round it; the hash chain is what detects that.)
  triggers: [
    {
      name: 'audit_entry_no_change',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: `raise exception 'audit_entry is append-only';`,
    },
  ],
});
export type AuditEntryEntity = InferEntity<typeof AuditEntry>;

/** The last sequence and hash of each chain: reveals entries removed from the end. */
export const AuditHead = defineEntity({
  name: 'AuditHead',
  properties: {
    chain: p.string().length(64).primary(),
    sequence: p.integer(),
    hash: p.string().length(64),
  },
});
export type AuditHeadEntity = InferEntity<typeof AuditHead>;
