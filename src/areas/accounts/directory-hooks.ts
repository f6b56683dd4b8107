import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What other areas keep in step with the directory (the cabinet keeps a folder per unit and a
 * personal area per account), run in the transaction of the change, so both commit or neither.
 * An area registers its listener from its module; the accounts area knows none of them.
 */
export type DirectoryChange =
  | { kind: 'unit.created' | 'unit.updated'; organisationId: string; unitId: string }
  | { kind: 'account.created'; organisationId: string; accountId: string };

type DirectoryListener = (em: EntityManager, change: DirectoryChange) => Promise<void>;

const listeners: DirectoryListener[] = [];

export function onDirectoryChange(listener: DirectoryListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function directoryChanged(em: EntityManager, change: DirectoryChange): Promise<void> {
  for (const listener of listeners) await listener(em, change);
}
