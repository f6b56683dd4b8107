import type { FilterQuery } from '@mikro-orm/core';
import type { AuditEntryEntity } from './audit-entry.ts';
import { authorityFor } from '../viewer.ts';
import { NOTHING, type RecordPolicy } from '../policy.ts';

/** The audit trail of an organisation is read by its IT officers only. */
export const auditEntryPolicy: RecordPolicy<AuditEntryEntity> = {
  visible(viewer) {
    if (!authorityFor(viewer, ['IT_OFFICER']).allowed) return NOTHING as FilterQuery<AuditEntryEntity>;
    return { organisation: viewer.organisationId } as FilterQuery<AuditEntryEntity>;
  },
  canSee: (viewer, entry) => authorityFor(viewer, ['IT_OFFICER']).allowed && entry.organisation?.id === viewer.organisationId,
};
