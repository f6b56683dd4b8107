/**
 * What other areas may use of the accounts area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { Account } from './account.ts';
export type { AccountEntity } from './account.ts';
export { onDirectoryChange } from './directory-hooks.ts';
export { unitsAndAncestors, unitsAndDescendants } from './unit-tree.ts';
export { OPEN_UNIT, Unit } from './unit.ts';
