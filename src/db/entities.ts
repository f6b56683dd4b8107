import { modules } from '../modules.ts';

export const entities = modules.flatMap((module) => module.entities);

/** Entities carrying an organisation: the tenant filter applies to all of them. */
export const tenantEntities = modules.flatMap((module) => module.tenantEntities);

/** SQL functions the schema needs (generated columns, indexes), declared so migrations keep them. */
export const routines = modules.flatMap((module) => module.routines ?? []);
