import { hook } from '../../core/hook.ts';

/**
 * What other areas keep in step with the directory (the cabinet keeps a folder per unit and a
 * personal area per account), run in the transaction of the change, so both commit or neither.
 * An area registers its listener from its module; the accounts area knows none of them.
 */
export type DirectoryChange =
  | { kind: 'unit.created' | 'unit.updated'; organisationId: string; unitId: string }
  /** Any area may refuse it (a Rejection rolls the dissolution back), e.g. while the unit carries open work. */
  | { kind: 'unit.dissolved'; organisationId: string; unitId: string }
  | { kind: 'account.created'; organisationId: string; accountId: string };

const directory = hook<DirectoryChange>();

export const onDirectoryChange = directory.on;
export const directoryChanged = directory.run;
