import { AuditEntry, AuditHead } from './audit/audit-entry.ts';
import { IdempotencyKey } from './idempotency.ts';
import { Organisation } from './organisation.ts';

/** The core's own tables: organisations (the tenants), the audit trail and idempotency keys. */
export const coreEntities = [Organisation, AuditEntry, AuditHead, IdempotencyKey];
export const coreTenantEntities = [AuditEntry, IdempotencyKey];
