import { coreEntities, coreTenantEntities } from '../core/entities.ts';
import { modules } from '../modules.ts';

export const entities = [...coreEntities, ...modules.flatMap((module) => module.entities)];

/** Entities carrying an organisation: the tenant filter applies to all of them. */
export const tenantEntities = [...coreTenantEntities, ...modules.flatMap((module) => module.tenantEntities)];

/** SQL functions the schema needs (generated columns, indexes), declared so migrations keep them. */
export const routines = modules.flatMap((module) => module.routines ?? []);
