import { visibleById, type LoadersOf } from '../loaders.ts';
import { AuditEntry, type AuditEntryEntity } from './audit-entry.ts';
import { auditEntryPolicy } from './audit-policy.ts';

export const auditLoaders = {
  auditEntry: visibleById<AuditEntryEntity>(AuditEntry, auditEntryPolicy),
};

declare module '../loaders.ts' {
  interface Loaders extends LoadersOf<typeof auditLoaders> {}
}
