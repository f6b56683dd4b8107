import { AuditEntry, AuditHead } from './audit/audit-entry.ts';
import { auditLoaders } from './audit/loaders.ts';
import { IdempotencyKey } from './idempotency.ts';
import { sdlOf, type AreaModule } from './module.ts';
import { Organisation } from './organisation.ts';

/**
 * What every area builds on: the schema's directives, scalars, Node, connections and errors
 * (schema/*.graphql), and the core's own tables — organisations (the tenants), the audit trail and
 * idempotency keys.
 */
export const coreModule: AreaModule = {
  name: 'core',
  typeDefs: sdlOf(new URL('schema/', import.meta.url).href),
  resolvers: [],
  entities: [Organisation, AuditEntry, AuditHead, IdempotencyKey],
  tenantEntities: [AuditEntry, IdempotencyKey],
  loaders: auditLoaders,
  nodes: { AuditEntry: { loader: (loaders) => loaders.auditEntry } },
};
